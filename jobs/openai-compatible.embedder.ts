/**
 * An Embedder over any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Azure-style gateways, Ollama,
 * vLLM, LiteLLM…): a small fetch client, no SDK. Texts are the profile sentences `profileEmbeddingInput`
 * builds; vectors are L2-normalised so cosine works the same as for the local embedder.
 * Protocol: https://platform.openai.com/docs/api-reference/embeddings/create
 */
import type { Embedder } from '../core/matching/index.ts';
import { l2Normalise } from '../core/matching/index.ts';
import { AppError } from '../core/shared/app-error.ts';

export interface OpenAiCompatibleOptions {
  /** Base URL such as `https://api.openai.com/v1` (or the full `…/embeddings` URL). */
  url: string;
  apiKey?: string;
  model: string;
  dimensions: number;
  batchSize?: number;
  timeoutMs?: number;
  /** Attempts per batch on 429 / 5xx / network errors. */
  attempts?: number;
  fetch?: typeof fetch;
}

interface EmbeddingsResponse {
  data?: { index?: number; embedding?: unknown }[];
}

function endpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/embeddings') ? trimmed : `${trimmed}/embeddings`;
}

function failure(host: string, detail: string): AppError {
  return new AppError('matching.embedder_failed', `Embeddings provider at ${host}: ${detail}`, { host });
}

/**
 * @example
 * const embedder = openAiCompatibleEmbedder({ url: 'http://127.0.0.1:11434/v1', model: 'nomic-embed-text', dimensions: 768 });
 */
export function openAiCompatibleEmbedder(options: OpenAiCompatibleOptions): Embedder {
  const url = endpoint(options.url);
  const host = new URL(url).host;
  const doFetch = options.fetch ?? fetch;
  const batchSize = options.batchSize ?? 64;
  const attempts = options.attempts ?? 3;

  async function request(texts: string[]): Promise<Float32Array[]> {
    const body = JSON.stringify({
      model: options.model,
      input: texts,
      dimensions: options.dimensions,
      encoding_format: 'float',
    });
    let lastError: AppError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        lastError = failure(host, `unreachable (${(error as Error).message})`);
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        lastError = failure(host, `HTTP ${response.status}`);
        await response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      if (!response.ok) {
        const text = (await response.text()).slice(0, 200);
        throw failure(host, `HTTP ${response.status}${text ? `: ${text}` : ''}`);
      }
      const json = (await response.json()) as EmbeddingsResponse;
      const rows = json.data ?? [];
      if (rows.length !== texts.length)
        throw failure(host, `returned ${rows.length} embeddings for ${texts.length} inputs`);
      return rows
        .map((row, position) => ({ index: row.index ?? position, embedding: row.embedding }))
        .sort((a, b) => a.index - b.index)
        .map(({ embedding }) => {
          if (!Array.isArray(embedding) || embedding.length !== options.dimensions)
            throw failure(
              host,
              `expected ${options.dimensions}-dimensional embeddings (EMBEDDINGS_DIMENSIONS)`,
            );
          return l2Normalise(Float32Array.from(embedding as number[]));
        });
    }
    throw lastError ?? failure(host, 'no answer');
  }

  return {
    id: `openai-compatible:${options.model}/${options.dimensions}`,
    dimensions: options.dimensions,
    async embed(inputs) {
      const out: Float32Array[] = [];
      for (let offset = 0; offset < inputs.length; offset += batchSize) {
        const texts = inputs
          .slice(offset, offset + batchSize)
          .map((input) => input.text || '(empty profile)');
        out.push(...(await request(texts)));
      }
      return out;
    },
  };
}
