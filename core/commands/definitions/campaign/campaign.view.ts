/** How a campaign review reads in chat: each draft with its problems and warnings, and the buttons. */
import type { DraftProblem } from '../../../sessions/campaign.ts';
import type { CampaignReview } from '../../../sessions/campaign-workflow.ts';
import type { Actor } from '../../command.ts';
import { actions, heading, list, type Reply, reply, text } from '../../reply.ts';
import { formatRange } from '../session/session.view.ts';

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

export function reviewBlocks(review: CampaignReview, actor: Actor, title: string) {
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

export const reviewReply = (review: CampaignReview, actor: Actor, title: string): Reply =>
  reply(...reviewBlocks(review, actor, title));
