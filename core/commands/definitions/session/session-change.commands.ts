import { z } from 'zod';
import { findCreator } from '../../../profiles/find-creators.ts';
import { checkFeedbackAllowed, maxFeedbackNoteChars } from '../../../sessions/feedback.ts';
import { rescheduleSession } from '../../../sessions/session-booking.ts';
import { applySessionEvent, findSession } from '../../../sessions/session-workflow.ts';
import { AppError } from '../../../shared/app-error.ts';
import { defineCommand } from '../../command.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { boundedText, handle, instant, reference, wholeNumber } from '../../input-schema.ts';
import { notice, privateReply, reply } from '../../reply.ts';
import { confirmationReply, conflictReply, sessionCard } from './session.view.ts';
import {
  confirmationsInput,
  confirmOption,
  confirmWords,
  formatInstant,
  parseYesNo,
  quoted,
  readStart,
  requireRef,
} from './session-args.ts';
import { done, timed, workOf } from './session-work.ts';

const bad = (message: string) => new AppError('commands.bad_args', message);

const answerInput = z.object({ session: reference('session'), for: handle.optional() });

function answerCommand(answer: 'accept' | 'decline') {
  return defineCommand({
    name: `session.${answer}`,
    summary: answer === 'accept' ? 'Accept a proposed session' : 'Decline a proposed session',
    examples: [`/session ${answer} 1a2b3c4d`],
    effect: 'write',
    input: answerInput,
    chat: {
      command: 'session',
      verb: answer,
      usage: `/session ${answer} ID [@for-creator]`,
      parse(line) {
        const [ref, ...rest] = line.words;
        refuseExtraWords({ ...line, words: rest });
        const forHandle = line.mentions[0];
        return {
          session: requireRef(ref, `/session ${answer} 1a2b3c4d`),
          ...(forHandle ? { for: forHandle } : {}),
        };
      },
      format: (input) => `/session ${answer} ${input.session}${input.for ? ` @${input.for}` : ''}`,
    },
    async handle(context, input) {
      const work = await workOf(context);
      const view = await findSession(context.stores, input.session, context.actor, { forUpdate: true });
      let participantUserId = context.actor.userId;
      if (input.for) {
        const person = await findCreator(context.stores.roster, input.for);
        if (!person.userId || !view.session.participants.some((p) => p.userId === person.userId)) {
          throw new AppError('sessions.not_participant', `@${input.for} is not invited to this session`);
        }
        participantUserId = person.userId;
      }
      const outcome = await applySessionEvent(work, view, { type: answer, participantUserId });
      return done(outcome.view, outcome);
    },
    present(view, { actor }) {
      const title =
        view.session.state === 'scheduled'
          ? 'Scheduled: everyone is in'
          : `${answer === 'accept' ? 'Accepted' : 'Declined'}: ${view.session.title}`;
      return reply(...sessionCard(view, actor, title).blocks);
    },
  });
}

export const sessionAccept = answerCommand('accept');
export const sessionDecline = answerCommand('decline');

const refOnly = (verb: string) => ({
  parse(line: { words: string[] } & Parameters<typeof refuseExtraWords>[0]) {
    const [ref, ...rest] = line.words;
    refuseExtraWords({ ...line, words: rest });
    return { session: requireRef(ref, `/session ${verb} 1a2b3c4d`) };
  },
  format: (input: { session: string }) => `/session ${verb} ${input.session}`,
});

/** `/session confirm ID`: a publisher schedules an accepted session (tenants that confirm by hand). */
export const sessionConfirm = defineCommand({
  name: 'session.confirm',
  summary: 'Confirm (schedule) an accepted session, where publishers confirm',
  examples: ['/session confirm 1a2b3c4d'],
  effect: 'write',
  input: z.object({ session: reference('session') }),
  chat: { command: 'session', verb: 'confirm', usage: '/session confirm ID', ...refOnly('confirm') },
  async handle(context, input) {
    const work = await workOf(context);
    const view = await findSession(context.stores, input.session, context.actor, { forUpdate: true });
    const outcome = await applySessionEvent(work, view, { type: 'schedule' });
    return done(outcome.view, outcome);
  },
  present: (view, { actor }) => reply(...sessionCard(view, actor, 'Scheduled').blocks),
});

