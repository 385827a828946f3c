import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from './http-app.ts';
import { createLogger } from './logger.ts';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('the HTTP app', () => {
  it('answers /healthz', async () => {
    const app = createHttpApp({ logger: capturingLogger().logger, readiness: async () => ({}) });
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness per dependency, 503 when one is down', async () => {
    const up = createHttpApp({
      logger: capturingLogger().logger,
      readiness: async () => ({ database: 'ok' }),
    });
    const down = createHttpApp({
      logger: capturingLogger().logger,
      readiness: async () => ({ database: 'ok', redis: 'unavailable: connection refused' }),
    });
    expect((await up.request('/readyz')).status).toBe(200);
    const response = await down.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'not_ready',
      checks: { database: 'ok', redis: 'unavailable: connection refused' },
    });
  });

  it('gives every request an id, keeps a sane incoming one, and logs it with the tenant', async () => {
    const { logger, lines } = capturingLogger();
    const app = createHttpApp({
      logger,
      readiness: async () => ({}),
      newRequestId: () => 'generated-1',
      mountSurfaces: (routes) =>
        routes.get('/t', (c) => {
          c.set('tenantId', 'tenant-42');
          return c.text('ok');
        }),
    });
    const kept = await app.request('/t', { headers: { 'X-Request-Id': 'abc-123' } });
    const replaced = await app.request('/healthz', { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    expect(replaced.headers.get('x-request-id')).toBe('generated-1');
    expect(lines.filter((line) => line.msg === 'request')).toEqual([
      expect.objectContaining({ requestId: 'abc-123', tenantId: 'tenant-42', path: '/t', status: 200 }),
      expect.objectContaining({ requestId: 'generated-1', path: '/healthz', status: 200 }),
    ]);
  });

  it('hides errors from callers and logs them', async () => {
    const { logger, lines } = capturingLogger();
    const app = createHttpApp({
      logger,
      readiness: async () => ({}),
      mountSurfaces: (routes) =>
        routes.get('/boom', () => {
          throw new Error('database exploded');
        }),
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('exploded');
    expect(lines.some((line) => line.msg === 'unhandled error')).toBe(true);
  });

  it('redacts secrets that reach a log line', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ config: { SLACK_BOT_TOKEN: 'xoxb-secret', PORT: 3000 } }, 'config');
    expect(JSON.stringify(lines)).not.toContain('xoxb-secret');
  });
});
