import type { Reply } from '../commands/reply.ts';

export interface NotifyOptions {
  /**
   * Unique per message (`reminder_1h:<session>:<user>`). A retried send carries the same key, so an
   * implementation that can remember keys (or pass them to the platform) delivers at most one copy.
   */
  dedupeKey: string;
}

/**
 * Direct messages to one person, on whatever surface reaches them. Delivery per platform lives in
 * bots/; the sweep and the session service only know this port.
 *
 * @example
 * await notifier.notify(userId, reply(heading('Reminder: Alt-pop write starts in 1 hour')), { dedupeKey });
 */
export interface Notifier {
  notify(userId: string, message: Reply, options: NotifyOptions): Promise<void>;
}

export interface RecordedNotification {
  userId: string;
  message: Reply;
  dedupeKey: string;
}

/**
 * A working fake: keeps what was sent, drops a repeated dedupe key like a careful implementation
 * would, and can be told to fail the next sends (a crash between claim and send).
 *
 * @example
 * const notifier = recordingNotifier();
 * await runSweep(...); expect(notifier.sent.map((n) => n.dedupeKey)).toEqual([...]);
 */
export function recordingNotifier(): Notifier & {
  sent: RecordedNotification[];
  /** Every key `notify` was called with, duplicates included. */
  attempts: string[];
  failNext(count?: number, error?: Error): void;
} {
  const sent: RecordedNotification[] = [];
  const attempts: string[] = [];
  let failures: { remaining: number; error: Error } = { remaining: 0, error: new Error('send failed') };
  return {
    sent,
    attempts,
    failNext(count = 1, error = new Error('send failed')) {
      failures = { remaining: count, error };
    },
    async notify(userId, message, { dedupeKey }) {
      attempts.push(dedupeKey);
      if (failures.remaining > 0) {
        failures.remaining -= 1;
        throw failures.error;
      }
      if (sent.some((n) => n.dedupeKey === dedupeKey)) return;
      sent.push({ userId, message, dedupeKey });
    },
  };
}