const rescheduleInput = z.object({
  session: reference('session'),
  startsAt: instant,
  durationMinutes: wholeNumber(15, 24 * 60).optional(),
  reason: boundedText(1000).optional(),
  confirm: confirmationsInput,
});

/** `/session reschedule ID DATE|tomorrow|fri TIME [DURATION] [reason:"…"]`: answers reset, everyone is asked again. */
export const sessionReschedule = defineCommand({
  name: 'session.reschedule',
  summary: 'Move a session: everyone is asked again',
  examples: ['/session reschedule 1a2b3c4d 2030-12-04 17:00 reason:"studio moved"'],
  effect: 'write',
  input: rescheduleInput,
  chat: {
    command: 'session',
    verb: 'reschedule',
    verbAliases: ['move'],
    usage: '/session reschedule ID DATE|tomorrow|fri TIME [DURATION] [reason:"…"]',
    parse(line, context) {
      const ref = requireRef(line.words[0], '/session reschedule 1a2b3c4d 2030-12-04 17:00');
      const { startsAt, durationMinutes } = readStart(line, context, 1);
      if (startsAt === undefined) throw bad('when: expected the new time, like 2030-12-04 17:00');
      const reason = line.options.reason?.[0];
      return {
        session: ref,
        startsAt,
        ...(durationMinutes === undefined ? {} : { durationMinutes }),
        ...(reason ? { reason } : {}),
        ...confirmOption(line),
      };
    },
    format: (input) =>
      [
        `/session reschedule ${input.session} at:${input.startsAt}`,
        input.durationMinutes ? `${input.durationMinutes}m` : '',
        input.reason ? `reason:${quoted(input.reason)}` : '',
        confirmWords(input.confirm),
      ]
        .filter(Boolean)
        .join(' '),
  },
  async handle(context, input) {
    const work = await workOf(context);
    const view = await findSession(context.stores, input.session, context.actor, { forUpdate: true });
    const startsAtMs = Date.parse(input.startsAt);
    const durationMs =
      input.durationMinutes === undefined
        ? view.session.endsAtMs - view.session.startsAtMs
        : input.durationMinutes * 60_000;
    const outcome = await rescheduleSession(
      work,
      view,
      { startsAtMs, endsAtMs: startsAtMs + durationMs, ...(input.reason ? { reason: input.reason } : {}) },
      { confirmed: input.confirm },
    );
    return timed({ outcome, input, durationMinutes: Math.round(durationMs / 60_000), shortId: view.shortId });
  },
  present({ outcome, input, durationMinutes, shortId }, { actor }) {
    const retryAt = (startMs: number) => ({
      command: 'session.reschedule',
      input: { ...input, session: shortId, startsAt: formatInstant(startMs), durationMinutes },
    });
    if (outcome.kind === 'needs_confirmation') {
      const startMs = Date.parse(input.startsAt);
      return confirmationReply(outcome.warnings, actor, {
        proposed: { startMs, endMs: startMs + durationMinutes * 60_000 },
        retry: (alternative) => retryAt(alternative.startMs),
        anyway: {
          command: 'session.reschedule',
          input: { ...retryAt(startMs).input, confirm: ['outside_availability'] },
        },
        anywayLabel: 'Move anyway',
      });
    }
    if (outcome.kind === 'conflict') {
      return conflictReply(outcome.conflict, outcome.conflict.message, actor, (alternative) => ({
        command: 'session.reschedule',
        input: { ...input, session: shortId, startsAt: formatInstant(alternative.startMs), durationMinutes },
      }));
    }
    return reply(...sessionCard(outcome.view, actor, 'Moved: everyone is asked again').blocks);
  },
});

