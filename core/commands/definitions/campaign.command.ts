import { z } from 'zod';
import { findCreators } from '../../profiles/find-creators.ts';
import type { DraftProblem } from '../../sessions/campaign.ts';
import {
  type CampaignReview,
  confirmCampaign,
  findCampaign,
  findDraft,
  requireOpen,
  reviewCampaign,
} from '../../sessions/campaign-workflow.ts';
import { resolveRoom } from '../../sessions/room-ref.ts';
import { defaultSessionTitle, sessionPolicyOf } from '../../sessions/session-workflow.ts';
import { AppError } from '../../shared/app-error.ts';
import { byActor } from '../../shared/audit-log.ts';
import { PUBLISHER_ROLES } from '../../tenancy/roles.ts';
import { type Actor, defineCommand, type HandlerContext } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';
import { boundedText, handle, instant, reference, wholeNumber } from '../input-schema.ts';
import { actions, heading, list, notice, type Reply, reply, text } from '../reply.ts';
import { formatRange } from './session/session.view.ts';
import {
  confirmationsInput,
  confirmOption,
  confirmWords,
  quoted,
  readStart,
  requireRef,
} from './session/session-args.ts';

const bad = (message: string) => new AppError('commands.bad_args', message);
const campaignRef = reference('campaign');

function describeProblem(
  problem: DraftProblem,
  labels: Readonly<Record<string, string>>,
  timeZone: string,
): string {
  const name = (resource: { kind: 'participant'; userId: string } | { kind: 'room'; roomId: string }) =>
    labels[resource.kind === 'participant' ? resource.userId : resource.roomId] ?? 'someone';
  switch (problem.kind) {
    case 'invalid':
      return problem.reason;
    case 'busy':
      return `${name(problem.conflict.resource)} is busy ${formatRange(problem.conflict.busy.startMs, problem.conflict.busy.endMs, timeZone)}`;
    case 'draft_clash':
      return `${name(problem.resource)} is also in draft ${problem.otherDraftId.slice(0, 8)} at that time`;
  }
}

function reviewBlocks(review: CampaignReview, actor: Actor, title: string) {
  const problems = new Map(review.plan.blocked.map((b) => [b.draftId, b.problems]));
  const isOpen = review.campaign.state === 'draft';
  const items = review.drafts.map((draft) => {
    const mine = problems.get(draft.id) ?? [];
    const warned = review.warnings[draft.id];
    const status = mine.length > 0 ? 'blocked' : warned ? 'ready, with warnings' : 'ready';
    return {
      title: `${draft.shortId} · ${draft.title} · ${status}`,
      lines: [
        formatRange(draft.startsAtMs, draft.endsAtMs, actor.timeZone),
        `Who: ${draft.participantLabels.join(', ')}${draft.roomLabel ? ` · Room: ${draft.roomLabel}` : ''}`,
        ...mine.map((problem) => `✗ ${describeProblem(problem, review.labels, actor.timeZone)}`),
        ...(warned?.notFree ?? []).map(
          (person) =>
            `! ${person.displayName}: ${person.why} (${formatRange(draft.startsAtMs, draft.endsAtMs, person.timeZone)} their time)`,
        ),
        ...(warned?.doNotPair ?? []).map(
          ([a, b]) => `! @${a} and @${b} are on the do-not-pair list (admins only)`,
        ),
      ],
      ...(isOpen
        ? {
            actions: [
              {
                id: `campaign.remove.${draft.shortId}`,
                label: 'Remove draft',
                invoke: {
                  command: 'campaign.remove',
                  input: { campaign: review.shortId, draft: draft.shortId },
                },
              },
            ],
          }
        : {}),
    };
  });
  const canConfirm = isOpen && review.plan.canPromoteAll && review.drafts.length > 0;
  const hasWarnings = Object.keys(review.warnings).length > 0;
  return [
    heading(`${title}: ${review.campaign.brief}`),
    text(
      `Campaign ${review.shortId} · ${review.campaign.state} · ${review.drafts.length} draft${review.drafts.length === 1 ? '' : 's'} (drafts hold no time)`,
    ),
    ...(items.length > 0
      ? [list(items)]
      : [text(`Add drafts: /campaign draft ${review.shortId} @a @b DATE TIME [DURATION] [room:NAME]`)]),
    ...(canConfirm && !hasWarnings
      ? [
          actions([
            {
              id: `campaign.confirm.${review.shortId}`,
              label: 'Confirm all',
              invoke: { command: 'campaign.confirm', input: { campaign: review.shortId } },
              style: 'primary',
            },
          ]),
        ]
      : []),
    ...(canConfirm && hasWarnings ? [confirmAnyway(review, actor)] : []),
  ];
}

