import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { creators, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { blockKitProblems } from './limits-check.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import { blockSuggestion, slashCommand, viewSubmission } from './testing/slack-requests.ts';

let database: Database;
let fake: FakeSlackApi;
let harness: ReturnType<typeof slackHarness>;
let handle: string;
const CREATOR = 'U0CREATOR';

beforeAll(async () => {
  database = await openTestPglite();
  const { tenant } = await seedTenant(database, { slug: 'demo', creatorCount: 4, seed: 8 });
  const [creator] = await database.withTenant(tenant.id, (tx) =>
    tx.select({ handle: creators.handle, userId: creators.userId }).from(creators).limit(1),
  );
  handle = creator!.handle;
  await database.withTenant(tenant.id, (tx) =>
    tx.update(users).set({ email: 'me@demo.test' }).where(eq(users.id, creator!.userId!)),
  );
  fake = await startFakeSlackApi();
  fake.addUser({ id: CREATOR, name: handle, realName: 'Me', tz: 'Europe/Paris', email: 'me@demo.test' });
  harness = slackHarness({ database, parts: testRuntimeParts(database), fake });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

describe('modals', () => {
  it('/profile opens the profile form, prefilled from the roster, within Slack limits', async () => {
    const ack = await harness.post(
      slashCommand({ command: '/profile', userId: CREATOR, responseUrl: fake.responseUrl('p') }),
    );
    expect(await ack.text()).toBe('');
    await harness.slack.stop();
    const opened = fake.callsOf('views.open').at(-1)!;
    expect(opened.params.trigger_id).toMatch(/\.98765\./);
    const view = opened.params.view as { callback_id: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('sa.form.profile');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'genres',
      'roles',
      'inspirations',
      'city',
      'location',
    ]);
    expect(blockKitProblems(view.blocks, 'view')).toEqual([]);
  });

  it('serves genre options for the external select from the taxonomy', async () => {
    const response = await harness.post(
      blockSuggestion({ userId: CREATOR, actionId: 'genres', value: 'alt pop' }),
    );
    const { options } = (await response.json()) as { options: { text: { text: string }; value: string }[] };
    expect(options[0]).toEqual({ text: { type: 'plain_text', text: 'Alt-pop' }, value: 'alt-pop' });
    const everything = (await (
      await harness.post(blockSuggestion({ userId: CREATOR, actionId: 'genres', value: '' }))
    ).json()) as {
      options: unknown[];
    };
    expect(everything.options.length).toBeGreaterThan(10);
    expect(everything.options.length).toBeLessThanOrEqual(100);
  });

  it('the availability form submits into /avail and shows the answer in the modal', async () => {
    const response = await harness.post(
      viewSubmission({
        userId: CREATOR,
        callbackId: 'sa.form.availability',
        values: {
          'day.mon': { 'day.mon': { type: 'plain_text_input', value: '10:00-18:00' } },
          'day.wed': { 'day.wed': { type: 'plain_text_input', value: '10:00-18:00' } },
          'oneoff.date': { 'oneoff.date': { type: 'datepicker', selected_date: '2026-12-01' } },
          'oneoff.kind': { 'oneoff.kind': { type: 'static_select', selected_option: { value: 'off' } } },
        },
      }),
    );
    const body = (await response.json()) as { response_action: string; view: { blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    expect(blockKitProblems(body.view.blocks, 'view')).toEqual([]);
    const rendered = JSON.stringify(body.view.blocks);
    expect(rendered).not.toContain(':x:');
    const shown = await harness.post(
      slashCommand({ command: '/avail', userId: CREATOR, responseUrl: fake.responseUrl('a') }),
    );
    expect(JSON.stringify(await shown.json())).toMatch(/Mon.*Wed|mon.*wed/i);
  });

  it('keeps bad input in the form with a field error', async () => {
    const response = await harness.post(
      viewSubmission({
        userId: CREATOR,
        callbackId: 'sa.form.availability',
        values: {
          'day.mon': { 'day.mon': { type: 'plain_text_input', value: '09:00-12:00' } },
          'day.tue': { 'day.tue': { type: 'plain_text_input', value: 'after lunch' } },
        },
      }),
    );
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: { 'day.tue': '"after" is not a time range: use HH:mm-HH:mm, like 10:00-18:00' },
    });
    // All or nothing: Monday's good hours were not saved either.
    const shown = await harness.post(
      slashCommand({ command: '/avail', userId: CREATOR, responseUrl: fake.responseUrl('a2') }),
    );
    expect(JSON.stringify(await shown.json())).not.toContain('09:00-12:00');
  });

  it('the propose form searches creators and names an unknown one beside the field', async () => {
    const found = (await (
      await harness.post(
        blockSuggestion({
          userId: CREATOR,
          actionId: 'participants',
          value: handle.slice(0, 3),
          callbackId: 'sa.form.propose',
        }),
      )
    ).json()) as { options: { value: string }[] };
    expect(found.options.map((o) => o.value)).toContain(handle);
    const response = await harness.post(
      viewSubmission({
        userId: CREATOR,
        callbackId: 'sa.form.propose',
        values: {
          participants: {
            participants: { type: 'multi_external_select', selected_options: [{ value: 'nobody-here' }] },
          },
          start: { start: { type: 'datetimepicker', selected_date_time: 1796313600 } },
          duration: { duration: { type: 'static_select', selected_option: { value: '120' } } },
        },
      }),
    );
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.participants).toMatch(/^No creator @nobody-here\./);
  });
});

describe('roles', () => {
  it('only an admin can promote, and the change is applied', async () => {
    const refused = await harness.post(
      slashCommand({
        command: '/align',
        text: `promote <@${CREATOR}> staff`,
        userId: CREATOR,
        responseUrl: fake.responseUrl('r'),
      }),
    );
    expect(JSON.stringify(await refused.json())).toContain('/promote is for: Admin.');
    fake.addUser({ id: 'U0BOSS', name: 'boss', realName: 'The Boss' });
    await harness.post(
      slashCommand({
        command: '/align',
        text: 'whoami',
        userId: 'U0BOSS',
        responseUrl: fake.responseUrl('b'),
      }),
    );
    await database.withSystem((tx) =>
      tx.update(users).set({ role: 'tenant_admin' }).where(eq(users.displayName, 'The Boss')),
    );
    const promoted = await harness.post(
      slashCommand({
        command: '/align',
        text: `promote <@${CREATOR}|me> staff`,
        userId: 'U0BOSS',
        responseUrl: fake.responseUrl('r'),
      }),
    );
    expect(JSON.stringify(await promoted.json())).toContain('is now Staff (was Creator)');
  });
});
