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
    expect(view.callback_id).toBe('sa.profile');
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
        callbackId: 'sa.availability',
        values: {
          'day.mon': { ranges: { type: 'plain_text_input', value: '10:00-18:00' } },
          'day.wed': { ranges: { type: 'plain_text_input', value: '10:00-18:00' } },
          'oneoff.date': { date: { type: 'datepicker', selected_date: '2026-12-01' } },
          'oneoff.kind': { kind: { type: 'radio_buttons', selected_option: { value: 'off' } } },
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
        callbackId: 'sa.availability',
        values: { 'day.tue': { ranges: { type: 'plain_text_input', value: 'after lunch' } } },
      }),
    );
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: { 'day.tue': '"after" is not a time range: use HH:mm-HH:mm, like 10:00-18:00' },
    });
  });

  it('the propose form names people without a creator profile instead of failing later', async () => {
    const response = await harness.post(
      viewSubmission({
        userId: CREATOR,
        callbackId: 'sa.propose',
        values: {
          participants: { users: { type: 'multi_users_select', selected_users: ['U0NOBODY'] } },
          start: { at: { type: 'datetimepicker', selected_date_time: 1796313600 } },
          duration: { minutes: { type: 'static_select', selected_option: { value: '120' } } },
        },
      }),
    );
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: { participants: '<@U0NOBODY> has no creator profile here yet' },
    });
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