/** `/session cancel ID [REASON]`. */
export const sessionCancel = defineCommand({
  name: 'session.cancel',
  summary: 'Cancel a session (a reason is needed close to the start)',
  examples: ['/session cancel 1a2b3c4d flu'],
  effect: 'write',
  input: z.object({ session: reference('session'), reason: boundedText(1000).optional() }),
  chat: {
    command: 'session',
    verb: 'cancel',
    usage: '/session cancel ID [REASON]',
    parse(line) {
      const [ref, ...rest] = line.words;
      const reason = line.options.reason?.[0] ?? rest.join(' ');
      return {
        session: requireRef(ref, '/session cancel 1a2b3c4d flu'),
        ...(reason.trim() ? { reason } : {}),
      };
    },
    format: (input) =>
      `/session cancel ${input.session}${input.reason ? ` reason:${quoted(input.reason)}` : ''}`,
  },
  async handle(context, input) {
    const work = await workOf(context);
    const view = await findSession(context.stores, input.session, context.actor, { forUpdate: true });
    const outcome = await applySessionEvent(work, view, {
      type: 'cancel',
      ...(input.reason ? { reason: input.reason } : {}),
    });
    return done(outcome.view, outcome);
  },
  present: (view, { actor }) => reply(...sessionCard(view, actor, 'Cancelled').blocks),
});

/** `/session feedback ID 1-5 yes|no ["note"]`: once, from someone who took part, after the end. */
export const sessionFeedback = defineCommand({
  name: 'session.feedback',
  summary: 'Rate a session you took part in (1-5), and say whether you would write together again',
  examples: ['/session feedback 1a2b3c4d 5 yes "great hook"'],
  effect: 'write',
  input: z.object({
    session: reference('session'),
    rating: wholeNumber(1, 5),
    wouldWriteAgain: z.boolean({ error: 'expected yes or no: would you write together again?' }),
    note: boundedText(maxFeedbackNoteChars).optional(),
  }),
  chat: {
    command: 'session',
    verb: 'feedback',
    usage: '/session feedback ID 1-5 yes|no ["note"]',
    parse(line) {
      const [ref, rating, again, ...note] = line.words;
      const wouldWriteAgain = parseYesNo(again);
      return {
        session: requireRef(ref, '/session feedback 1a2b3c4d 5 yes'),
        rating: rating as unknown as number,
        wouldWriteAgain: (wouldWriteAgain ?? again) as boolean,
        ...(note.join(' ').trim() ? { note: note.join(' ') } : {}),
      };
    },
    format: (input) =>
      `/session feedback ${input.session} ${input.rating} ${input.wouldWriteAgain ? 'yes' : 'no'}${input.note ? ` ${quoted(input.note)}` : ''}`,
  },
  async handle(context, input) {
    const view = await findSession(context.stores, input.session, context.actor);
    const { sessions, audit } = context.stores;
    const already = await sessions.hasFeedback(view.session.id, context.actor.userId);
    const refusal = checkFeedbackAllowed(view.session, context.actor.userId, context.clock.nowMs(), already);
    if (refusal) throw refusal;
    const values = { rating: input.rating, wouldWriteAgain: input.wouldWriteAgain, note: input.note ?? null };
    const isStored = await sessions.addFeedback({
      sessionId: view.session.id,
      fromUserId: context.actor.userId,
      ...values,
    });
    if (!isStored)
      throw checkFeedbackAllowed(view.session, context.actor.userId, context.clock.nowMs(), true)!;
    await audit.record({
      actorUserId: context.actor.userId,
      actorLabel: context.actor.displayName,
      action: 'session.feedback_given',
      entity: 'session',
      entityId: view.session.id,
      newValues: values,
    });
    return { result: view };
  },
  present: (view) =>
    privateReply(notice('success', `Thanks: your feedback on ${view.session.title} is saved.`)),
});
