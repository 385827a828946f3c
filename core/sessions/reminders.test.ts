import { describe, expect, it } from 'vitest';
import {
  dueNotifications,
  nextNotificationAtMs,
  notificationDedupeKey,
  type ReminderSession,
} from './reminders.ts';
import { endsAtMs, sessionIn, startsAtMs } from './session.fixture.ts';
import { hourMs } from './session-policy.ts';

const scheduled = sessionIn('scheduled'); // Ana and Ben accepted, Cleo still invited
const minute = 60_000;

function sweep(
  nowMs: number,
  sentKeys: ReadonlySet<string> = new Set(),
  sessions: ReminderSession[] = [scheduled],
) {
  return dueNotifications({ sessions, nowMs, sentKeys });
}
const kindsAt = (nowMs: number, sessions?: ReminderSession[]) =>
  sweep(nowMs, new Set(), sessions).map((n) => `${n.kind}/${n.userId}`);

describe('dueNotifications', () => {
  it('sends the 24 h reminder to accepted participants inside its window', () => {
    expect(sweep(startsAtMs - 24 * hourMs)).toEqual([
      {
        dedupeKey: 'reminder_24h:sess-1:ana',
        sessionId: 'sess-1',
        userId: 'ana',
        kind: 'reminder_24h',
        dueAtMs: startsAtMs - 24 * hourMs,
      },
      {
        dedupeKey: 'reminder_24h:sess-1:ben',
        sessionId: 'sess-1',
        userId: 'ben',
        kind: 'reminder_24h',
        dueAtMs: startsAtMs - 24 * hourMs,
      },
    ]);
  });

  it('walks through the whole timeline', () => {
    expect(kindsAt(startsAtMs - 24 * hourMs - 1)).toEqual([]);
    expect(kindsAt(startsAtMs - 5 * hourMs)).toEqual(['reminder_24h/ana', 'reminder_24h/ben']);
    // Booked 30 minutes ahead: only the 1 h reminder, never both.
    expect(kindsAt(startsAtMs - 30 * minute)).toEqual(['reminder_1h/ana', 'reminder_1h/ben']);
    expect(kindsAt(startsAtMs)).toEqual([]);
    expect(kindsAt(endsAtMs + 29 * minute)).toEqual([]);
    expect(kindsAt(endsAtMs + 30 * minute)).toEqual(['feedback_request/ana', 'feedback_request/ben']);
    expect(kindsAt(endsAtMs + 2 * hourMs, [{ ...scheduled, state: 'done' }])).toHaveLength(2);
    expect(kindsAt(endsAtMs + 30 * minute + 7 * 24 * hourMs)).toEqual([]);
  });

  it('a sweep that runs twice sends once', () => {
    const now = startsAtMs - 10 * hourMs;
    const first = sweep(now);
    const sent = new Set(first.map((n) => n.dedupeKey));
    expect(sweep(now, sent)).toEqual([]);
    expect(sweep(now + hourMs, sent)).toEqual([]);
    expect(sent.has(notificationDedupeKey('sess-1', 'ana', 'reminder_24h'))).toBe(true);
  });

  it('ignores sessions that are not booked', () => {
    for (const state of ['proposed', 'accepted', 'cancelled', 'expired'] as const) {
      expect(kindsAt(startsAtMs - 30 * minute, [sessionIn(state)])).toEqual([]);
      expect(kindsAt(endsAtMs + hourMs, [sessionIn(state)])).toEqual([]);
    }
  });

  it('orders by due time across sessions and respects options', () => {
    const later = {
      ...scheduled,
      id: 'sess-2',
      startsAtMs: startsAtMs + 20 * hourMs,
      endsAtMs: endsAtMs + 20 * hourMs,
    };
    const due = sweep(startsAtMs - 30 * minute, new Set(), [later, scheduled]);
    expect(due.map((n) => n.dedupeKey)).toEqual([
      'reminder_24h:sess-2:ana',
      'reminder_24h:sess-2:ben',
      'reminder_1h:sess-1:ana',
      'reminder_1h:sess-1:ben',
    ]);
    const immediate = dueNotifications({
      sessions: [scheduled],
      nowMs: endsAtMs,
      sentKeys: new Set(),
      options: { feedbackDelayMs: 0 },
    });
    expect(immediate).toHaveLength(2);
  });
});

describe('nextNotificationAtMs', () => {
  it('finds the next window opening', () => {
    expect(nextNotificationAtMs([scheduled], startsAtMs - 48 * hourMs)).toBe(startsAtMs - 24 * hourMs);
    expect(nextNotificationAtMs([scheduled], startsAtMs - 2 * hourMs)).toBe(startsAtMs - hourMs);
    expect(nextNotificationAtMs([scheduled], endsAtMs + hourMs)).toBeNull();
  });
});
