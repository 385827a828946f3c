import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import {
  availabilityBlocks,
  campaignDrafts,
  campaigns,
  creatorDoNotPair,
  creators,
  sessionFeedback,
  sessions,
  studioRooms,
  studios,
} from '../../db/schema/index.ts';
import { at, type SessionFixture, sessionFixture, t0 } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from '../../test/support/test-runtime.ts';
import { createLogger } from '../runtime/logger.ts';
import { type ConsoleSession, openConsoleSession } from './console-session.ts';

let database: Database;
let parts: TestRuntimeParts;
let f: SessionFixture;
let admin: ConsoleSession;
let ana: ConsoleSession;
const logLines: string[] = [];
const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
const as = (who: string) => openConsoleSession({ ...parts, logger }, { tenantSlug: 'sessions', as: who });
const idOf = (answer: string) => /Session: ([0-9a-f]{8})/.exec(answer)?.[1] ?? 'none';
const long = (chars: number) => 'x'.repeat(chars);

async function rowCounts() {
  return database.withTenant(f.tenantId, async (tx) => {
    const tables = {
      sessions,
      campaigns,
      campaignDrafts,
      sessionFeedback,
      studios,
      studioRooms,
      availabilityBlocks,
      creatorDoNotPair,
    };
    const counts: Record<string, number> = {};
    for (const [name, table] of Object.entries(tables)) {
      const [row] = await tx.select({ n: count() }).from(table);
      counts[name] = row!.n;
    }
    return counts;
  });
}

beforeAll(async () => {
  database = await openTestPglite();
  f = await sessionFixture(database);
  parts = testRuntimeParts(database, t0);
  admin = await as('admin');
  ana = await as(at(f.ana));
});
afterAll(() => database.close());

describe('text fields in the console', () => {
  it('refuses every text over its column’s limit, naming the field, and writes nothing', async () => {
    const [a, b] = [at(f.ana), at(f.ben)];
    const proposed = await admin.send(`/session propose @${a} @${b} 2030-03-03 15:00 2h room:"Studio A"`);
    const id = idOf(proposed);
    const campaign = /Campaign ([0-9a-f]{8})/.exec(await admin.send('/campaign new "Summer pitch"'))![1]!;
    const before = await rowCounts();
    logLines.length = 0;

    const refusals: [ConsoleSession, string, string][] = [
      [
        admin,
        `/session propose @${a} @${b} 2030-03-04 15:00 title:"${long(250)}"`,
        'title: expected at most 200 characters (got 250)',
      ],
      [
        admin,
        `/session propose @${a} @${b} 2030-03-04 15:00 notes:"${long(4001)}"`,
        'notes: expected at most 4000 characters (got 4001)',
      ],
      [
        admin,
        `/session propose @${a} @${b} 2030-03-04 15:00 remote:https://meet.example/${long(600)}`,
        'remoteUrl: expected at most 500 characters (got 621)',
      ],
      [admin, `/session cancel ${id} ${long(1001)}`, 'reason: expected at most 1000 characters (got 1001)'],
      [
        admin,
        `/session reschedule ${id} 2030-03-05 15:00 reason:"${long(1001)}"`,
        'reason: expected at most 1000 characters (got 1001)',
      ],
      [
        ana,
        `/session feedback ${id} 5 yes ${long(1001)}`,
        'note: expected at most 1000 characters (got 1001)',
      ],
      [admin, `/campaign new "${long(2001)}"`, 'brief: expected at most 2000 characters (got 2001)'],
      [
        admin,
        `/campaign draft ${campaign} @${a} @${b} 2030-03-06 15:00 title:"${long(201)}"`,
        'title: expected at most 200 characters (got 201)',
      ],
      [
        admin,
        `/rooms add-studio "${long(121)}" city:Nashville address:"1 Main St"`,
        'name: expected at most 120 characters (got 121)',
      ],
      [
        admin,
        `/rooms add-studio "Ocean Way" city:"${long(121)}" address:"1 Main St"`,
        'city: expected at most 120 characters (got 121)',
      ],
      [
        admin,
        `/rooms add-studio "Ocean Way" city:Nashville address:"${long(301)}"`,
        'address: expected at most 300 characters (got 301)',
      ],
      [
        admin,
        `/rooms add "${long(121)}" studio:Blackbird`,
        'name: expected at most 120 characters (got 121)',
      ],
      [
        admin,
        `/rooms add "Studio C" studio:Blackbird gear:"${long(1001)}"`,
        'gear: expected at most 1000 characters (got 1001)',
      ],
      [ana, `/avail off 2030-03-07 note:"${long(501)}"`, 'note: expected at most 500 characters (got 501)'],
      [
        admin,
        `/donotpair @${a} @${b} reason:"${long(501)}"`,
        'reason: expected at most 500 characters (got 501)',
      ],
      [ana, `/profile set name:"${long(121)}"`, 'name: expected at most 120 characters (got 121)'],
      // Characters are counted as the database counts them: one emoji is one character.
      [
        admin,
        `/session propose @${a} @${b} 2030-03-04 15:00 title:"${'🎸'.repeat(201)}"`,
        'title: expected at most 200 characters (got 201)',
      ],
    ];
    for (const [who, line, expected] of refusals) {
      const answer = await who.send(line);
      expect(answer.split('\n')[0], line.slice(0, 60)).toBe(`✗ ${expected}`);
    }

    expect(await rowCounts()).toEqual(before);
    const [session] = await database.withTenant(f.tenantId, (tx) =>
      tx.select({ state: sessions.state, cancelReason: sessions.cancelReason }).from(sessions),
    );
    expect(session).toEqual({ state: 'proposed', cancelReason: null });
    // Nothing failed unexpectedly, and no line carries what was typed.
    expect(logLines.join('')).not.toContain('command failed');
    expect(Math.max(0, ...logLines.map((line) => line.length))).toBeLessThan(4 * 1024);
  });

  it('takes text at its limit, and strips bidi controls from names and titles', async () => {
    const [a, b] = [at(f.ana), at(f.ben)];
    const title = `\u202EAlt-pop\u202C \u2066write\u2069 ${long(180)}`;
    const answer = await admin.send(
      `/session propose @${a} @${b} 2030-04-03 15:00 title:"${title}" notes:"${long(4000)}"`,
    );
    expect(answer).toContain(`== Session proposed: Alt-pop write ${long(180)} ==`);
    expect(
      await admin.send(`/rooms add-studio "\u202Dwolf\u202C Den" city:Nashville address:"2 Side St"`),
    ).toContain('Studio wolf Den (Nashville) added.');
    const [stored] = await database.withTenant(f.tenantId, (tx) =>
      tx
        .select({ title: sessions.title })
        .from(sessions)
        .where(eq(sessions.title, `Alt-pop write ${long(180)}`)),
    );
    expect(stored).toBeDefined();
    expect(await ana.send(`/profile set name:"\u202EAna\u202C"`)).not.toContain('✗');
    const [profile] = await database.withTenant(f.tenantId, (tx) =>
      tx.select({ name: creators.displayName }).from(creators).where(eq(creators.handle, a)),
    );
    expect(profile).toEqual({ name: 'Ana' });
  });
});
