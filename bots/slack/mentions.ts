import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { creators, identities } from '../../db/schema/index.ts';

/** `<@U0123ABC>` or `<@U0123ABC|ana>`, as Slack escapes mentions in slash command text. */
const SLACK_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * Slack sends mentions as user ids; commands speak creator handles. A mention of someone with a
 * creator profile becomes `@handle`; anyone else becomes `@slack:U…`, which commands that accept
 * people (like /align promote) understand and others answer as unknown.
 * https://docs.slack.dev/messaging/formatting-message-text#mentioning-users
 */
export async function translateMentions(database: Database, tenantId: string, text: string): Promise<string> {
  const ids = [...new Set([...text.matchAll(SLACK_MENTION)].map((match) => match[1]!))];
  if (ids.length === 0) return text;
  const handles = await handlesForSlackUsers(database, tenantId, ids);
  return text.replace(SLACK_MENTION, (_, id: string) => `@${handles.get(id) ?? `slack:${id}`}`);
}

/** Creator handles of the given Slack users, where they have one. */
export async function handlesForSlackUsers(
  database: Database,
  tenantId: string,
  slackUserIds: readonly string[],
): Promise<Map<string, string>> {
  if (slackUserIds.length === 0) return new Map();
  const rows = await database.withTenant(tenantId, (tx) =>
    tx
      .select({ slackUserId: identities.externalUserId, handle: creators.handle })
      .from(identities)
      .innerJoin(creators, eq(creators.userId, identities.userId))
      .where(and(eq(identities.platform, 'slack'), inArray(identities.externalUserId, [...slackUserIds]))),
  );
  return new Map(rows.map((row) => [row.slackUserId, row.handle]));
}

/** The Slack identities of users in this tenant (user id, and the workspace it came from), for DMs. */
export async function slackIdsForUsers(
  database: Database,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, { slackUserId: string; workspaceId: string | null }>> {
  if (userIds.length === 0) return new Map();
  const rows = await database.withTenant(tenantId, (tx) =>
    tx
      .select({
        userId: identities.userId,
        slackUserId: identities.externalUserId,
        workspaceId: identities.workspaceId,
      })
      .from(identities)
      .where(and(eq(identities.platform, 'slack'), inArray(identities.userId, [...userIds]))),
  );
  return new Map(rows.map(({ userId, ...slack }) => [userId, slack]));
}
