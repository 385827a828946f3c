import { describe, expect, it } from 'vitest';
import { BusyError, manualSchedule, workExecutor } from './work-executor.ts';

/** A task that runs until the test releases it, recording when it started. */
function gate(started: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release,
    task: async () => {
      started.push(name);
      await released;
      return name;
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('workExecutor', () => {
  it("gives the next free slot to the next tenant in turn: B's one request runs before A's backlog drains", async () => {
    const timers = manualSchedule();
    const executor = workExecutor({ concurrency: 1, maxQueued: 100, maxWaitMs: 60_000, ...timers });
    const started: string[] = [];
    const floodA = Array.from({ length: 5 }, (_, i) => gate(started, `A${i + 1}`));
    const onlyB = gate(started, 'B1');
    const results = [
      ...floodA.map((g) => executor.run('tenant-a', g.task)),
      executor.run('tenant-b', onlyB.task),
    ];
    await flush();
    expect(started).toEqual(['A1']);
    expect(executor.saturation()).toMatchObject({ inFlight: 1, queued: 5 });

    floodA[0]!.release();
    await flush();
    expect(started).toEqual(['A1', 'B1']);

    onlyB.release();
    for (const g of floodA.slice(1)) {
      await flush();
      g.release();
    }
    expect(await Promise.all(results)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'B1']);
    expect(started).toEqual(['A1', 'B1', 'A2', 'A3', 'A4', 'A5']);
    expect(executor.saturation()).toMatchObject({ inFlight: 0, queued: 0, oldestWaitingMs: 0 });
  });

  it('refuses at once past the queue bound, and says it is saturated', async () => {
    const executor = workExecutor({ concurrency: 1, maxQueued: 2, maxWaitMs: 60_000, ...manualSchedule() });
    const started: string[] = [];
    const gates = Array.from({ length: 3 }, (_, i) => gate(started, `T${i}`));
    const accepted = gates.map((g) => executor.run('t', g.task));
    await flush();
    expect(executor.isSaturated()).toBe(true);
    const refused = await executor.run('other', async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BusyError);
    expect(refused).toMatchObject({ code: 'runtime.busy', reason: 'queue_full', retryAfterSeconds: 60 });
    for (const g of gates) g.release();
    expect(await Promise.all(accepted)).toEqual(['T0', 'T1', 'T2']);
    expect(executor.isSaturated()).toBe(false);
  });

  it('refuses a task that waited past maxWaitMs instead of running it late, and frees its place', async () => {
    let now = 0;
    const timers = manualSchedule();
    const executor = workExecutor({
      concurrency: 1,
      maxQueued: 10,
      maxWaitMs: 1000,
      nowMs: () => now,
      ...timers,
    });
    const started: string[] = [];
    const first = gate(started, 'first');
    const running = executor.run('a', first.task);
    const late = executor.run('b', async () => 'late').catch((error: unknown) => error);
    now = 1500;
    expect(executor.saturation()).toMatchObject({ queued: 1, oldestWaitingMs: 1500, isSaturated: true });
    timers.fireAll();
    expect(await late).toMatchObject({ reason: 'waited_too_long' });
    expect(executor.saturation()).toMatchObject({ queued: 0, inFlight: 1 });
    first.release();
    expect(await running).toBe('first');
    expect(started).toEqual(['first']);
  });

  it("passes a task's own failure through and keeps serving", async () => {
    const executor = workExecutor({ concurrency: 1, maxQueued: 10, maxWaitMs: 1000, ...manualSchedule() });
    const failed = executor.run('a', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await executor.run('a', async () => 'after')).toBe('after');
  });
});
