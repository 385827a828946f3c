import type { Embedder } from '../../core/matching/index.ts';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { openAiCompatibleEmbedder } from '../../jobs/openai-compatible.embedder.ts';
import { type Config, ConfigError } from './config.ts';

/**
 * The configured Embedder: the local hashed embedder (default: no network, no cost), or an
 * OpenAI-compatible endpoint when EMBEDDINGS_PROVIDER=openai-compatible.
 */
export function createEmbedder(
  config: Pick<
    Config,
    | 'EMBEDDINGS_PROVIDER'
    | 'EMBEDDINGS_URL'
    | 'EMBEDDINGS_API_KEY'
    | 'EMBEDDINGS_MODEL'
    | 'EMBEDDINGS_DIMENSIONS'
  >,
  fetchImpl?: typeof fetch,
): Embedder {
  if (config.EMBEDDINGS_PROVIDER !== 'openai-compatible') return localHashedEmbedder();
  const missing = (['EMBEDDINGS_URL', 'EMBEDDINGS_MODEL', 'EMBEDDINGS_DIMENSIONS'] as const).filter(
    (key) => config[key] === undefined,
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration: ${missing.map((key) => `${key}: required when EMBEDDINGS_PROVIDER=openai-compatible`).join('; ')}`,
    );
  }
  return openAiCompatibleEmbedder({
    url: config.EMBEDDINGS_URL!,
    model: config.EMBEDDINGS_MODEL!,
    dimensions: config.EMBEDDINGS_DIMENSIONS!,
    ...(config.EMBEDDINGS_API_KEY ? { apiKey: config.EMBEDDINGS_API_KEY } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
