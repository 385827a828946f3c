import type { IdentityStore } from '../../core/surface/identity.ts';

/** `<@U0123ABC>` or `<@U0123ABC|ana>`, as Slack escapes mentions in slash command text. */
const SLACK_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * Slack sends mentions as user ids; commands speak creator handles. A mention of someone with a
 * creator profile becomes `@handle`; anyone else becomes `@slack:U…`, which commands that accept
 * people (like /promote) understand and others answer as unknown.
 * https://docs.slack.dev/messaging/formatting-message-text#mentioning-users
 */
export async function translateMentions(
  identities: Pick<IdentityStore, 'inTenant'>,
  tenantId: string,
  text: string,
): Promise<string> {
  const ids = [...new Set([...text.matchAll(SLACK_MENTION)].map((match) => match[1]!))];
  if (ids.length === 0) return text;
  const handles = await identities.inTenant(tenantId, (tx) => tx.handlesFor('slack', ids));
  return text.replace(SLACK_MENTION, (_, id: string) => `@${handles.get(id) ?? `slack:${id}`}`);
}
