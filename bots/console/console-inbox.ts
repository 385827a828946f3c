import type { Reply } from '../../core/commands/reply.ts';
import { type DeliveryLedger, sendOnce } from '../../core/surface/delivery-ledger.ts';
import type { IdentityStore } from '../../core/surface/identity.ts';
import type { SurfaceDeliverer } from '../../core/surface/notifier-router.ts';

/** The console's deliverer: messages for people with a console identity, shown on their next line. */
export interface ConsoleInbox extends SurfaceDeliverer {
  /** The messages waiting for this user, oldest first; taking them empties the inbox. */
  take(userId: string): Reply[];
}

const PER_USER = 50;
const USERS = 10_000;

/**
 * Notifications for console users (the seeded `admin` and the creators' handles), kept in this
 * process until that person's next console line shows them. Bounded: the newest 50 per person,
 * 10,000 people; a resent event (same dedupe key) is kept once.
 *
 * @example
 * const inbox = consoleInbox({ identities, deliveries });
 * notifierRouter([slack.deliverer, inbox], logNotifier(logger));
 */
export function consoleInbox(options: {
  identities: Pick<IdentityStore, 'reach'>;
  deliveries: DeliveryLedger;
}): ConsoleInbox {
  const waiting = new Map<string, Reply[]>();
  return {
    platform: 'console',
    reaches: async (userId) => (await options.identities.reach(userId, 'console')).length > 0,
    async notify(userId, message, { dedupeKey }) {
      await sendOnce(options.deliveries, 'notify', `console:${dedupeKey}`, async () => {
        const messages = waiting.get(userId) ?? [];
        waiting.delete(userId);
        waiting.set(userId, [...messages, message].slice(-PER_USER));
        if (waiting.size > USERS) waiting.delete(waiting.keys().next().value!);
      });
    },
    take(userId) {
      const messages = waiting.get(userId) ?? [];
      waiting.delete(userId);
      return messages;
    },
  };
}
