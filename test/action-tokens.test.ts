import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandContextFor } from '../bots/runtime/command-services.ts';
import type { Actor } from '../core/commands/command.ts';
import { createCommandRegistry } from '../core/commands/definitions/index.ts';
import { type DispatchOutcome, invoke, press } from '../core/commands/dispatch.ts';
import type { Action, Reply } from '../core/commands/reply.ts';
import {
  ACTION_REFUSALS,
  DEFAULT_ACTION_TTL_MS,
  MAX_ACTION_TOKEN_LENGTH,
} from '../core/surface/action-tokens.ts';
import type { Database } from '../db/database.ts';
import { databaseTenantDirectory } from '../db/repositories/tenant-directory.ts';
import { at, type SessionFixture, sessionFixture, start, t0 } from './support/session-fixture.ts';
import { openTestPglite } from './support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from './support/test-runtime.ts';

const registry = createCommandRegistry();

/** Every button of a reply, with its token. */
function buttonsOf(reply: Reply): Action[] {
  return reply.blocks.flatMap((block) =>
    block.kind === 'actions'
      ? block.actions
      : block.kind === 'list'
        ? block.items.flatMap((item) => item.actions ?? [])
        : [],
  );
}

const errorText = (outcome: DispatchOutcome) => {
  expect(outcome.isError).toBe(true);
  const block = outcome.reply.blocks[0];
  return block && 'text' in block ? block.text : '';
};

describe('action tokens behind buttons', () => {
  let database: Database;
  let parts: TestRuntimeParts;
  let f: SessionFixture;
  let other: SessionFixture;

  const contextFor = async (fixture: SessionFixture, actor: Actor) => {
    const tenant = await databaseTenantDirectory(database).findById(fixture.tenantId);
    return commandContextFor(parts, tenant!, actor, registry);
  };

  /** A session ana proposes to ben, and the buttons ben's own view of it carries. */
  async function proposedToBen(minutesLater: number) {
    const proposed = await invoke(await contextFor(f, f.ana), {
      command: 'session.propose',
      input: { creators: [at(f.ben)], startsAt: new Date(start + minutesLater * 60_000).toISOString() },
    });
    expect(proposed.isError, JSON.stringify(proposed.reply)).toBeFalsy();
    const { outcome } = proposed.result as { outcome: { kind: string; view: { session: { id: string } } } };
    expect(outcome.kind).toBe('done');
    const sessionId = outcome.view.session.id;
    const shown = await invoke(await contextFor(f, f.ben), {
      command: 'session.show',
      input: { session: sessionId },
    });
    const buttons = buttonsOf(shown.reply);
    const accept = buttons.find((button) => button.label === 'Accept');
    const invite = buttons.find((button) => button.label === 'Calendar invite');
    expect(accept?.token).toBeDefined();
    expect(invite?.token).toBeDefined();
    return { sessionId, accept: accept!.token!, invite: invite!.token!, buttons };
  }

  const stateOf = async (sessionId: string) => {
    const shown = await invoke(await contextFor(f, f.ana), {
      command: 'session.show',
      input: { session: sessionId },
    });
    expect(shown.isError).toBeFalsy();
    return shown.result;
  };

  beforeAll(async () => {
    database = await openTestPglite();
    parts = testRuntimeParts(database, t0);
    f = await sessionFixture(database, 'tokens-a');
    other = await sessionFixture(database, 'tokens-b');
  }, 60_000);
  afterAll(() => database.close());

  it('are short opaque strings that fit Discord custom_id and Teams Action.Submit data', async () => {
    const { buttons } = await proposedToBen(0);
    expect(buttons.length).toBeGreaterThan(1);
    for (const button of buttons) {
      expect(button.token!.length).toBeLessThanOrEqual(MAX_ACTION_TOKEN_LENGTH);
      expect(button.token).toMatch(/^sa1\.[A-Za-z0-9_-]{22}$/);
      expect(button.token).not.toContain(f.tenantId);
    }
  });

  it('run a write once: a second press is answered and changes nothing', async () => {
    const { sessionId, accept } = await proposedToBen(3 * 60);
    const first = await press(await contextFor(f, f.ben), accept);
    expect(first.isError).toBeFalsy();
    const after = await stateOf(sessionId);
    const again = await press(await contextFor(f, f.ben), accept);
    expect(errorText(again)).toBe(ACTION_REFUSALS.used);
    expect(again.error?.code).toBe('surfaces.action_used');
    expect(await stateOf(sessionId)).toEqual(after);
  });

  it('let a read be pressed again', async () => {
    const { invite } = await proposedToBen(6 * 60);
    for (let i = 0; i < 2; i += 1)
      expect((await press(await contextFor(f, f.ben), invite)).isError).toBeFalsy();
  });

  it('refuse a press by someone the button was not for', async () => {
    const { sessionId, accept } = await proposedToBen(9 * 60);
    const before = await stateOf(sessionId);
    const pressed = await press(await contextFor(f, f.cleo), accept);
    expect(errorText(pressed)).toBe(ACTION_REFUSALS.not_for_you);
    expect(await stateOf(sessionId)).toEqual(before);
    // Still good for the person it was for.
    expect((await press(await contextFor(f, f.ben), accept)).isError).toBeFalsy();
  });

  it('refuse a press after expiry', async () => {
    const { sessionId, accept } = await proposedToBen(12 * 60);
    const before = await stateOf(sessionId);
    parts.clock.advance(DEFAULT_ACTION_TTL_MS + 1);
    try {
      const pressed = await press(await contextFor(f, f.ben), accept);
      expect(errorText(pressed)).toBe(ACTION_REFUSALS.expired);
    } finally {
      parts.clock.set(t0);
    }
    expect(await stateOf(sessionId)).toEqual(before);
  });

  it('are unknown in another tenant: the row is not visible there, and nothing happens in either', async () => {
    const { sessionId, accept } = await proposedToBen(15 * 60);
    const before = await stateOf(sessionId);
    const pressed = await press(await contextFor(other, other.ben), accept);
    expect(errorText(pressed)).toBe(ACTION_REFUSALS.unknown);
    expect(await stateOf(sessionId)).toEqual(before);
    const otherSessions = await invoke(await contextFor(other, other.ben), {
      command: 'session.list',
      input: {},
    });
    expect(JSON.stringify(otherSessions.result)).not.toContain(sessionId);
  });

  it('refuse a made-up token as no longer valid', async () => {
    const pressed = await press(await contextFor(f, f.ben), 'sa1.AAAAAAAAAAAAAAAAAAAAAA');
    expect(errorText(pressed)).toBe(ACTION_REFUSALS.unknown);
  });
});
