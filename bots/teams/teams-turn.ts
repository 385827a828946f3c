import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { FORM_IDS, type FormId } from '../../core/commands/forms/index.ts';
import { notice, privateReply, type Reply, text } from '../../core/commands/reply.ts';
import { isActionToken } from '../../core/surface/action-tokens.ts';
import { DELIVERY_TTL_MS } from '../../core/surface/delivery-ledger.ts';
import type { PlatformProfile } from '../../core/surface/identity.ts';
import {
  errorReply,
  openSurfaceConversation,
  type SurfaceConversation,
  type SurfaceRuntime,
} from '../runtime/surface-conversation.ts';
import type { SurfaceKit } from '../runtime/surface-kit.ts';
import { cardActivity, renderCard, summaryOf } from './adaptive-cards.ts';
import { formCard, formValuesOf } from './form-cards.ts';
import {
  entraTenantOf,
  type IncomingActivity,
  isPersonal,
  mentionsOf,
  messageWords,
  submittedValue,
  timeZoneOf,
  userIdOf,
} from './teams-activity.ts';
import type { TurnContext } from './teams-adapter.ts';
import { attachCodeIn, redeemTeamsAttach, TEAMS_ATTACH_KEY_PURPOSE } from './teams-attach.ts';
import { NOT_INSTALLED_TEAMS, type TeamsTenancy } from './teams-tenancy.ts';

/** Words that are not a command: the plain-word availability reader answers them when it can. */
export type PlainWordsHandler = (
  conversation: SurfaceConversation,
  words: string,
) => Promise<Reply | undefined>;

export interface TeamsTurnDeps {
  runtime: SurfaceRuntime;
  kit: Pick<SurfaceKit, 'identities' | 'tenants' | 'deliveries' | 'conversationRefs' | 'installations'>;
  registry: CommandRegistry;
  tenancy: TeamsTenancy;
  plainWords?: PlainWordsHandler;
}

/**
 * Plain words in a personal chat read as availability ("Tue after 6, not Friday"): answered with
 * the confirmation card when anything in them reads as a time, or when the person was asked for
 * their week (the weekly DM); otherwise undefined, and the bot says what it can do.
 */
export function availabilityInPlainWords(
  options: { isAsked?: (conversation: SurfaceConversation) => Promise<boolean> } = {},
): PlainWordsHandler {
  return async (conversation, words) => {
    const outcome = await conversation.invokeOutcome({ command: 'avail.read', input: { text: words } });
    if (outcome.isError) return undefined;
    const understood = (outcome.result as { items?: unknown[] } | undefined)?.items?.length ?? 0;
    if (understood > 0 || (await options.isAsked?.(conversation))) return outcome.reply;
    return undefined;
  };
}

/** What the bot says to words it does not read as a command. */
export function whatICanDo(): Reply {
  return privateReply(
    notice('info', 'I answer commands. Try one of these, or type help for all of them:'),
    text(
      [
        'pair @someone: who would write well with them, and when everyone is free',
        'avail: your free time this week and next (avail edit opens a form)',
        'session: your sessions, with Accept and Decline',
        'profile: your creator profile',
      ].join('\n'),
    ),
  );
}

const hasError = (reply: Reply) => reply.blocks.some((b) => b.kind === 'notice' && b.tone === 'error');

/**
 * One Teams turn: installs (the bot added to a personal chat or a team), messages (a command line,
 * with or without the bot's @mention and the leading slash: Teams has no slash commands), and
 * presses and form submissions (`Action.Submit` posts a message whose `value` is the button's
 * data). A resent activity (same id) is answered once; a double press runs once; a write's card is
 * updated in place in a personal chat.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages
 */
