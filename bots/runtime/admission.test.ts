import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { admissionControl } from './admission.ts';
import { createHttpApp } from './http-app.ts';
import { createLogger } from './logger.ts';
import { manualSchedule, workExecutor } from './work-executor.ts';

const quietLogger = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

/** A body that notes whether anyone read it. */
function watchedBody() {
  const watch = { isRead: false };
  // No high-water mark: nothing is pulled until someone reads.
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        watch.isRead = true;
        controller.enqueue(new TextEncoder().encode('payload=x'));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { watch, body };
}

describe('back-pressure you can see', () => {
  it('refuses requests past the bound with 503 and Retry-After without reading their body; probes still answer', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const admission = admissionControl({ maxInFlight: 1, retryAfterSeconds: 7 });
    const app = createHttpApp({
      logger: quietLogger(),
      readiness: async () => ({ database: 'ok' }),
      admission,
      mountSurfaces: (routes) =>
        routes.post('/hooks', async (c) => {
          await released;
          return c.text(await c.req.text());
        }),
    });
    const first = app.request('/hooks', { method: 'POST', body: 'first' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(admission.inFlight()).toBe(1);

    const { watch, body } = watchedBody();
    const refused = await app.request(
      new Request('http://localhost/hooks', { method: 'POST', body, duplex: 'half' } as RequestInit),
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(watch.isRead).toBe(false);

    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'saturated',
      load: { requests: { inFlight: 1, maxInFlight: 1 } },
    });
    expect((await app.request('/healthz')).status).toBe(200);

    release();
    expect(await (await first).text()).toBe('first');
    expect(admission.inFlight()).toBe(0);
    expect((await app.request('/readyz')).status).toBe(200);
  });

  it('/readyz shows queue depth, oldest waiting and in flight, and says saturated once the queue is full', async () => {
    let now = 10_000;
    const executor = workExecutor({
      concurrency: 1,
      maxQueued: 2,
      maxWaitMs: 60_000,
      nowMs: () => now,
      ...manualSchedule(),
    });
    const app = createHttpApp({
      logger: quietLogger(),
      readiness: async () => ({ database: 'ok' }),
      saturation: executor.saturation,
    });
    const idle = await app.request('/readyz');
    expect(idle.status).toBe(200);
    expect(await idle.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok' },
      load: { inFlight: 0, queued: 0, oldestWaitingMs: 0, concurrency: 1, maxQueued: 2, isSaturated: false },
    });

    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const work = [0, 1, 2].map(() => executor.run('tenant', () => held));
    now += 1_500;
    const busy = await app.request('/readyz');
    expect(busy.status).toBe(503);
    expect(await busy.json()).toMatchObject({
      status: 'saturated',
      load: { inFlight: 1, queued: 2, oldestWaitingMs: 1_500, isSaturated: true },
    });
    release();
    await Promise.all(work);
    expect((await app.request('/readyz')).status).toBe(200);
  });
});
