/**
 * Reading the parts of a Bot Framework activity the Teams surface uses, defensively: activities
 * arrive as JSON from the network, so every field is checked before it is trusted.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object
 */

export interface ChannelAccount {
  id?: string;
  name?: string;
  aadObjectId?: string;
}

/** The fields of an incoming activity the surface reads (everything else is passed through untouched). */
export interface IncomingActivity {
  type?: string;
  id?: string;
  timestamp?: string;
  serviceUrl?: string;
  channelId?: string;
  from?: ChannelAccount;
  recipient?: ChannelAccount;
  conversation?: { id?: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  text?: string;
  value?: unknown;
  replyToId?: string;
  action?: string;
  entities?: { type?: string; timezone?: string; mentioned?: ChannelAccount; text?: string }[];
  channelData?: { tenant?: { id?: string } };
  membersAdded?: ChannelAccount[];
  membersRemoved?: ChannelAccount[];
}

const str = (value: unknown, max = 1024): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;

/** The Entra tenant the activity came from: `conversation.tenantId`, else `channelData.tenant.id`. */
export function entraTenantOf(activity: IncomingActivity): string | undefined {
  return str(activity.conversation?.tenantId, 128) ?? str(activity.channelData?.tenant?.id, 128);
}

/** The person's stable Entra id (aadObjectId); the Bot Framework id (`29:…`) when Teams sent none. */
export function userIdOf(activity: IncomingActivity): string | undefined {
  return str(activity.from?.aadObjectId, 128) ?? str(activity.from?.id, 512);
}

export const isPersonal = (activity: IncomingActivity): boolean =>
  (activity.conversation?.conversationType ?? 'personal') === 'personal';

/**
 * The person's IANA time zone from the `clientInfo` entity Teams adds to messages
 * (`"timezone": "America/Los_Angeles"`); undefined when absent or not a zone we know.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-localization#localize-your-bot
 */
export function timeZoneOf(activity: IncomingActivity): string | undefined {
  const entity = (Array.isArray(activity.entities) ? activity.entities : []).find(
    (e) => e && typeof e === 'object' && e.type === 'clientInfo',
  );
  const zone = str(entity?.timezone, 64);
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/** Mentions of people other than the bot, as Teams marks them (`<at>Ana</at>` plus a mention entity). */
export function mentionsOf(activity: IncomingActivity): { text: string; userId: string }[] {
  const botId = activity.recipient?.id;
  return (Array.isArray(activity.entities) ? activity.entities : []).flatMap((entity) => {
    if (entity?.type !== 'mention' || typeof entity.text !== 'string') return [];
    const mentioned = entity.mentioned;
    if (!mentioned || mentioned.id === botId) return [];
    const userId = str(mentioned.aadObjectId, 128) ?? str(mentioned.id, 512);
    return userId ? [{ text: entity.text, userId }] : [];
  });
}

/** The most characters of a message we read: every command line is far shorter. */
export const MAX_MESSAGE_LENGTH = 4000;

/**
 * The words of a message: the bot's own `<at>…</at>` mention taken off (Teams puts it in the text
 * in channels), the other people's mentions as `@handle` where `handles` knows them, HTML that
 * some clients send reduced to text.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations#retrieve-mentions
 */
export function messageWords(
  activity: IncomingActivity,
  handles: ReadonlyMap<string, string> = new Map(),
): string {
  let text = typeof activity.text === 'string' ? activity.text.slice(0, MAX_MESSAGE_LENGTH) : '';
  for (const mention of mentionsOf(activity)) {
    // Someone without a creator profile stays a readable @name, so the command can say who it is missing.
    const name = mention.text
      .replace(/<\/?at>/g, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, '-');
    const handle = handles.get(mention.userId) ?? name;
    if (handle) text = text.split(mention.text).join(`@${handle}`);
  }
  text = text.replace(/<at>[^<]*<\/at>/g, ' ');
  text = text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return text.replace(/[ \t]+/g, ' ').trim();
}

/** `value` of a press or form submission: an object, or undefined. */
export function submittedValue(activity: IncomingActivity): Record<string, unknown> | undefined {
  const value = activity.value;
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
