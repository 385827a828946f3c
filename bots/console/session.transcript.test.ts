import ical from 'node-ical';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { sessions, tenants } from '../../db/schema/index.ts';
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
let ben: ConsoleSession;
let a: string;
let b: string;
let c: string;
const logger = createLogger('silent');
const as = (who: string) => openConsoleSession({ ...parts, logger }, { tenantSlug: 'sessions', as: who });
const idOf = (answer: string) => /Session: ([0-9a-f]{8})/.exec(answer)?.[1] ?? 'none';

beforeAll(async () => {
  database = await openTestPglite();
  f = await sessionFixture(database);
  parts = testRuntimeParts(database, t0);
  [a, b, c] = [at(f.ana), at(f.ben), at(f.cleo)];
  admin = await as('admin');
  ana = await as(a);
  ben = await as(b);
});
afterAll(() => database.close());
beforeEach(async () => {
  parts.clock.set(t0);
  await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
});

const propose = (who = admin, extra = '') =>
  who.send(`/session propose @${a} @${b} 2030-03-03 15:00 2h room:"Studio A" title:"Alt-pop write"${extra}`);

describe('/session in the console', () => {
  it('proposes from scratch in the actor’s time zone, holding the time, city only', async () => {
    const answer = await propose();
    const id = idOf(answer);
    expect(answer).toBe(
      [
        '== Session proposed: Alt-pop write ==',
        `Session: ${id}`,
        'State: proposed',
        'When: Sun 3 Mar 2030 15:00–17:00 UTC',
        'Where: Nashville (address shared once everyone accepts)',
        'Room: Blackbird / Studio A',
        `Who: ${f.ana.displayName} (@${a}) ?, ${f.ben.displayName} (@${b}) ?`,
        'Held until: Sun 3 Mar 2030 12:00 UTC',
        `[Calendar invite: /session invite ${id}]`,
        '✓ The time is held until Sun 3 Mar 2030 12:00 UTC.',
        '',
      ].join('\n'),
    );
  });

  it('lists a creator’s sessions in their zone with answer buttons, and schedules when both accept', async () => {
    const id = idOf(await propose());
    const listed = await ana.send('/session');
    expect(listed).toContain(`1. ${id} · Alt-pop write · proposed\n   Sun 3 Mar 2030 09:00–11:00 CST`);
    expect(listed).toContain(`[Accept: /session accept ${id}]  [Decline: /session decline ${id}]`);
    expect(await ana.send(`/session accept ${id}`)).toContain(
      'Where: Nashville (address shared once everyone accepts)',
    );
    const scheduled = await ben.send(`/session accept ${id}`);
    expect(scheduled).toMatch(/^== Scheduled: everyone is in ==\n/);
    expect(scheduled).toContain('When: Sun 3 Mar 2030 07:00–09:00 PST');
    expect(scheduled).toContain('Where: Blackbird Studio A, 2806 Azalea Pl, Nashville, TN 37204');
  });

  it('answers a clash with who is busy and the nearest free times as ready-made commands', async () => {
    await propose();
    expect(await admin.send(`/session propose @${a} @${c} 2030-03-03 16:00 2h`)).toBe(
      [
        '== That time is taken ==',
        'That time is not free: 1 person is busy',
        `• ${f.ana.displayName} is busy Sun 3 Mar 2030 15:00–17:00 UTC`,
        'Nearest free times:',
        [17, '17:15', '17:30']
          .map((time) => {
            const hhmm = typeof time === 'number' ? `${time}:00` : time;
            const end = `${Number(hhmm.slice(0, 2)) + 2}:${hhmm.slice(3)}`;
            return `[Sun 3 Mar 2030 ${hhmm}–${end} UTC: /session propose @${a} @${c} at:2030-03-03T${hhmm}Z 120m]`;
          })
          .join('  '),
        '',
      ].join('\n'),
    );
    // The button's command works as typed.
    expect(await admin.send(`/session propose @${a} @${c} at:2030-03-03T17:00Z 120m`)).toContain(
      'State: proposed',
    );
  });

  it('delivers a calendar invite that an independent parser reads', async () => {
    const id = idOf(await propose());
    const answer = await ana.send(`/session invite ${id}`);
    expect(answer).toContain(`📎 session-${id}.ics (text/calendar, `);
    const ics = answer.slice(answer.indexOf('BEGIN:VCALENDAR'));
    const event = Object.values(ical.sync.parseICS(ics)).find((item) => item?.type === 'VEVENT');
    expect(event).toMatchObject({ method: 'REQUEST', summary: 'Alt-pop write' });
    expect((event as { uid: string }).uid).toMatch(
      new RegExp(`^session-${id}[0-9a-f-]+@session-align\\.local$`),
    );
    expect((event as { start: Date }).start.toISOString()).toBe('2030-03-03T15:00:00.000Z');
  });

  it('needs a reason to cancel inside the late-change window, and takes feedback after the end', async () => {
    const id = idOf(await propose());
    await ana.send(`/session accept ${id}`);
    await ben.send(`/session accept ${id}`);
    parts.clock.set(Date.parse('2030-03-03T00:00:00Z'));
    expect(await ana.send(`/session cancel ${id}`)).toBe(
      '✗ Cannot cancel: it starts within 24 hours, so please give a reason\n',
    );
    parts.clock.set(Date.parse('2030-03-03T18:00:00Z'));
    expect(await ana.send(`/session feedback ${id} 5 yes "great hook"`)).toBe(
      '✓ Thanks: your feedback on Alt-pop write is saved.\n',
    );
    expect(await ana.send(`/session feedback ${id} 4 yes`)).toBe(
      '✗ Cannot give feedback: you already gave feedback for this session\n',
    );
    expect(await ana.send(`/session feedback ${id} 9 yes`)).toContain(
      'rating: expected a whole number from 1 to 5',
    );
  });

  it('cancels with a reason, and the invite becomes METHOD:CANCEL', async () => {
    const id = idOf(await propose());
    expect(await admin.send(`/session cancel ${id} studio flooded`)).toContain('State: cancelled\n');
    expect(await ana.send(`/session invite ${id}`)).toContain('METHOD:CANCEL');
  });

  it('keeps creators from proposing under full control, and explains usage mistakes', async () => {
    expect(await admin.send('/session settings full-control:on')).toContain('Full control: on');
    try {
      expect(await ana.send(`/session propose @${b} 2030-03-03 15:00`)).toBe(
        '✗ Cannot propose: this publisher runs full control, so only publisher staff propose sessions\n',
      );
    } finally {
      await database.withTenant(f.tenantId, (tx) => tx.update(tenants).set({ settings: {} }));
    }
    expect(await ana.send(`/session propose @${b}`)).toContain(
      '✗ when: expected a date and time, like 2030-12-03 17:00 (your time) or at:2030-12-03T22:00Z\nUsage: /session propose',
    );
    expect(await ana.send('/session accept zzz')).toBe(
      '✗ session: "zzz" is not a session id (like 1a2b3c4d)\nUsage: /session accept ID [@for-creator]\n',
    );
  });
});

