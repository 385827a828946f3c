import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder } from '../bots/runtime/embedder.ts';
import { openAiCompatibleEmbedder } from './openai-compatible.embedder.ts';

let server: Server;
let baseUrl: string;
const seen: { auth?: string; body: { model: string; input: string[]; dimensions?: number } }[] = [];
let failNext = 0;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  // A local fake of POST /v1/embeddings speaking the OpenAI wire format (data[].index, data[].embedding).
  server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req));
    seen.push({ ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body });
    if (req.url !== '/v1/embeddings') return res.writeHead(404).end();
    if (failNext > 0) {
      failNext -= 1;
      return res.writeHead(503).end();
    }
    if (body.model === 'bad')
      return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad key"}');
    const data = (body.input as string[])
      .map((text, index) => ({ object: 'embedding', index, embedding: [text.length, 1, 0, 0] }))
      .reverse(); // out of order on purpose: clients must sort by index
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ object: 'list', data, model: body.model }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the OpenAI-compatible embedder', () => {
  it('posts texts in batches with the key and model, and returns normalised vectors in input order', async () => {
    const embedder = openAiCompatibleEmbedder({
      url: baseUrl,
      apiKey: 'sk-test',
      model: 'm1',
      dimensions: 4,
      batchSize: 2,
    });
    const vectors = await embedder.embed([
      { text: 'abc', features: [] },
      { text: 'a', features: [] },
      { text: 'abcdefg', features: [] },
    ]);
    expect(embedder.id).toBe('openai-compatible:m1/4');
    expect(seen.at(-2)).toEqual({
      auth: 'Bearer sk-test',
      body: expect.objectContaining({ model: 'm1', input: ['abc', 'a'], dimensions: 4 }),
    });
    expect(vectors.map((v) => Math.round((v[0]! / v[1]!) * 100) / 100)).toEqual([3, 1, 7]);
    expect(Math.hypot(...vectors[0]!)).toBeCloseTo(1, 5);
  });

  it('retries a 503 and reports a refusal with the host and status', async () => {
    failNext = 1;
    const embedder = openAiCompatibleEmbedder({ url: baseUrl, model: 'm1', dimensions: 4 });
    expect(await embedder.embed([{ text: 'x', features: [] }])).toHaveLength(1);
    const refused = openAiCompatibleEmbedder({ url: baseUrl, model: 'bad', dimensions: 4 });
    await expect(refused.embed([{ text: 'x', features: [] }])).rejects.toMatchObject({
      code: 'matching.embedder_failed',
      message: expect.stringMatching(
        /^Embeddings provider at 127\.0\.0\.1:\d+: HTTP 401: \{"error":"bad key"\}$/,
      ),
    });
    const wrongSize = openAiCompatibleEmbedder({ url: baseUrl, model: 'm1', dimensions: 8 });
    await expect(wrongSize.embed([{ text: 'x', features: [] }])).rejects.toMatchObject({
      code: 'matching.embedder_failed',
    });
  });

  it('is selected by configuration, which names what is missing', () => {
    expect(createEmbedder({ EMBEDDINGS_PROVIDER: 'local' }).id).toBe('local-hashed-fnv1a-v1/256');
    expect(
      createEmbedder({
        EMBEDDINGS_PROVIDER: 'openai-compatible',
        EMBEDDINGS_URL: baseUrl,
        EMBEDDINGS_MODEL: 'm1',
        EMBEDDINGS_DIMENSIONS: 4,
      }).id,
    ).toBe('openai-compatible:m1/4');
    expect(() =>
      createEmbedder({ EMBEDDINGS_PROVIDER: 'openai-compatible', EMBEDDINGS_URL: baseUrl }),
    ).toThrow(
      'Invalid configuration: EMBEDDINGS_MODEL: required when EMBEDDINGS_PROVIDER=openai-compatible; EMBEDDINGS_DIMENSIONS: required when EMBEDDINGS_PROVIDER=openai-compatible',
    );
  });
});
