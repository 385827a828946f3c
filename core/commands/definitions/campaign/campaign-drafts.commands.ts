import { z } from 'zod';
import { findDraft, reviewCampaign } from '../../../sessions/campaign-workflow.ts';
import { resolveRoom } from '../../../sessions/room-ref.ts';
import { defaultSessionTitle } from '../../../sessions/session-workflow.ts';
import { PUBLISHER_ROLES } from '../../../tenancy/roles.ts';
import { defineCommand } from '../../command.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { boundedText, reference } from '../../input-schema.ts';
import { requireRef } from '../session/session-args.ts';
import { reviewReply } from './campaign.view.ts';
import { bad, campaignRef, draftFields, readDraft } from './campaign-args.ts';
import { audited, openCampaign, participantIds } from './campaign-context.ts';

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
