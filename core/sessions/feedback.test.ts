import { describe, expect, it } from 'vitest';
import { checkFeedbackAllowed, parseFeedback, summarizePairHistory } from './feedback.ts';
import { endsAtMs, nowMs, sessionIn } from './session.fixture.ts';

const valid = { sessionId: 's1', fromUserId: 'ana', rating: 4, wouldWriteAgain: true };

describe('parseFeedback', () => {
  it('accepts a valid submission and tidies the note', () => {
    expect(parseFeedback({ ...valid, note: '  great hook  ' })).toEqual({
      ok: true,
      value: { ...valid, note: 'great hook' },
    });
    expect(parseFeedback(valid)).toEqual({ ok: true, value: { ...valid, note: null } });
    expect(parseFeedback({ ...valid, note: '   ' })).toEqual({ ok: true, value: { ...valid, note: null } });
  });

  it('refuses bad ratings, missing answers and long notes, saying which field', () => {
    const problem = (input: unknown) => {
      const result = parseFeedback(input);
      return result.ok ? null : [result.error.code, result.error.message];
    };
    for (const rating of [0, 6, 3.5, '5', Number.NaN]) {
      expect(problem({ ...valid, rating })?.[1]).toMatch(/^Invalid feedback: rating: /);
    }
    expect(problem({ ...valid, wouldWriteAgain: undefined })?.[1]).toMatch(/wouldWriteAgain/);
    expect(problem({ ...valid, note: 'x'.repeat(1001) })).toEqual([
      'sessions.invalid_feedback',
      'Invalid feedback: note: note must be at most 1000 characters',
    ]);
    // 1000 emoji are 2000 UTF-16 units but 1000 characters.
    expect(parseFeedback({ ...valid, note: '🎸'.repeat(1000) }).ok).toBe(true);
    expect(problem(null)?.[0]).toBe('sessions.invalid_feedback');
  });
});

describe('checkFeedbackAllowed', () => {
  it('allows accepted participants after the end, once', () => {
    const scheduled = sessionIn('scheduled');
    expect(checkFeedbackAllowed(scheduled, 'ana', endsAtMs, false)).toBeNull();
    expect(checkFeedbackAllowed(sessionIn('done'), 'ben', endsAtMs, false)).toBeNull();
    expect(checkFeedbackAllowed(scheduled, 'ana', nowMs, false)?.message).toBe(
      'Cannot give feedback: the session has not ended yet',
    );
    expect(checkFeedbackAllowed(scheduled, 'cleo', endsAtMs, false)?.code).toBe(
      'sessions.feedback_not_allowed',
    );
    expect(checkFeedbackAllowed(scheduled, 'ana', endsAtMs, true)?.message).toMatch(/already/);
    expect(checkFeedbackAllowed(sessionIn('cancelled'), 'ana', endsAtMs, false)?.message).toMatch(
      /did not take place/,
    );
  });
});

describe('summarizePairHistory', () => {
  it('counts sessions per pair and averages only the pair’s own feedback', () => {
    const sessions = [
      { sessionId: 's1', participantUserIds: ['ben', 'ana'] },
      { sessionId: 's2', participantUserIds: ['ana', 'ben', 'cleo'] },
      { sessionId: 's3', participantUserIds: ['cleo', 'dan'] },
    ];
    const feedback = [
      { sessionId: 's1', fromUserId: 'ana', rating: 5, wouldWriteAgain: true },
      { sessionId: 's1', fromUserId: 'ana', rating: 1, wouldWriteAgain: false }, // duplicate: ignored
      { sessionId: 's1', fromUserId: 'ben', rating: 4, wouldWriteAgain: true },
      { sessionId: 's2', fromUserId: 'ben', rating: 3, wouldWriteAgain: false },
      { sessionId: 's2', fromUserId: 'cleo', rating: 1, wouldWriteAgain: false },
    ];
    expect(summarizePairHistory(sessions, feedback)).toEqual([
      {
        userIds: ['ana', 'ben'],
        sessionCount: 2,
        ratingCount: 3,
        meanRating: 4,
        wouldWriteAgainRatio: 2 / 3,
      },
      { userIds: ['ana', 'cleo'], sessionCount: 1, ratingCount: 1, meanRating: 1, wouldWriteAgainRatio: 0 },
      { userIds: ['ben', 'cleo'], sessionCount: 1, ratingCount: 2, meanRating: 2, wouldWriteAgainRatio: 0 },
      {
        userIds: ['cleo', 'dan'],
        sessionCount: 1,
        ratingCount: 0,
        meanRating: null,
        wouldWriteAgainRatio: null,
      },
    ]);
  });
});
