import type { Session, SessionParticipant } from './session.types.ts';
import { hourMs } from './session-policy.ts';

export type NotificationKind = 'reminder_24h' | 'reminder_1h' | 'feedback_request';

/** The slice of a session the sweep needs. */
export type ReminderSession = Pick<Session, 'id' | 'state' | 'startsAtMs' | 'endsAtMs'> & {
  participants: readonly Pick<SessionParticipant, 'userId' | 'state'>[];
};

export interface DueNotification {
  /** Unique per (session, participant, kind); store it when sent so a second sweep skips it. */
  dedupeKey: string;
  sessionId: string;
  userId: string;
  kind: NotificationKind;
  /** When it became due (for ordering and "sent late by" metrics). */
  dueAtMs: number;
}

export interface ReminderOptions {
  /** Wait this long after the end before asking for feedback. Default 30 minutes. */
  feedbackDelayMs?: number;
  /** Stop asking for feedback this long after it became due. Default 7 days. */
  feedbackWindowMs?: number;
}

/** Defaults of ReminderOptions; the sweep's database pre-filter uses the same. */
export const FEEDBACK_DELAY_MS = 30 * 60_000;
export const FEEDBACK_WINDOW_MS = 7 * 24 * hourMs;

export function notificationDedupeKey(sessionId: string, userId: string, kind: NotificationKind): string {
  return `${kind}:${sessionId}:${userId}`;
}

interface Window {
  kind: NotificationKind;
  fromMs: number;
  untilMs: number;
}

/**
 * Each notification is sendable in a half-open window; outside it, it is skipped for good:
 * - `reminder_24h` in [start - 24 h, start - 1 h): once inside the last hour only the 1 h reminder
 *   goes out (a session booked 30 minutes ahead gets `reminder_1h` only, never both);
 * - `reminder_1h` in [start - 1 h, start): nothing after the start;
 * - `feedback_request` in [end + delay, end + delay + window).
 * Reminders are for scheduled sessions; feedback also for done ones (the sweep may complete first).
 */
function windowsFor(session: ReminderSession, options: Required<ReminderOptions>): Window[] {
  const windows: Window[] = [];
  if (session.state === 'scheduled') {
    windows.push(
      {
        kind: 'reminder_24h',
        fromMs: session.startsAtMs - 24 * hourMs,
        untilMs: session.startsAtMs - hourMs,
      },
      { kind: 'reminder_1h', fromMs: session.startsAtMs - hourMs, untilMs: session.startsAtMs },
    );
  }
  if (session.state === 'scheduled' || session.state === 'done') {
    const fromMs = session.endsAtMs + options.feedbackDelayMs;
    windows.push({ kind: 'feedback_request', fromMs, untilMs: fromMs + options.feedbackWindowMs });
  }
  return windows;
}

function withDefaults(options: ReminderOptions): Required<ReminderOptions> {
  return {
    feedbackDelayMs: options.feedbackDelayMs ?? FEEDBACK_DELAY_MS,
    feedbackWindowMs: options.feedbackWindowMs ?? FEEDBACK_WINDOW_MS,
  };
}

/**
 * The notifications a sweep should send now, for accepted participants only, oldest first.
 * Pure and idempotent: pass the dedupe keys already sent and a second run returns nothing new.
 *
 * @example
 * const due = dueNotifications({ sessions, nowMs: clock.nowMs(), sentKeys: new Set(sentRows.map((r) => r.dedupeKey)) });
 */
export function dueNotifications(input: {
  sessions: readonly ReminderSession[];
  nowMs: number;
  sentKeys: ReadonlySet<string>;
  options?: ReminderOptions;
}): DueNotification[] {
  const options = withDefaults(input.options ?? {});
  const due: DueNotification[] = [];
  for (const session of input.sessions) {
    for (const window of windowsFor(session, options)) {
      if (input.nowMs < window.fromMs || input.nowMs >= window.untilMs) continue;
      for (const participant of session.participants) {
        if (participant.state !== 'accepted') continue;
        const dedupeKey = notificationDedupeKey(session.id, participant.userId, window.kind);
        if (input.sentKeys.has(dedupeKey)) continue;
        due.push({
          dedupeKey,
          sessionId: session.id,
          userId: participant.userId,
          kind: window.kind,
          dueAtMs: window.fromMs,
        });
      }
    }
  }
  return due.toSorted((a, b) => a.dueAtMs - b.dueAtMs || a.dedupeKey.localeCompare(b.dedupeKey));
}

/** When the next notification becomes due after `nowMs` (to schedule the next sweep), or null. */
export function nextNotificationAtMs(
  sessions: readonly ReminderSession[],
  nowMs: number,
  options: ReminderOptions = {},
) {
  let next: number | null = null;
  for (const session of sessions) {
    for (const window of windowsFor(session, withDefaults(options))) {
      if (window.fromMs > nowMs && (next === null || window.fromMs < next)) next = window.fromMs;
    }
  }
  return next;
}
