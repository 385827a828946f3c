import { z } from 'zod';
import { confirmCampaign, findCampaign, reviewCampaign } from '../../../sessions/campaign-workflow.ts';
import { sessionPolicyOf } from '../../../sessions/session-workflow.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { PUBLISHER_ROLES } from '../../../tenancy/roles.ts';
import { defineCommand } from '../../command.ts';
import type { CommandGroup } from '../../command-registry.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { boundedText, wholeNumber } from '../../input-schema.ts';
import { heading, list, notice, reply, text } from '../../reply.ts';
import { confirmationsInput, confirmOption, confirmWords, quoted } from '../session/session-args.ts';
import { reviewBlocks, reviewReply } from './campaign.view.ts';
import { bad, campaignRef, refOnly } from './campaign-args.ts';
import { audited, review } from './campaign-context.ts';
import { campaignDraft, campaignEdit, campaignRemove } from './campaign-drafts.commands.ts';

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
