import type { webApi } from '@slack/bolt';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { notice, type Reply } from '../../core/commands/reply.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import { slackIdsForUsers } from './mentions.ts';
import {
  openSlackConversation,
  type SlackConversation,
  type SlackConversationDeps,
} from './slack-conversation.ts';
import { slackProfile } from './slack-profile.ts';

const SESSION_CHANGE = /^\/session\s+(propose|accept|decline|confirm|reschedule|move|cancel)\b/i;

const WHAT: Record<string, string> = {
  propose: 'proposed a session with you',
  accept: 'accepted',
  decline: 'declined',
  confirm: 'confirmed',
  reschedule: 'moved',
  move: 'moved',
  cancel: 'cancelled',
};

export interface SessionFanOutDeps {
  runtime: SlackConversationDeps;
  registry: CommandRegistry;
  /** Sends through each recipient's own workspace installation, once per dedupe key. */
  notifier: Notifier;
}

/**
 * After someone changed a session from Slack, the other people in it hear about it by DM: the
 * session card as *they* would see it (their time zone, their Accept / Decline buttons), from
 * `/session show` run as them. Each DM is claimed once per session, change and recipient, so a
 * retried request or a double-click never sends it twice. Commands other than a session change,
 * failed changes, and people without a Slack identity are left alone.
 */
export async function fanOutSessionChange(
  deps: SessionFanOutDeps,
  by: SlackConversation,
  line: string,
  answer: Reply,
  client: webApi.WebClient,
): Promise<number> {
  const verb = SESSION_CHANGE.exec(line.trim())?.[1]?.toLowerCase();
  if (!verb || answer.blocks.some((block) => block.kind === 'notice' && block.tone === 'error')) return 0;
  const shortId = sessionIdIn(answer);
  if (!shortId) return 0;
  const { actor, tenant, services } = by.context;
  const view = await services.sessions.show(actor, shortId);
  const people = new Set([
    ...view.session.participants.map((participant) => participant.userId),
    ...(view.session.proposedByUserId ? [view.session.proposedByUserId] : []),
  ]);
  people.delete(actor.userId);
  const slackIds = await slackIdsForUsers(deps.runtime.database, tenant.id, [...people]);
  let sent = 0;
  for (const [userId, { slackUserId, workspaceId }] of slackIds) {
    const dedupeKey = `session-dm:${view.session.id}:${verb}:${view.session.state}:${actor.userId}:${userId}`;
    const recipient = await openSlackConversation(deps.runtime, deps.registry, {
      tenantId: tenant.id,
      workspaceId: workspaceId ?? '',
      slackUserId,
      lookupProfile: () => slackProfile(client, slackUserId),
    });
    const card = await recipient.run(`/session show ${shortId}`);
    const headline =
      view.session.state === 'scheduled'
        ? `Scheduled: everyone is in.`
        : `${actor.displayName} ${WHAT[verb]}.`;
    await deps.notifier.notify(userId, { blocks: [notice('info', headline), ...card.blocks] }, { dedupeKey });
    sent += 1;
  }
  return sent;
}

/** The short session id a session card shows in its "Session" field. */
function sessionIdIn(answer: Reply): string | undefined {
  for (const block of answer.blocks) {
    if (block.kind !== 'fields') continue;
    const field = block.fields.find((f) => f.label === 'Session');
    if (field && /^[0-9a-f]{4,36}$/i.test(field.value)) return field.value;
  }
  return undefined;
}