describe('/rooms and /campaign in the console', () => {
  it('lists studios and rooms', async () => {
    expect(await admin.send('/rooms')).toBe(
      '== Studios and rooms ==\n1. Blackbird · Nashville\n   Studio A · 6 people · Neve 8078\n   Studio B · 3 people\n',
    );
    expect(await ana.send('/rooms add-studio "Mine" city:X address:"Y"')).toBe(
      '✗ /rooms add-studio is for: Admin, Staff.\n',
    );
  });

  it('drafts sessions that hold nothing, reports blocked drafts, and confirms all or none', async () => {
    const started = await admin.send('/campaign new "Summer sync pitch"');
    const campaignId = /Campaign ([0-9a-f]{8})/.exec(started)![1]!;
    await admin.send(`/campaign draft ${campaignId} @${a} @${b} 2030-03-04 15:00 2h room:"Studio B"`);
    const review = await admin.send(`/campaign draft ${campaignId} @${a} @${c} 2030-03-04 16:00 2h`);
    expect(review).toContain('· blocked');
    expect(review).toContain(`✗ ${f.ana.displayName} is also in draft`);
    expect(review).not.toContain('Confirm all');
    // Drafts reserve nothing: the same time is still free for a real session.
    expect(await admin.send(`/session propose @${a} @${b} 2030-03-04 15:00 2h room:"Studio B"`)).toContain(
      'State: proposed',
    );
    const refused = await admin.send(`/campaign confirm ${campaignId}`);
    expect(refused).toContain('! Nothing was booked. Change or remove the blocked drafts');
    expect(refused).toMatch(/\[Remove draft: \/campaign remove [0-9a-f]{8} [0-9a-f]{8}\]/);

    const clean = /Campaign ([0-9a-f]{8})/.exec(await admin.send('/campaign new "Second brief"'))![1]!;
    await admin.send(`/campaign draft ${clean} @${a} @${b} 2030-03-05 15:00 2h room:"Studio A"`);
    const ready = await admin.send(`/campaign draft ${clean} @${c} @${b} 2030-03-06 15:00 3h`);
    expect(ready).toContain(`[Confirm all: /campaign confirm ${clean}]`);
    const confirmed = await admin.send(`/campaign confirm ${clean}`);
    expect(confirmed).toMatch(
      /✓ 2 sessions proposed: [0-9a-f]{8}, [0-9a-f]{8}\. Invitees are asked to accept\./,
    );
    expect(await ben.send('/session')).toContain('· proposed');
    expect(await ana.send('/campaign new "x"')).toBe('✗ /campaign new is for: Admin, Staff.\n');
  });
});

describe('/session propose, remote', () => {
  it('takes a call link instead of a room, shown once everyone accepted', async () => {
    const answer = await admin.send(
      `/session propose @${a} @${b} 2030-03-04 15:00 1h remote:https://meet.example/abc-123 notes:"bring stems"`,
    );
    expect(answer).not.toContain('✗');
    expect(answer).not.toContain('meet.example/abc-123');
    const id = idOf(answer);
    await ana.send(`/session accept ${id}`);
    expect(await ben.send(`/session accept ${id}`)).toContain('https://meet.example/abc-123');
  });

  it('refuses a room and a call link together, and a link that is not https', async () => {
    expect(
      await admin.send(
        `/session propose @${a} @${b} 2030-03-04 15:00 1h room:"Studio A" remote:https://x.example/y`,
      ),
    ).toContain('✗ remoteUrl: a session takes a room or a call link, not both');
    expect(await admin.send(`/session propose @${a} @${b} 2030-03-04 15:00 1h remote:ftp://x`)).toContain(
      '✗ remoteUrl: expected a https:// link',
    );
  });
});
