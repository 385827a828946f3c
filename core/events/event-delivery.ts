import type { CommandCatalog } from '../commands/command.ts';
import { sessionCard } from '../commands/definitions/session/session.view.ts';
import { finishReply } from '../commands/dispatch.ts';
import { notice, type Reply, withFiles } from '../commands/reply.ts';
import type { InviteMailer } from '../ports/invite-mailer.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import { type InviteIdentity, inviteEmails, inviteFile } from '../sessions/invite-file.ts';
import type { Clock } from '../shared/clock.ts';
import { type DeliveryLedger, sendOnce } from '../surface/delivery-ledger.ts';
import type { ProfileChanged, SessionChanged } from './domain-event.ts';
import type { OutboxEntry } from './outbox.ts';

export const RECOMPUTE_CREATOR_JOB = 'creators.recompute';

/** What delivering an event needs: where to read (its tenant's transaction), and where to send. */
export interface EventDeliveryPorts {
  work: UnitOfWork;
  /** A direct message to one person, on the surface that reaches them. */
  notifier: Notifier;
  registry: CommandCatalog;
  clock: Clock;
  queue: Pick<JobQueue, 'enqueue'>;
  invites: InviteIdentity;
  mailer?: InviteMailer;
  /** Remembers e-mails already sent, so a resent event does not mail twice. */
  deliveries: DeliveryLedger;
}

const HEADLINES: Record<SessionChanged['change'], (who: string) => string> = {
  proposed: (who) => `${who} proposed a session with you.`,
  accepted: (who) => `${who} accepted.`,
  declined: (who) => `${who} declined.`,
  scheduled: () => 'Scheduled: everyone is in.',
  rescheduled: (who) => `${who} moved the session: please answer again.`,
  cancelled: (who) => `${who} cancelled the session.`,
};

/**
 * Delivers one outbox event. Each message carries a dedupe key derived from the event and the
 * recipient, so delivering the same event twice (a crash after sending, before marking it delivered)
 * reaches nobody twice where the surface honours keys.
 */
export async function deliverEvent(ports: EventDeliveryPorts, entry: OutboxEntry): Promise<void> {
  const { event } = entry;
  switch (event.type) {
    case 'session.changed':
      return deliverSessionChange(ports, entry.id, entry.tenantId, event);
    case 'creator.profile_changed':
      return recompute(ports, entry.tenantId, event);
  }
}

/**
 * The other people in a session hear about a change as their own card: their time zone, their
 * Accept / Decline buttons (tokens minted for them). A new invite goes out by e-mail when it changed.
 */
async function deliverSessionChange(
  ports: EventDeliveryPorts,
  eventId: string,
  tenantId: string,
  event: SessionChanged,
): Promise<void> {
  const nowMs = ports.clock.nowMs();
  const prepared = await ports.work.inTenant(tenantId, async (stores) => {
    const [view] = await stores.sessions.byIds([event.sessionId]);
    if (!view) return undefined;
    const recipients = new Set([
      ...view.session.participants.map((p) => p.userId),
      ...(view.session.proposedByUserId ? [view.session.proposedByUserId] : []),
    ]);
    recipients.delete(event.actorUserId);
    const headline = HEADLINES[event.change](event.actorName);
    const tenantName = (await stores.tenant.read()).name;
    // A new or changed invite travels with the card: the surface shares the .ics in the DM.
    const invite = event.isInviteChanged
      ? inviteFile(view, { tenantName, settings: ports.invites, nowMs })
      : null;
    const cards: { userId: string; reply: Reply }[] = [];
    for (const userId of recipients) {
      const viewer = await stores.people.actorOf(userId);
      if (!viewer) continue;
      const card = sessionCard(view, viewer);
      const reply: Reply = { isPrivate: true, blocks: [notice('info', headline), ...card.blocks] };
      const finished = await finishReply(reply, { registry: ports.registry, actor: viewer }, stores, nowMs);
      cards.push({
        userId,
        reply: invite
          ? withFiles(finished, { name: invite.fileName, mimeType: invite.mimeType, content: invite.content })
          : finished,
      });
    }
    return { view, cards, tenantName };
  });
  if (!prepared) return;
  for (const card of prepared.cards) {
    await ports.notifier.notify(card.userId, card.reply, { dedupeKey: `event:${eventId}:${card.userId}` });
  }
  if (!event.isInviteChanged || !ports.mailer) return;
  const emails = inviteEmails(prepared.view, {
    tenantName: prepared.tenantName,
    settings: ports.invites,
    nowMs,
  });
  for (const email of emails) {
    const mailer = ports.mailer;
    await sendOnce(ports.deliveries, 'notify', `mail:${eventId}:${email.to.email.toLowerCase()}`, () =>
      mailer.sendInvite(email),
    );
  }
}

/** Re-derives (re-embeds) a changed profile; the key makes a repeat a no-op. */
async function recompute(ports: EventDeliveryPorts, tenantId: string, event: ProfileChanged): Promise<void> {
  await ports.queue.enqueue({
    name: RECOMPUTE_CREATOR_JOB,
    tenantId,
    payload: { creatorId: event.creatorId },
    idempotencyKey: `${RECOMPUTE_CREATOR_JOB}.${event.creatorId}.${event.contentHash}`,
  });
}
