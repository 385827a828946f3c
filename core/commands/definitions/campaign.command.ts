import type { DraftProblem } from '../../sessions/index.ts';
import { AppError } from '../../shared/app-error.ts';
import { PUBLISHER_ROLES } from '../../tenancy/roles.ts';
import { type Actor, defineCommand } from '../command.ts';
import { actions, heading, list, notice, type Reply, reply, text } from '../reply.ts';
import type { CampaignReview } from '../session.services.ts';
import { optionalTextField, TEXT_LIMITS, textField } from '../text-field.ts';
import { formatRange } from './session.view.ts';
import { readTimeAndDuration, requireRef, resolveTypedTime, type TypedTime } from './session-args.ts';

type CampaignArgs =
  | { action: 'new'; brief: string }
  | {
      action: 'draft';
      ref: string;
      handles: string[];
      when: TypedTime;
      durationMinutes: number;
      room?: string;
      title?: string;
    }
  | { action: 'review' | 'confirm'; ref: string };

const bad = (message: string) => new AppError('commands.bad_args', message);

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

function reviewReply(review: CampaignReview, actor: Actor, title: string): Reply {
  const problems = new Map(review.plan.blocked.map((b) => [b.draftId, b.problems]));
  const items = review.drafts.map((draft) => {
    const mine = problems.get(draft.draftId) ?? [];
    return {
      title: `${draft.shortId} · ${draft.title} · ${mine.length === 0 ? 'ready' : 'blocked'}`,
      lines: [
        formatRange(draft.startsAtMs, draft.endsAtMs, actor.timeZone),
        `Who: ${draft.participantLabels.join(', ')}${draft.roomLabel ? ` · Room: ${draft.roomLabel}` : ''}`,
        ...mine.map((problem) => `✗ ${describeProblem(problem, review.labels, actor.timeZone)}`),
      ],
    };
  });
  const canConfirm = review.state === 'draft' && review.plan.canPromoteAll;
  return reply(
    heading(`${title}: ${review.brief}`),
    text(
      `Campaign ${review.shortId} · ${review.state} · ${review.drafts.length} draft${review.drafts.length === 1 ? '' : 's'} (drafts hold no time)`,
    ),
    ...(items.length > 0
      ? [list(items)]
      : [text(`Add drafts: /campaign draft ${review.shortId} @a @b DATE TIME [DURATION] [room:NAME]`)]),
    ...(canConfirm
      ? [
          actions([
            {
              id: `campaign.confirm.${review.shortId}`,
              label: 'Confirm all',
              command: `/campaign confirm ${review.shortId}`,
              style: 'primary',
            },
          ]),
        ]
      : []),
  );
}

/** `/campaign`: draft several sessions for one brief, review them together, confirm all or none. */
export const campaignCommand = defineCommand<CampaignArgs>({
  name: 'campaign',
  summary: 'Draft several sessions for a brief, review them, confirm them in bulk',
  usage:
    '/campaign new "BRIEF" | draft ID @a @b DATE TIME [DURATION] [room:NAME] [title:"…"] | review ID | confirm ID',
  examples: [
    '/campaign new "Summer sync pitch"',
    '/campaign draft 1a2b3c4d @ana @ben 2030-12-03 17:00 3h room:"Studio A"',
    '/campaign confirm 1a2b3c4d',
  ],
  roles: PUBLISHER_ROLES,
  parse(line) {
    const [verb, ref] = line.words;
    switch (verb) {
      case 'new': {
        const brief = textField('brief', line.words.slice(1).join(' '), TEXT_LIMITS.campaignBrief, {
          isLabel: true,
        });
        if (!brief) throw bad('expected the brief, like /campaign new "Summer sync pitch"');
        return { action: 'new', brief };
      }
      case 'draft': {
        const { when, durationMinutes } = readTimeAndDuration(line, 2);
        if (line.mentions.length < 1 || when === undefined)
          throw bad('expected @people and a time, like @ana @ben 2030-12-03 17:00');
        const room = line.options.room?.[0];
        const title = optionalTextField('title', line.options.title?.[0], TEXT_LIMITS.sessionTitle, {
          isLabel: true,
        });
        return {
          action: 'draft',
          ref: requireRef(ref, '/campaign draft 1a2b3c4d …'),
          handles: line.mentions,
          when,
          durationMinutes: durationMinutes ?? 120,
          ...(room ? { room } : {}),
          ...(title ? { title } : {}),
        };
      }
      case 'review':
      case 'show':
      case 'confirm':
        return {
          action: verb === 'confirm' ? 'confirm' : 'review',
          ref: requireRef(ref, `/campaign ${verb} 1a2b3c4d`),
        };
      default:
        throw bad(verb ? `unknown action "${verb}"` : 'expected new, draft, review or confirm');
    }
  },
  async run(context, args) {
    const { actor } = context;
    const campaigns = context.services.campaigns;
    switch (args.action) {
      case 'new':
        return reviewReply(await campaigns.create(actor, args.brief), actor, 'Campaign started');
      case 'draft': {
        const startsAtMs = resolveTypedTime(args.when, actor.timeZone);
        const { when: _when, durationMinutes, ref, action: _action, ...rest } = args;
        const review = await campaigns.addDraft(actor, ref, {
          ...rest,
          startsAtMs,
          endsAtMs: startsAtMs + durationMinutes * 60_000,
        });
        return reviewReply(review, actor, 'Draft added');
      }
      case 'review':
        return reviewReply(await campaigns.review(actor, args.ref), actor, 'Campaign');
      case 'confirm': {
        const { review, sessions } = await campaigns.confirm(actor, args.ref);
        if (sessions.length === 0) {
          return reply(
            ...reviewReply(review, actor, 'Nothing confirmed').blocks,
            notice('warning', 'Fix or remove the blocked drafts; nothing was booked.'),
          );
        }
        return reply(
          ...reviewReply(review, actor, 'Campaign confirmed').blocks,
          notice(
            'success',
            `${sessions.length} session${sessions.length === 1 ? '' : 's'} proposed: ${sessions.map((s) => s.shortId).join(', ')}. Invitees are asked to accept.`,
          ),
        );
      }
    }
  },
});
