/** Where a delivery came from or goes: each platform's ids live in their own space. */
export type DeliveryChannel = 'slack' | 'teams' | 'discord' | 'web' | 'notify';

/**
 * "Have we handled this delivery already?" Platforms retry what they think we missed, people
 * double-click, proxies replay, and a restarted deliverer resends: each should do its work once.
 * Claims are kept across processes and restarts.
 *
 * @example
 * if (!(await deliveries.claim('slack', `event:${body.event_id}`, DAY_MS))) return; // already handled
 */
export interface DeliveryLedger {
  /** True the first time (channel, key) is claimed within `ttlMs`; false for every repeat. */
  claim(channel: DeliveryChannel, key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back when the work it stood for failed, so the retry does it. */
  release(channel: DeliveryChannel, key: string): Promise<void>;
}

/**
 * Sends once per key: claims it, sends, and gives the claim back when sending fails (the outbox
 * retries the event). Only a crash in the middle of the send itself can lose that one message;
 * a resent event never sends a second copy.
 */
export async function sendOnce(
  ledger: DeliveryLedger,
  channel: DeliveryChannel,
  key: string,
  send: () => Promise<void>,
): Promise<boolean> {
  if (!(await ledger.claim(channel, key, DELIVERY_TTL_MS.message))) return false;
  try {
    await send();
    return true;
  } catch (error) {
    await ledger.release(channel, key);
    throw error;
  }
}

export const DELIVERY_TTL_MS = {
  /** Platforms retry events for up to about an hour; keep a day. */
  event: 24 * 60 * 60 * 1000,
  /** Slash commands and form submissions: a replay of the same trigger. */
  trigger: 60 * 60 * 1000,
  /** Button presses: a double-click, not "press it again tomorrow". */
  action: 10 * 60 * 1000,
  /** Messages and e-mails the system sends: a resend after a crash. */
  message: 7 * 24 * 60 * 60 * 1000,
} as const;

/** A working fake that remembers claims in memory (tests, single-process tools). */
export function memoryDeliveryLedger(): DeliveryLedger {
  const seen = new Map<string, number>();
  return {
    async claim(channel, key, ttlMs) {
      const id = `${channel}\u0000${key}`;
      const now = Date.now();
      if ((seen.get(id) ?? 0) > now) return false;
      seen.set(id, now + ttlMs);
      return true;
    },
    async release(channel, key) {
      seen.delete(`${channel}\u0000${key}`);
    },
  };
}