export function teamsTurnHandler(deps: TeamsTurnDeps) {
  const { logger } = deps.runtime;
  const commandWords = new Set(
    deps.registry.chatCommands().flatMap((chat) => [chat.name, ...chat.aliases].map((w) => w.toLowerCase())),
  );
  const isWrite = (command: string | undefined) =>
    command !== undefined && deps.registry.get(command)?.effect === 'write';

  const send = async (context: TurnContext, reply: Reply) => {
    const rendered = renderCard(reply, { updatesInPlace: (action) => isWrite(action.invoke?.command) });
    await context.sendActivity(cardActivity(rendered, summaryOf(reply)) as never);
  };
  const update = async (context: TurnContext, activityId: string, reply: Reply) => {
    const rendered = renderCard(reply, { updatesInPlace: (action) => isWrite(action.invoke?.command) });
    await context.updateActivity({ ...cardActivity(rendered, summaryOf(reply)), id: activityId } as never);
  };

  /** The person's tenant, actor and conversation, recording where to reach them. */
  async function converse(
    context: TurnContext,
    activity: IncomingActivity,
    entraTenantId: string,
    tenantId: string,
  ) {
    const externalUserId = userIdOf(activity);
    if (!externalUserId) throw new Error('activity has no from.id');
    const conversation = await openSurfaceConversation({ ...deps.runtime, kit: deps.kit }, deps.registry, {
      tenantId,
      user: { platform: 'teams', workspaceId: entraTenantId, externalUserId },
      lookupProfile: () => profileOf(context, activity),
    });
    if (isPersonal(activity)) await remember(conversation, activity, entraTenantId);
    return conversation;
  }

  /** Stores the personal chat's reference (for proactive DMs) when it is new or changed. */
  async function remember(
    conversation: SurfaceConversation,
    activity: IncomingActivity,
    entraTenantId: string,
  ) {
    const reference = {
      channelId: activity.channelId ?? 'msteams',
      serviceUrl: activity.serviceUrl,
      conversation: {
        id: activity.conversation?.id,
        conversationType: 'personal',
        tenantId: entraTenantId,
      },
      user: { id: activity.from?.id, aadObjectId: activity.from?.aadObjectId, name: activity.from?.name },
      agent: { id: activity.recipient?.id, name: activity.recipient?.name },
    };
    const { tenant, actor } = conversation.context;
    const known = await deps.kit.conversationRefs.find(tenant.id, actor.userId, 'teams');
    if (known?.isReachable && JSON.stringify(known.reference) === JSON.stringify(reference)) return;
    await deps.kit.conversationRefs.save({
      tenantId: tenant.id,
      userId: actor.userId,
      platform: 'teams',
      workspaceId: entraTenantId,
      reference,
    });
  }

  async function answerWords(conversation: SurfaceConversation, activity: IncomingActivity): Promise<Reply> {
    const mentioned = mentionsOf(activity).map((mention) => mention.userId);
    const handles =
      mentioned.length > 0
        ? await deps.kit.identities.inTenant(conversation.context.tenant.id, (tx) =>
            tx.handlesFor('teams', mentioned),
          )
        : new Map<string, string>();
    let words = messageWords(activity, handles);
    if (/^align\b/i.test(words)) words = words.replace(/^align\s*/i, '');
    if (words.startsWith('/')) return conversation.run(words);
    if (/^(help|\?|commands)[.!?]*$/i.test(words) || words === '') return conversation.run('/help');
    const first = words.split(/\s/, 1)[0]!.toLowerCase();
    if (commandWords.has(first)) return conversation.run(`/${words}`);
    const plain = isPersonal(activity) ? await deps.plainWords?.(conversation, words) : undefined;
    return plain ?? whatICanDo();
  }

  async function answerPress(
    context: TurnContext,
    conversation: SurfaceConversation,
    activity: IncomingActivity,
    value: Record<string, unknown>,
  ): Promise<void> {
    const replyToId = typeof activity.replyToId === 'string' ? activity.replyToId : undefined;
    const canUpdate = Boolean(replyToId) && isPersonal(activity);
    if (typeof value.sa === 'string' && isActionToken(value.sa)) {
      // A resent press (same activity id) was dropped before this; a second tap is a new activity,
      // and the single-use token makes it change nothing: it is answered "already used".
      const answer = await conversation.press(value.sa);
      if (value.inPlace === true && canUpdate && !hasError(answer)) await update(context, replyToId!, answer);
      else await send(context, answer);
      return;
    }
    const openForm = value.openForm as FormId;
    if (typeof value.openForm === 'string' && FORM_IDS.includes(openForm)) {
      const definition = await conversation.form(openForm);
      await context.sendActivity(cardActivity(formCard(definition.form), definition.form.title) as never);
      return;
    }
    const formId = value.submitForm as FormId;
    if (typeof value.submitForm === 'string' && FORM_IDS.includes(formId)) {
      const definition = await conversation.form(formId);
      const values = formValuesOf(definition.form, value, conversation.context.actor.timeZone);
      const submitted = await conversation.submit(formId, values);
      if ('errors' in submitted) {
        const again = formCard(definition.form, { values: value, errors: submitted.errors });
        if (canUpdate)
          await context.updateActivity({
            ...cardActivity(again, definition.form.title),
            id: replyToId,
          } as never);
        else await context.sendActivity(cardActivity(again, definition.form.title) as never);
        return;
      }
      const answer = submitted.outcome.reply;
      if (canUpdate && !hasError(answer)) await update(context, replyToId!, answer);
      else await send(context, answer);
      return;
    }
    await send(context, privateReply(notice('warning', 'That button is not one of mine: nothing was done.')));
  }

  /** False for a resent activity (same conversation and id): it was answered already. */
  async function isFirstDelivery(kind: string, activity: IncomingActivity): Promise<boolean> {
    if (!activity.id) return true;
    const key = `${kind}:${activity.conversation?.id ?? ''}:${activity.id}`;
    return deps.kit.deliveries.claim('teams', key, DELIVERY_TTL_MS.event);
  }

  const attachKey = deps.runtime.secrets.deriveKey(TEAMS_ATTACH_KEY_PURPOSE);

  /**
   * A connect code (`/install teams`): attaches an organisation that has no installation yet to the
   * code's tenant, or says why not (used, expired, already connected). Undefined when the message is
   * not a connect code: then it is an ordinary message.
   */
  async function attachByCode(
    activity: IncomingActivity,
    entraTenantId: string,
  ): Promise<{ tenantId: string; reply: Reply } | { reply: Reply } | undefined> {
    const code = activity.type === 'message' ? attachCodeIn(messageWords(activity)) : undefined;
    const externalUserId = userIdOf(activity);
    if (!code || !externalUserId) return undefined;
    const outcome = await redeemTeamsAttach({
      key: attachKey,
      code,
      nowMs: deps.runtime.clock.nowMs(),
      entraTenantId,
      user: { platform: 'teams', workspaceId: entraTenantId, externalUserId },
      botUserId: activity.recipient?.id ?? null,
      installations: deps.kit.installations,
      tenants: deps.kit.tenants,
      identities: deps.kit.identities,
      deliveries: deps.kit.deliveries,
    });
    if (outcome.kind === 'refused') return { reply: privateReply(notice('warning', outcome.message)) };
    if (outcome.kind === 'already') {
      return {
        reply: privateReply(
          notice(
            'info',
            `Your organisation is already connected to ${outcome.tenant.name}: nothing changed.`,
          ),
        ),
      };
    }
    logger.info({ entraTenantId, tenant: outcome.tenant.slug }, 'teams organisation attached by code');
    return {
      tenantId: outcome.tenant.id,
      reply: privateReply(
        notice('success', `Your organisation is now connected to ${outcome.tenant.name} in Session Align.`),
        text(
          'Everyone in it can talk to me here in Teams. You are signed in as the admin who made the code. Type help to see what I can do.',
        ),
      ),
    };
  }

  /** The Entra tenant and its Session Align tenant; an organisation without one is told so. */
  async function organisationOf(context: TurnContext, activity: IncomingActivity) {
    const entraTenantId = entraTenantOf(activity);
    if (entraTenantId) {
      const attached = await attachByCode(activity, entraTenantId);
      if (attached && 'tenantId' in attached) {
        await converse(context, activity, entraTenantId, attached.tenantId);
      }
      if (attached) {
        await send(context, attached.reply);
        return undefined;
      }
    }
    const tenantId = entraTenantId
      ? await deps.tenancy.tenantFor(entraTenantId, activity.recipient?.id)
      : undefined;
    if (entraTenantId && tenantId) return { entraTenantId, tenantId };
    await send(context, privateReply(notice('warning', NOT_INSTALLED_TEAMS)));
    return undefined;
  }

  async function onMessage(context: TurnContext, activity: IncomingActivity): Promise<void> {
    if (!(await isFirstDelivery('activity', activity))) return;
    let reply: Reply;
    try {
      const org = await organisationOf(context, activity);
      if (!org) return;
      const conversation = await converse(context, activity, org.entraTenantId, org.tenantId);
      const value = submittedValue(activity);
      if (value) {
        await answerPress(context, conversation, activity, value);
        return;
      }
      reply = await answerWords(conversation, activity);
    } catch (error) {
      logger.warn({ err: error }, 'teams message failed');
      reply = errorReply(error);
    }
    await send(context, reply);
  }

  /** The bot added to a personal chat, a team or a group chat: install (single-tenant mode) and say hello. */
  async function onInstall(context: TurnContext, activity: IncomingActivity): Promise<void> {
    if (!(await isFirstDelivery('install', activity))) return;
    const org = await organisationOf(context, activity);
    if (!org) return;
    if (isPersonal(activity) && userIdOf(activity))
      await converse(context, activity, org.entraTenantId, org.tenantId);
    await send(
      context,
      privateReply(
        notice(
          'success',
          'Session Align is here. Type help to see what I can do, or pair @someone to start.',
        ),
      ),
    );
  }

  /** The bot removed from someone's personal chat: stop messaging them there. */
  async function onUninstall(activity: IncomingActivity): Promise<void> {
    const entraTenantId = entraTenantOf(activity);
    const externalUserId = userIdOf(activity);
    if (!entraTenantId || !externalUserId || !isPersonal(activity)) return;
    const tenantId = await deps.tenancy.tenantFor(entraTenantId);
    if (!tenantId) return;
    const actor = await deps.kit.identities.inTenant(tenantId, (tx) =>
      tx.findActor({ platform: 'teams', workspaceId: entraTenantId, externalUserId }),
    );
    if (actor)
      await deps.kit.conversationRefs.markUnreachable(
        tenantId,
        actor.userId,
        'teams',
        'bot removed by the user',
      );
  }

  return async (context: TurnContext): Promise<void> => {
    const activity = context.activity as unknown as IncomingActivity;
    const botId = activity.recipient?.id;
    switch (activity.type) {
      case 'message':
        return onMessage(context, activity);
      case 'conversationUpdate':
        if (activity.membersAdded?.some((member) => member.id === botId)) return onInstall(context, activity);
        if (activity.membersRemoved?.some((member) => member.id === botId)) return onUninstall(activity);
        return;
      case 'installationUpdate':
        if (activity.action === 'add') return onInstall(context, activity);
        if (activity.action === 'remove') return onUninstall(activity);
        return;
      default:
        return;
    }
  };
}

