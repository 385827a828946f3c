import { randomUUID } from 'node:crypto';

/** Teams' fixed ids in tests: the bot, the Entra tenant. */
export const BOT = { id: '28:bot-app-id', name: 'Session Align' };
export const ENTRA_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export interface TeamsPerson {
  /** The Bot Framework id, `29:…`. */
  id: string;
  aadObjectId: string;
  name: string;
  timeZone?: string;
}

/** The personal chat of a person with the bot. */
export const personalChatOf = (person: TeamsPerson) => `a:personal-${person.aadObjectId}`;

/**
 * A message activity as Teams posts it to the bot, built from the documented schema: type, id,
 * timestamp, serviceUrl, channelId `msteams`, from, conversation (personal, with tenantId),
 * recipient, entities (clientInfo with the person's zone), channelData.tenant.
 * https://learn.microsoft.com/microsoftteams/platform/resources/bot-v3/bot-conversations/bots-conv-personal
 */
export function messageActivity(
  person: TeamsPerson,
  serviceUrl: string,
  options: {
    text?: string;
    value?: Record<string, unknown>;
    replyToId?: string;
    id?: string;
    tenantId?: string;
    conversationType?: 'personal' | 'channel' | 'groupChat';
    entities?: Record<string, unknown>[];
  } = {},
): Record<string, unknown> {
  const tenantId = options.tenantId ?? ENTRA_TENANT;
  const conversationType = options.conversationType ?? 'personal';
  return {
    type: 'message',
    id: options.id ?? `1700000000${Math.floor(Math.random() * 1e6)}-${randomUUID().slice(0, 8)}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    conversation: {
      id: conversationType === 'personal' ? personalChatOf(person) : `19:channel-${tenantId}@thread.tacv2`,
      conversationType,
      tenantId,
      ...(conversationType === 'personal' ? {} : { isGroup: true }),
    },
    recipient: BOT,
    textFormat: 'plain',
    locale: 'en-US',
    ...(options.text !== undefined ? { text: options.text } : {}),
    ...(options.value ? { value: options.value } : {}),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    entities: options.entities ?? [
      {
        type: 'clientInfo',
        locale: 'en-US',
        country: 'US',
        platform: 'Web',
        timezone: person.timeZone ?? 'America/New_York',
      },
    ],
    channelData: { tenant: { id: tenantId } },
  };
}

/** The bot added to someone's personal chat (`conversationUpdate` with the bot in membersAdded). */
export function installActivity(person: TeamsPerson, serviceUrl: string, tenantId = ENTRA_TENANT) {
  return {
    type: 'conversationUpdate',
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: person.id, aadObjectId: person.aadObjectId },
    conversation: { id: personalChatOf(person), conversationType: 'personal', tenantId },
    recipient: BOT,
    membersAdded: [{ id: BOT.id }],
    channelData: { tenant: { id: tenantId } },
  };
}