/** Drafts with warnings (marked "!") are confirmed only by a button that says so; do-not-pair ones by admins. */
function confirmAnyway(review: CampaignReview, actor: Actor) {
  const warnings = Object.values(review.warnings);
  const hasDoNotPair = warnings.some((w) => w.doNotPair.length > 0);
  if (hasDoNotPair && actor.role !== 'tenant_admin')
    return text(
      'Drafts marked ! pair people on the do-not-pair list: change them, or ask an admin to confirm.',
    );
  const confirm = [
    ...(warnings.some((w) => w.notFree.length > 0) ? ['outside_availability'] : []),
    ...(hasDoNotPair ? ['do_not_pair'] : []),
  ];
  return actions([
    {
      id: `campaign.confirm.${review.shortId}`,
      label: 'Confirm all anyway',
      invoke: { command: 'campaign.confirm', input: { campaign: review.shortId, confirm } },
      style: 'danger',
    },
  ]);
}

const reviewReply = (review: CampaignReview, actor: Actor, title: string): Reply =>
  reply(...reviewBlocks(review, actor, title));

async function participantIds(context: HandlerContext, handles: readonly string[]): Promise<string[]> {
  const creators = await findCreators(context.stores.roster, handles, 'sessions.unknown_creator');
  const unreachable = creators.filter((c) => c.userId === null).map((c) => `@${c.handle}`);
  if (unreachable.length)
    throw new AppError('sessions.no_account', `${unreachable.join(', ')} cannot be invited yet (no account)`);
  return creators.map((c) => c.userId!);
}

async function openCampaign(context: HandlerContext, ref: string) {
  const campaign = await findCampaign(context.stores, ref, { forUpdate: true });
  requireOpen(campaign);
  return campaign;
}

const review = async (context: HandlerContext, ref: string) =>
  reviewCampaign(context.stores, await findCampaign(context.stores, ref), context.clock.nowMs());

const audited = (
  context: HandlerContext,
  action: string,
  entityId: string,
  values: Record<string, unknown>,
) =>
  context.stores.audit.record({
    ...byActor(context.actor),
    action,
    entity: 'campaign',
    entityId,
    newValues: values,
  });

