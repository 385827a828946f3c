import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { reply, text } from '../../core/commands/reply.ts';
import type { Database } from '../../db/database.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { manualSchedule, type WorkExecutor, workExecutor } from '../runtime/work-executor.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import { slashCommand } from './testing/slack-requests.ts';

let database: Database;
let parts: ReturnType<typeof testRuntimeParts>;
let fake: FakeSlackApi;
const ADMIN = 'U_ADMIN';

/**
 * `/hold` waits (before its transaction, so the database stays free) until the test releases it:
 * the command is as slow as the test wants, with no timing in the test.
 */
function holdingRegistry() {
  const releases: (() => void)[] = [];
  let started = 0;
  const hold = defineCommand({
    name: 'hold.wait',
    summary: 'Waits until released',
    examples: ['/hold'],
    effect: 'read',
    input: z.object({}),
    chat: { command: 'hold', usage: '/hold', parse: () => ({}) },
    prepare: async () => {
      started++;
      await new Promise<void>((resolve) => releases.push(resolve));
    },
    handle: async () => ({ result: 'released' }),
    present: (how) => reply(text(`Held, then ${how}.`)),
  });
  return {
    registry: createCommandRegistry().add({ name: 'hold', summary: 'Waits', commands: [hold] }),
    started: () => started,
    releaseAll: () => {
      for (const release of releases.splice(0)) release();
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
async function until(condition: () => boolean) {
  while (!condition()) await flush();
}

beforeAll(async () => {
  database = await openTestPglite();
  await seedTenant(database, { slug: 'demo', creatorCount: 4, seed: 5 });
  parts = testRuntimeParts(database);
  fake = await startFakeSlackApi();
  fake.addUser({ id: ADMIN, name: 'pat', realName: 'Pat Publisher', tz: 'Europe/London' });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

/** The Slack stack with a 5 ms ack budget: any answer not ready at once comes by response_url. */
const surface = (held: ReturnType<typeof holdingRegistry>, executor?: WorkExecutor) =>
  slackHarness({
    database,
    parts,
    fake,
    ackBudgetMs: 5,
    registry: held.registry,
    ...(executor ? { executor } : {}),
  });

const hold = (responseId: string) =>
  slashCommand({ command: '/align', text: 'hold', userId: ADMIN, responseUrl: fake.responseUrl(responseId) });
const responsesTo = (responseId: string) => fake.responses.filter((r) => r.path === `/respond/${responseId}`);

describe('Slack under load: ack first, answer later, refuse plainly', () => {
  it('acks "Working on it…" while the command is still running, then posts the answer to response_url', async () => {
    const held = holdingRegistry();
    const harness = surface(held);
    const response = await harness.post(hold('held'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });
    expect(responsesTo('held')).toEqual([]);

    await until(() => held.started() === 1);
    held.releaseAll();
    await harness.settle();
    const answers = responsesTo('held');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toMatchObject({ response_type: 'in_channel', text: 'Held, then released.' });
  });

  it('refuses with 503 and Retry-After once the queue is full, and answers the accepted ones', async () => {
    const held = holdingRegistry();
    const executor = workExecutor({ concurrency: 1, maxQueued: 1, maxWaitMs: 30_000, ...manualSchedule() });
    const harness = surface(held, executor);
    expect((await harness.post(hold('first'))).status).toBe(200);
    await until(() => held.started() === 1);
    // Other work is running: acked at once, without waiting out the budget.
    const second = await harness.post(hold('second'));
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });
    expect(executor.saturation()).toMatchObject({ inFlight: 1, queued: 1, isSaturated: true });

    const refused = await harness.post(hold('third'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');

    held.releaseAll();
    await until(() => held.started() === 2);
    held.releaseAll();
    await harness.settle();
    expect(responsesTo('first')).toHaveLength(1);
    expect(responsesTo('second')).toHaveLength(1);
    expect(responsesTo('third')).toEqual([]);
    expect(executor.saturation()).toMatchObject({ inFlight: 0, queued: 0, isSaturated: false });
  });

  it('tells a request that waited too long that the server is busy, through response_url', async () => {
    const held = holdingRegistry();
    const timers = manualSchedule();
    const executor = workExecutor({ concurrency: 1, maxQueued: 10, maxWaitMs: 30_000, ...timers });
    const harness = surface(held, executor);
    await harness.post(hold('running'));
    await until(() => held.started() === 1);
    const waiting = await harness.post(hold('waiting'));
    expect(await waiting.json()).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });

    timers.fireAll();
    await until(() => responsesTo('waiting').length === 1);
    expect(responsesTo('waiting')[0]!.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Session Align is busy, try again in a minute.',
    });
    held.releaseAll();
    await harness.settle();
    expect(held.started()).toBe(1);
    expect(responsesTo('running')[0]!.body).toMatchObject({ text: 'Held, then released.' });
  });
});
