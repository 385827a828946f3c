import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import type { Session } from './session.types.ts';

export const maxFeedbackNoteChars = 1000;

export const feedbackSubmissionSchema = z.object({
  sessionId: z.string().min(1),
  fromUserId: z.string().min(1),
  rating: z.number().int('rating must be a whole number').min(1).max(5),
  wouldWriteAgain: z.boolean(),
  note: z
    .string()
    .trim()
    // Characters as people count them (code points), not UTF-16 units: an emoji is one.
    .refine(
      (note) => [...note].length <= maxFeedbackNoteChars,
      `note must be at most ${maxFeedbackNoteChars} characters`,
    )
    .nullish()
    .transform((note) => (note ? note : null)),
});

export type FeedbackSubmission = z.output<typeof feedbackSubmissionSchema>;

/**
 * @example
 * const parsed = parseFeedback({ sessionId, fromUserId, rating: 5, wouldWriteAgain: true });
 * if (!parsed.ok) return reply(parsed.error.message);
 */
export function parseFeedback(
  input: unknown,
): { ok: true; value: FeedbackSubmission } | { ok: false; error: AppError } {
  const parsed = feedbackSubmissionSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'feedback'}: ${issue.message}`,
  );
  return {
    ok: false,
    error: new AppError('sessions.invalid_feedback', `Invalid feedback: ${problems.join('; ')}`, {
      problems,
    }),
  };
}

/** Feedback comes once per person, from someone who accepted, after a session that took place. */
export function checkFeedbackAllowed(
  session: Pick<Session, 'state' | 'endsAtMs' | 'participants'>,
  fromUserId: string,
  nowMs: number,
  hasAlreadySubmitted: boolean,
): AppError | null {
  const refuse = (why: string) =>
    new AppError('sessions.feedback_not_allowed', `Cannot give feedback: ${why}`);
  if (session.state !== 'scheduled' && session.state !== 'done')
    return refuse('the session did not take place');
  if (nowMs < session.endsAtMs) return refuse('the session has not ended yet');
  const self = session.participants.find((p) => p.userId === fromUserId);
  if (self?.state !== 'accepted') return refuse('only people who took part can rate it');
  if (hasAlreadySubmitted) return refuse('you already gave feedback for this session');
  return null;
}

/** What matching's history bonus needs for one pair of creators. */
export interface PairHistory {
  /** Sorted, so the pair has one spelling. */
  userIds: readonly [string, string];
  sessionCount: number;
  /** Feedback from either of the two about sessions they shared. */
  ratingCount: number;
  meanRating: number | null;
  wouldWriteAgainRatio: number | null;
}

export interface AttendedSession {
  sessionId: string;
  /** Those who took part (accepted participants of a done session). */
  participantUserIds: readonly string[];
}

/**
 * Per pair of creators who wrote together: how often, how they rated it, whether they'd do it again.
 * Only the pair's own ratings count (a third writer's rating of a trio says little about A and B);
 * a second submission for the same (session, person) is ignored.
 */
export function summarizePairHistory(
  sessions: readonly AttendedSession[],
  feedback: readonly Pick<FeedbackSubmission, 'sessionId' | 'fromUserId' | 'rating' | 'wouldWriteAgain'>[],
): PairHistory[] {
  const bySessionAndUser = new Map<string, (typeof feedback)[number]>();
  for (const item of feedback) {
    const key = JSON.stringify([item.sessionId, item.fromUserId]);
    if (!bySessionAndUser.has(key)) bySessionAndUser.set(key, item);
  }
  const pairs = new Map<
    string,
    { userIds: [string, string]; sessions: number; ratings: number[]; yes: number }
  >();
  for (const session of sessions) {
    const people = [...new Set(session.participantUserIds)].toSorted();
    for (const [i, a] of people.entries()) {
      for (const b of people.slice(i + 1)) {
        const pairKey = JSON.stringify([a, b]);
        const pair = pairs.get(pairKey) ?? { userIds: [a, b], sessions: 0, ratings: [], yes: 0 };
        pair.sessions += 1;
        for (const who of [a, b]) {
          const item = bySessionAndUser.get(JSON.stringify([session.sessionId, who]));
          if (item === undefined) continue;
          pair.ratings.push(item.rating);
          if (item.wouldWriteAgain) pair.yes += 1;
        }
        pairs.set(pairKey, pair);
      }
    }
  }
  return [...pairs.values()]
    .map((pair) => ({
      userIds: pair.userIds,
      sessionCount: pair.sessions,
      ratingCount: pair.ratings.length,
      meanRating:
        pair.ratings.length === 0 ? null : pair.ratings.reduce((sum, r) => sum + r, 0) / pair.ratings.length,
      wouldWriteAgainRatio: pair.ratings.length === 0 ? null : pair.yes / pair.ratings.length,
    }))
    .toSorted((x, y) => x.userIds[0].localeCompare(y.userIds[0]) || x.userIds[1].localeCompare(y.userIds[1]));
}
