import { type Conflict, type ConflictResource, findConflicts } from './conflicts.ts';
import { intersection, isValidInterval } from './interval.ts';
import type { Interval } from './session.types.ts';

/**
 * A draft session in a campaign (a publisher's batch for one brief). Drafts reserve nothing; they
 * are reviewed together and promoted in bulk, all or none, after `planCampaignPromotion` says so.
 */
export interface CampaignDraft extends Interval {
  draftId: string;
  participantUserIds: readonly string[];
  roomId: string | null;
}

/** Current busy time from the database (scheduled sessions, live holds, blocks), by person and room. */
export interface CampaignBusy {
  byUser: ReadonlyMap<string, readonly Interval[]>;
  byRoom: ReadonlyMap<string, readonly Interval[]>;
}

export type DraftProblem =
  | { kind: 'invalid'; reason: string }
  | { kind: 'busy'; conflict: Conflict }
  | { kind: 'draft_clash'; otherDraftId: string; resource: ConflictResource; overlap: Interval };

export interface CampaignPlan {
  /** True when every draft can be promoted; promote all in one transaction, or nothing. */
  canPromoteAll: boolean;
  promotable: string[];
  blocked: { draftId: string; problems: DraftProblem[] }[];
}

function invalidReasons(draft: CampaignDraft, nowMs: number): string[] {
  const reasons: string[] = [];
  if (!isValidInterval(draft)) reasons.push('the end must be after the start');
  else if (draft.startMs <= nowMs) reasons.push('the start is in the past');
  if (new Set(draft.participantUserIds).size < 2) reasons.push('a session needs at least two participants');
  if (new Set(draft.participantUserIds).size !== draft.participantUserIds.length) {
    reasons.push('someone is listed twice');
  }
  return reasons;
}

function sharedResources(a: CampaignDraft, b: CampaignDraft): ConflictResource[] {
  const people = new Set(a.participantUserIds);
  const shared: ConflictResource[] = b.participantUserIds
    .filter((userId) => people.has(userId))
    .map((userId) => ({ kind: 'participant', userId }));
  if (a.roomId !== null && a.roomId === b.roomId) shared.push({ kind: 'room', roomId: a.roomId });
  return shared;
}

/**
 * Which drafts could become real sessions now: each is checked against current busy time and
 * against the other drafts of the same campaign (two drafts sharing a person or a room at the same
 * time both get reported, so the publisher chooses). Drafts keep their input order in the answer.
 *
 * @example
 * const plan = planCampaignPromotion({ drafts, busy, nowMs: clock.nowMs() });
 * if (!plan.canPromoteAll) return renderBlocked(plan.blocked);
 */
export function planCampaignPromotion(input: {
  drafts: readonly CampaignDraft[];
  busy: CampaignBusy;
  nowMs: number;
}): CampaignPlan {
  const problems = new Map<string, DraftProblem[]>(input.drafts.map((d) => [d.draftId, []]));
  const report = (draftId: string, problem: DraftProblem) => problems.get(draftId)?.push(problem);

  for (const draft of input.drafts) {
    for (const reason of invalidReasons(draft, input.nowMs))
      report(draft.draftId, { kind: 'invalid', reason });
    if (!isValidInterval(draft)) continue;
    const conflicts = findConflicts(draft, {
      participants: draft.participantUserIds.map((userId) => ({
        userId,
        busy: input.busy.byUser.get(userId) ?? [],
      })),
      room:
        draft.roomId === null
          ? null
          : { roomId: draft.roomId, busy: input.busy.byRoom.get(draft.roomId) ?? [] },
    });
    for (const conflict of conflicts) report(draft.draftId, { kind: 'busy', conflict });
  }

  // Sorted by start, a draft can only clash with later-starting drafts that begin before it ends.
  const valid = input.drafts.filter(isValidInterval).toSorted((a, b) => a.startMs - b.startMs);
  for (const [index, a] of valid.entries()) {
    for (const b of valid.slice(index + 1)) {
      if (b.startMs >= a.endMs) break;
      const overlap = intersection(a, b);
      if (overlap === null) continue;
      for (const resource of sharedResources(a, b)) {
        report(a.draftId, { kind: 'draft_clash', otherDraftId: b.draftId, resource, overlap });
        report(b.draftId, { kind: 'draft_clash', otherDraftId: a.draftId, resource, overlap });
      }
    }
  }

  const promotable = input.drafts.filter((d) => problems.get(d.draftId)?.length === 0).map((d) => d.draftId);
  const blocked = input.drafts
    .filter((d) => (problems.get(d.draftId)?.length ?? 0) > 0)
    .map((d) => ({ draftId: d.draftId, problems: problems.get(d.draftId) ?? [] }));
  return { canPromoteAll: blocked.length === 0 && input.drafts.length > 0, promotable, blocked };
}
