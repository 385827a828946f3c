import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { seedTenant } from '../../db/seed.ts';
import { insertCreatorForTest } from '../../test/support/fixtures.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { createLogger } from '../runtime/logger.ts';
import { type ConsoleSession, openConsoleSession } from './console-session.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z'); // Monday noon in London
let database: Database;
let parts: ReturnType<typeof testRuntimeParts>;
const as = (who: string): Promise<ConsoleSession> =>
  openConsoleSession({ ...parts, logger: createLogger('silent') }, { tenantSlug: 'demo', as: who });

beforeAll(async () => {
  database = await openTestPglite();
  parts = testRuntimeParts(database, NOW);
  const { tenant } = await seedTenant(database, { slug: 'demo', creatorCount: 0, seed: 1 });
  await insertCreatorForTest(database, tenant.id, {
    handle: 'ana',
    displayName: 'Ana Silva',
    timeZone: 'Europe/London',
  });
  await insertCreatorForTest(database, tenant.id, {
    handle: 'ben',
    displayName: 'Ben Ito',
    timeZone: 'America/New_York',
  });
});
afterAll(() => database.close());

describe('/avail transcript', () => {
  it('starts empty and says how to add availability', async () => {
    const answer = await (await as('ana')).send('/avail');
    expect(answer).toContain('== Availability: Ana Silva (@ana) ==');
    expect(answer).toContain('Time zone: Europe/London');
    expect(answer).toContain('No weekly availability yet. Add some: /avail add mon,wed 17:00-19:00');
    expect(answer).toContain('Free this week:\n   nothing free');
  });

  it('adds a weekly rule and shows this week and next in local time', async () => {
    const answer = await (await as('ana')).send('/avail add mon,wed 17:00-19:00');
    expect(answer).toContain('✓ Added: Mon, Wed 17:00-19:00.');
    expect(answer).toContain('Weekly:\n   1. Mon, Wed 17:00-19:00');
    expect(answer).toContain('Free this week:\n   Mon 23 Nov: 17:00-19:00\n   Wed 25 Nov: 17:00-19:00');
    expect(answer).toContain('Free next week:\n   Mon 30 Nov: 17:00-19:00\n   Wed 2 Dec: 17:00-19:00');
    // This week as a picture, under the heading.
    expect(answer).toMatch(
      /\n🖼 Week of free time, Mon 23 Nov – Sun 29 Nov \(times in Europe\/London\): AS = Ana Silva: 2 free windows\.: http/,
    );
  });

  it('shows another zone’s view of the same rule in that person’s own time', async () => {
    await (await as('ben')).send('/avail add tue 20:00-22:00');
    const answer = await (await as('ben')).send('/avail');
    expect(answer).toContain('Time zone: America/New_York');
    expect(answer).toContain('Tue 24 Nov: 20:00-22:00');
  });

  it('takes a day off out of the free time, and lists it as a one-off', async () => {
    const answer = await (await as('ana')).send('/avail off 2026-11-25 note:"studio move"');
    expect(answer).toContain('✓ Marked as off.');
    expect(answer).toContain('One-offs:\n   1. Off Wed 25 Nov 00:00 – Wed 25 Nov 24:00 · studio move');
    expect(answer).toContain('Free this week:\n   Mon 23 Nov: 17:00-19:00\nFree next week');
  });

  it('adds extra time and removes entries by their number', async () => {
    const ana = await as('ana');
    expect(await ana.send('/avail extra 2026-11-28 10:00-14:00')).toContain('Sat 28 Nov: 10:00-14:00');
    const removed = await ana.send('/avail remove oneoff 1');
    expect(removed).toContain('✓ Removed.');
    expect(removed).toContain('Wed 25 Nov: 17:00-19:00');
    expect(await ana.send('/avail remove 9')).toContain('✗ number: there is no weekly rule 9');
  });

  it('answers bad input with the field and what it expects, changing nothing', async () => {
    const ana = await as('ana');
    expect(await ana.send('/avail add someday 17:00-19:00')).toContain(
      '✗ days: expected days like mon,wed or weekdays, got "someday"',
    );
    expect(await ana.send('/avail add mon 7pm-9pm')).toContain(
      '✗ time: expected a local time range like 17:00-19:00 (or 22:00-02:00+1 past midnight), got "7pm-9pm"',
    );
    expect(await ana.send('/avail off 2026-02-30')).toContain(
      '✗ from: expected a date like 2026-12-24, got "2026-02-30"',
    );
    expect(await ana.send('/avail calendar ftp://example.com/cal.ics')).toContain(
      '✗ url: expected an http(s) or webcal calendar address such as https://…/basic.ics',
    );
    expect(await ana.send('/avail')).toContain(
      'Weekly:\n   1. Mon, Wed 17:00-19:00\nOne-offs:\n   1. Extra Sat 28 Nov',
    );
  });

  it('lets creators change only their own availability, and publishers anyone’s', async () => {
    expect(await (await as('ben')).send('/avail @ana add fri 10:00-12:00')).toBe(
      '✗ You can only change your own availability.\n',
    );
    const byAdmin = await (await as('admin')).send('/avail @ana add fri 10:00-12:00');
    expect(byAdmin).toContain('✓ Added: Fri 10:00-12:00.');
    expect(await (await as('admin')).send('/avail')).toContain(
      '✗ You have no creator profile here: name one, like /avail @handle',
    );
  });

  it('counts a proposed session as busy time', async () => {
    const proposed = await (await as('admin')).send(
      '/session propose @ana @ben 2026-11-30 17:00 1h title:"Alt-pop write" confirm:availability',
    );
    expect(proposed, proposed).not.toContain('✗');
    expect(proposed, proposed).toContain('Session proposed');
    const answer = await (await as('ana')).send('/avail');
    expect(answer).toContain('Free next week:\n   Mon 30 Nov: 18:00-19:00');
  });

  it('switches the writing opt-in', async () => {
    expect(await (await as('ana')).send('/avail optout')).toContain('✓ Not taking writing sessions for now.');
    expect(await (await as('ana')).send('/avail')).toContain('Open to writing: no (/avail optin to change)');
    await (await as('ana')).send('/avail optin');
  });

  it('refuses backwards and empty hours, and takes past-midnight hours written with +1', async () => {
    const ben = await as('ben');
    expect(await ben.send('/avail add mon 19:00-17:00')).toContain(
      'end: 19:00-17:00 ends before it starts: for hours past midnight write 19:00-17:00+1',
    );
    expect(await ben.send('/avail add mon 17:00-17:00')).toContain('end: 17:00-17:00 is empty');
    expect(await ben.send('/avail add mon 10:00-12:00+1')).toContain('does not pass midnight');
    expect(await ben.send('/avail off 2026-12-04 18:00-09:00')).toContain('ends before it starts');
    expect(await ben.send('/avail add mon-wed 08:00-09:00')).toContain('✓ Added: Mon, Tue, Wed 08:00-09:00.');
    const added = await ben.send('/avail add fri 22:00-02:00+1');
    expect(added).toContain('✓ Added: Fri 22:00-02:00+1.');
    expect(added).toContain('Fri 4 Dec: 22:00-Sat 02:00');
  });
});