export const campaignNew = defineCommand({
  name: 'campaign.new',
  summary: 'Start a campaign: one brief, several draft sessions',
  examples: ['/campaign new "Summer sync pitch"'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z.object({ brief: boundedText(2000) }),
  chat: {
    command: 'campaign',
    verb: 'new',
    usage: '/campaign new "BRIEF"',
    parse(line) {
      const brief = line.words.join(' ').trim();
      if (!brief) throw bad('brief: expected the brief, like /campaign new "Summer sync pitch"');
      return { brief };
    },
    format: (input) => `/campaign new ${quoted(input.brief)}`,
  },
  async handle(context, input) {
    const campaign = await context.stores.campaigns.create({
      brief: input.brief,
      createdByUserId: context.actor.userId,
    });
    await audited(context, 'campaign.created', campaign.id, { brief: input.brief });
    return { result: await reviewCampaign(context.stores, campaign, context.clock.nowMs()) };
  },
  present: (result, { actor }) => reviewReply(result, actor, 'Campaign started'),
});

export const campaignList = defineCommand({
  name: 'campaign.list',
  summary: 'The campaigns, newest first',
  examples: ['/campaign'],
  roles: PUBLISHER_ROLES,
  effect: 'read',
  input: z.object({ limit: wholeNumber(1, 50).default(20) }),
  chat: {
    command: 'campaign',
    verbAliases: ['list'],
    usage: '/campaign [list]',
    parse(line) {
      refuseExtraWords(line);
      return {};
    },
    format: () => '/campaign',
  },
  handle: async (context, input) => ({ result: await context.stores.campaigns.list(input) }),
  present(campaigns) {
    if (campaigns.length === 0) return reply(text('No campaigns yet. Start one: /campaign new "BRIEF"'));
    return reply(
      heading('Campaigns'),
      list(
        campaigns.map((c) => ({
          title: `${c.id.slice(0, 8)} · ${c.brief}`,
          lines: [`${c.state} · ${c.draftCount} draft${c.draftCount === 1 ? '' : 's'}`],
          actions: [
            {
              id: `campaign.review.${c.id.slice(0, 8)}`,
              label: 'Review',
              invoke: { command: 'campaign.review', input: { campaign: c.id.slice(0, 8) } },
            },
          ],
        })),
      ),
    );
  },
});

const refOnly = (verb: string) => ({
  parse(line: Parameters<typeof refuseExtraWords>[0]) {
    const [ref, ...rest] = line.words;
    refuseExtraWords({ ...line, words: rest });
    return { campaign: requireRef(ref, `/campaign ${verb} 1a2b3c4d`, 'campaign') };
  },
  format: (input: { campaign: string }) => `/campaign ${verb} ${input.campaign}`,
});

export const campaignReview = defineCommand({
  name: 'campaign.review',
  summary: 'A campaign’s drafts, and whether they can all be booked now',
  examples: ['/campaign review 1a2b3c4d'],
  roles: PUBLISHER_ROLES,
  effect: 'read',
  input: z.object({ campaign: campaignRef }),
  chat: {
    command: 'campaign',
    verb: 'review',
    verbAliases: ['show'],
    usage: '/campaign review ID',
    ...refOnly('review'),
  },
  handle: async (context, input) => ({ result: await review(context, input.campaign) }),
  present: (result, { actor }) => reviewReply(result, actor, 'Campaign'),
});

const draftFields = {
  creators: z.array(handle).min(2, { error: 'name at least two creators, like @ana @ben' }).max(8),
  startsAt: instant,
  durationMinutes: wholeNumber(15, 24 * 60),
  room: boundedText(250),
  title: boundedText(200),
};

/** Reads `@a @b DATE TIME [DURATION] [room:…] [title:…]` after the campaign (and draft) id. */
function readDraft(
  line: Parameters<typeof readStart>[0],
  context: Parameters<typeof readStart>[1],
  offset: number,
) {
  const { startsAt, durationMinutes } = readStart(line, context, offset);
  const room = line.options.room?.[0];
  const title = line.options.title?.[0];
  return {
    ...(line.mentions.length ? { creators: line.mentions } : {}),
    ...(startsAt ? { startsAt } : {}),
    ...(durationMinutes ? { durationMinutes } : {}),
    ...(room !== undefined ? { room } : {}),
    ...(title !== undefined ? { title } : {}),
  };
}

export const campaignDraft = defineCommand({
  name: 'campaign.draft',
  summary: 'Add a draft session to a campaign (holds no time)',
  examples: ['/campaign draft 1a2b3c4d @sven-johansson @hana-costa 2030-12-04 11:00 3h room:"Studio A"'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z.object({
    campaign: campaignRef,
    ...draftFields,
    durationMinutes: draftFields.durationMinutes.default(120),
    room: draftFields.room.optional(),
    title: draftFields.title.optional(),
  }),
  chat: {
    command: 'campaign',
    verb: 'draft',
    usage: '/campaign draft ID @a @b DATE TIME [DURATION] [room:NAME] [title:"…"]',
    parse(line, context) {
      const fields = readDraft(line, context, 1);
      if (!fields.creators || !fields.startsAt)
        throw bad('expected @people and a time, like @ana @ben 2030-12-03 17:00');
      return {
        campaign: requireRef(line.words[0], '/campaign draft 1a2b3c4d …', 'campaign'),
        ...fields,
      } as never;
    },
  },
  async handle(context, input) {
    const campaign = await openCampaign(context, input.campaign);
    const userIds = await participantIds(context, input.creators);
    const room = input.room ? await resolveRoom(context.stores.rooms, input.room) : null;
    const startsAtMs = Date.parse(input.startsAt);
    const draft = await context.stores.campaigns.addDraft({
      campaignId: campaign.id,
      title: input.title || defaultSessionTitle(await context.stores.sessions.participants(userIds)),
      startsAtMs,
      endsAtMs: startsAtMs + input.durationMinutes * 60_000,
      roomId: room?.room.id ?? null,
      participantUserIds: userIds,
    });
    await audited(context, 'campaign.draft_added', campaign.id, { draftId: draft.id, title: draft.title });
    return { result: await reviewCampaign(context.stores, campaign, context.clock.nowMs()) };
  },
  present: (result, { actor }) => reviewReply(result, actor, 'Draft added'),
});

export const campaignEdit = defineCommand({
  name: 'campaign.edit',
  summary: 'Change a draft: its people, time, length, room or title',
  examples: ['/campaign edit 1a2b3c4d 5e6f7a8b 2030-12-04 15:00 2h'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z
    .object({
      campaign: campaignRef,
      draft: reference('draft'),
      creators: draftFields.creators.optional(),
      startsAt: draftFields.startsAt.optional(),
      durationMinutes: draftFields.durationMinutes.optional(),
      room: boundedText(250, { min: 0 }).optional(),
      title: draftFields.title.optional(),
    })
    .refine((input) => Object.keys(input).length > 2, {
      error: 'name what to change: @people, DATE TIME, DURATION, room: or title:',
    }),
  chat: {
    command: 'campaign',
    verb: 'edit',
    usage: '/campaign edit ID DRAFT [@a @b] [DATE TIME] [DURATION] [room:NAME|room:""] [title:"…"]',
    parse(line, context) {
      const [campaign, draft] = line.words;
      return {
        campaign: requireRef(campaign, '/campaign edit 1a2b3c4d 5e6f7a8b …', 'campaign'),
        draft: requireRef(draft, '/campaign edit 1a2b3c4d 5e6f7a8b …', 'draft'),
        ...readDraft(line, context, 2),
      } as never;
    },
  },
  async handle(context, input) {
    const campaign = await openCampaign(context, input.campaign);
    const current = findDraft(
      await reviewCampaign(context.stores, campaign, context.clock.nowMs()),
      input.draft,
    );
    const startsAtMs = input.startsAt ? Date.parse(input.startsAt) : current.startsAtMs;
    const durationMs = input.durationMinutes
      ? input.durationMinutes * 60_000
      : current.endsAtMs - current.startsAtMs;
    const room = input.room ? await resolveRoom(context.stores.rooms, input.room) : undefined;
    const patch = {
      ...(input.creators ? { participantUserIds: await participantIds(context, input.creators) } : {}),
      ...(input.startsAt || input.durationMinutes ? { startsAtMs, endsAtMs: startsAtMs + durationMs } : {}),
      ...(input.room !== undefined ? { roomId: room?.room.id ?? null } : {}),
      ...(input.title ? { title: input.title } : {}),
    };
    await context.stores.campaigns.updateDraft(current.id, patch);
    await audited(context, 'campaign.draft_changed', campaign.id, { draftId: current.id, ...patch });
    return { result: await reviewCampaign(context.stores, campaign, context.clock.nowMs()) };
  },
  present: (result, { actor }) => reviewReply(result, actor, 'Draft changed'),
});

export const campaignRemove = defineCommand({
  name: 'campaign.remove',
  summary: 'Remove a draft from a campaign',
  examples: ['/campaign remove 1a2b3c4d 5e6f7a8b'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z.object({ campaign: campaignRef, draft: reference('draft') }),
  chat: {
    command: 'campaign',
    verb: 'remove',
    usage: '/campaign remove ID DRAFT',
    parse(line) {
      const [campaign, draft, ...rest] = line.words;
      refuseExtraWords({ ...line, words: rest });
      return {
        campaign: requireRef(campaign, '/campaign remove 1a2b3c4d 5e6f7a8b', 'campaign'),
        draft: requireRef(draft, '/campaign remove 1a2b3c4d 5e6f7a8b', 'draft'),
      };
    },
    format: (input) => `/campaign remove ${input.campaign} ${input.draft}`,
  },
  async handle(context, input) {
    const campaign = await openCampaign(context, input.campaign);
    const draft = findDraft(
      await reviewCampaign(context.stores, campaign, context.clock.nowMs()),
      input.draft,
    );
    await context.stores.campaigns.removeDraft(draft.id);
    await audited(context, 'campaign.draft_removed', campaign.id, { draftId: draft.id, title: draft.title });
    return { result: await reviewCampaign(context.stores, campaign, context.clock.nowMs()) };
  },
  present: (result, { actor }) => reviewReply(result, actor, 'Draft removed'),
});

export const campaignConfirm = defineCommand({
  name: 'campaign.confirm',
  summary: 'Propose every draft as a session, all or none',
  examples: ['/campaign confirm 1a2b3c4d'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z.object({
    campaign: campaignRef,
    /** Warnings confirmed (the "Confirm all anyway" button): drafts outside availability, do-not-pair. */
    confirm: confirmationsInput,
  }),
  chat: {
    command: 'campaign',
    verb: 'confirm',
    usage: '/campaign confirm ID [confirm:availability,do-not-pair]',
    parse: (line) => ({ ...refOnly('confirm').parse(line), ...confirmOption(line) }),
    format: (input) =>
      [refOnly('confirm').format(input), confirmWords(input.confirm)].filter(Boolean).join(' '),
  },
  async handle(context, input) {
    const campaign = await findCampaign(context.stores, input.campaign, { forUpdate: true });
    const work = {
      stores: context.stores,
      actor: { userId: context.actor.userId, role: context.actor.role, label: context.actor.displayName },
      nowMs: context.clock.nowMs(),
      policy: await sessionPolicyOf(context.stores),
    };
    const outcome = await confirmCampaign(work, context.tenant.id, campaign, input.confirm);
    if (outcome.sessions.length > 0 && Object.keys(outcome.review.warnings).length > 0) {
      await context.stores.audit.record({
        ...byActor(context.actor),
        action: 'campaign.confirmed_despite_warnings',
        entity: 'campaign',
        entityId: campaign.id,
        newValues: { confirmed: input.confirm, warnings: outcome.review.warnings },
      });
    }
    if (outcome.sessions.length > 0) {
      await context.stores.audit.record({
        ...byActor(context.actor),
        action: 'campaign.confirmed',
        entity: 'campaign',
        entityId: campaign.id,
        oldValues: { state: 'draft' },
        newValues: { state: 'confirmed', sessionIds: outcome.sessions.map((v) => v.session.id) },
      });
    }
    return { result: outcome, events: outcome.events };
  },
  present({ review, sessions, needs }, { actor }) {
    if (needs?.length) {
      return reply(
        ...reviewBlocks(review, actor, 'Check before confirming'),
        notice(
          'warning',
          'Nothing was booked yet: the drafts marked ! are outside someone’s availability or pair people on the do-not-pair list. Change them, or confirm anyway.',
        ),
      );
    }
    if (sessions.length === 0) {
      return reply(
        ...reviewBlocks(review, actor, 'Nothing confirmed'),
        notice(
          'warning',
          'Nothing was booked. Change or remove the blocked drafts (buttons above, or /campaign edit), then confirm again.',
        ),
      );
    }
    return reply(
      ...reviewBlocks(review, actor, 'Campaign confirmed'),
      notice(
        'success',
        `${sessions.length} session${sessions.length === 1 ? '' : 's'} proposed: ${sessions.map((s) => s.shortId).join(', ')}. Invitees are asked to accept.`,
      ),
    );
  },
});

export const campaignGroup: CommandGroup = {
  name: 'campaign',
  summary: 'Draft several sessions for a brief, review them, confirm them in bulk',
  commands: [
    campaignList,
    campaignNew,
    campaignDraft,
    campaignEdit,
    campaignRemove,
    campaignReview,
    campaignConfirm,
  ],
};