/**
 * Name and time zone from the activity; the e-mail from the conversation's member record
 * (`GET /v3/conversations/{id}/members/{userId}`), which Teams fills from Entra. Asked only on first
 * contact; a member lookup that fails leaves the person without an e-mail (no linking), not out.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#fetch-user-profile
 */
async function profileOf(context: TurnContext, activity: IncomingActivity): Promise<PlatformProfile> {
  const timeZone = timeZoneOf(activity);
  let email: string | undefined;
  let name: string | undefined;
  try {
    const client = context.turnState.get(context.adapter.ConnectorClientKey) as {
      getConversationMember(userId: string, conversationId: string): Promise<Record<string, unknown>>;
    };
    const member = await client.getConversationMember(activity.from!.id!, activity.conversation!.id!);
    const address = typeof member.email === 'string' ? member.email : member.userPrincipalName;
    if (typeof address === 'string' && /^[^@\s]{1,64}@[^@\s]{1,255}$/.test(address)) email = address;
    if (typeof member.name === 'string') name = member.name;
  } catch {
    // No member record (the Emulator, a guest): first contact goes on without an e-mail.
  }
  const displayName = (activity.from?.name ?? name ?? '').trim().slice(0, 200) || 'Teams user';
  return { displayName, ...(timeZone ? { timeZone } : {}), ...(email ? { email } : {}) };
}
