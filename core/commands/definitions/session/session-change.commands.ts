import { z } from 'zod';
import { findCreator, findCreators } from '../../../profiles/find-creators.ts';
import { checkFeedbackAllowed, maxFeedbackNoteChars } from '../../../sessions/feedback.ts';
import { resolveRoom } from '../../../sessions/room-ref.ts';
import type { SessionLocation } from '../../../sessions/session.types.ts';
import { confirmationOf, doNotPairCheck } from '../../../sessions/session-checks.ts';
import {
  applySessionEvent,
  defaultSessionTitle,
  findSession,
  proposeSession,
  rescheduleSession,
  type SessionOutcome,
  type SessionWork,
  sessionPolicyOf,
  type TimedOutcome,
} from '../../../sessions/session-workflow.ts';
import { AppError } from '../../../shared/app-error.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { defineCommand, type HandlerContext } from '../../command.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { boundedText, handle, httpsLink, instant, reference, wholeNumber } from '../../input-schema.ts';
import { notice, privateReply, type Reply, reply } from '../../reply.ts';
import { confirmationReply, conflictReply, formatLocal, sessionCard } from './session.view.ts';
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

const bad = (message: string) => new AppError('commands.bad_args', message);

async function workOf(context: HandlerContext): Promise<SessionWork> {
  return {
    stores: context.stores,
    actor: { userId: context.actor.userId, role: context.actor.role, label: context.actor.displayName },
    nowMs: context.clock.nowMs(),
    policy: await sessionPolicyOf(context.stores),
  };
}

const done = <T>(result: T, outcome: SessionOutcome) => ({ result, events: outcome.events });
const timed = <T extends { outcome: TimedOutcome }>(result: T) => ({
  result,
  events: result.outcome.kind === 'done' ? result.outcome.events : [],
});

const proposeInput = z
  .object({
    creators: z.array(handle, { error: 'expected who to invite, like @ana @ben' }).min(1).max(8),
    startsAt: instant,
    durationMinutes: wholeNumber(15, 24 * 60).default(120),
    room: boundedText(250).optional(),
    remoteUrl: httpsLink.optional(),
    title: boundedText(200).optional(),
    notes: boundedText(4000, { min: 0 }).optional(),
    confirm: confirmationsInput,
  })
  .refine((input) => !(input.room && input.remoteUrl), {
    error: 'a session takes a room or a call link, not both',
    path: ['remoteUrl'],
  });
type ProposeInput = z.output<typeof proposeInput>;

function proposeLine(input: z.input<typeof proposeInput>): string {
  return [
    '/session propose',
    ...input.creators.map((h) => `@${h.replace(/^@/, '')}`),
    `at:${input.startsAt}`,
    `${input.durationMinutes ?? 120}m`,
    input.room ? `room:${quoted(input.room)}` : '',
    input.remoteUrl ? `remote:${input.remoteUrl}` : '',
    input.title ? `title:${quoted(input.title)}` : '',
    confirmWords(input.confirm),
  ]
    .filter(Boolean)
    .join(' ');
}

/** `/session propose @a @b DATE|tomorrow|fri TIME [DURATION] [room:NAME | remote:URL] [title:"…"] [notes:"…"]`. */
export const sessionPropose = defineCommand({
  name: 'session.propose',
  summary: 'Propose a session: invites the people, holds the time, sends the invite',
  examples: [
    '/session propose @sven-johansson @hana-costa 2030-12-04 11:00 2h room:"Studio A" title:"Synth-pop write"',
    '/session propose @sven-johansson @hana-costa at:2030-12-04T11:00Z 120m remote:https://meet.example.com/abc',
  ],
  effect: 'write',
  input: proposeInput,
  chat: {
    command: 'session',
    verb: 'propose',
    usage:
      '/session propose @a @b DATE|tomorrow|fri TIME [DURATION] [room:NAME | remote:URL] [title:"…"] [notes:"…"]',
    parse(line, context) {
      const { startsAt, durationMinutes } = readStart(line, context, 0);
      if (line.mentions.length === 0) throw bad('creators: expected who to invite, like @ana @ben');
      if (startsAt === undefined)
        throw bad(
          'when: expected a date and time, like 2030-12-03 17:00 (your time) or at:2030-12-03T22:00Z',
        );
      const option = (key: string) => line.options[key]?.[0];
      return {
        creators: line.mentions,
        startsAt,
        ...(durationMinutes === undefined ? {} : { durationMinutes }),
        ...(option('room') ? { room: option('room') } : {}),
        ...(option('remote') ? { remoteUrl: option('remote') } : {}),
        ...(option('title') ? { title: option('title') } : {}),
        ...(option('notes') ? { notes: option('notes') } : {}),
        ...confirmOption(line),
      };
    },
    format: proposeLine,
  },
  async handle(context, input) {
    const work = await workOf(context);
    const { actor, stores } = context;
    const named = [
      ...input.creators,
      ...(actor.role === 'creator' && actor.creatorHandle ? [actor.creatorHandle] : []),
    ];
    const creators = await findCreators(stores.roster, named, 'sessions.unknown_creator');
    const unreachable = creators.filter((c) => c.userId === null).map((c) => `@${c.handle}`);
    if (unreachable.length > 0) {
      throw new AppError(
        'sessions.no_account',
        `${unreachable.join(', ')} cannot be invited yet (no account)`,
      );
    }
    const doNotPair = await doNotPairCheck(
      stores,
      actor,
      creators.map((c) => c.creatorId),
      input.confirm,
    );
    const participants = await stores.sessions.participants(creators.map((c) => c.userId!));
    const room = input.room ? await resolveRoom(stores.rooms, input.room) : null;
    const location: SessionLocation =
      room?.location ?? (input.remoteUrl ? { kind: 'remote', joinUrl: input.remoteUrl } : { kind: 'tbd' });
    const startsAtMs = Date.parse(input.startsAt);
    const outcome = await proposeSession(
      work,
      context.tenant.id,
      {
        title: input.title || defaultSessionTitle(participants),
        ...(input.notes ? { notes: input.notes } : {}),
        startsAtMs,
        endsAtMs: startsAtMs + input.durationMinutes * 60_000,
        location,
        roomLabel: room?.label ?? null,
        participants,
      },
      { confirmed: input.confirm, warnings: doNotPair.warning ? [doNotPair.warning] : [] },
    );
    if (outcome.kind === 'done' && doNotPair.pairs.length > 0) {
      await stores.audit.record({
        ...byActor(actor),
        action: 'session.do_not_pair_overridden',
        entity: 'session',
        entityId: outcome.view.session.id,
        newValues: { pairs: doNotPair.pairs },
      });
    }
    return timed({ outcome, input });
  },
  present({ outcome, input }: { outcome: TimedOutcome; input: ProposeInput }, { actor }): Reply {
    if (outcome.kind === 'needs_confirmation') {
      const startMs = Date.parse(input.startsAt);
      return confirmationReply(outcome.warnings, actor, {
        proposed: { startMs, endMs: startMs + input.durationMinutes * 60_000 },
        retry: (alternative) => ({
          command: 'session.propose',
          input: { ...input, startsAt: formatInstant(alternative.startMs) },
        }),
        anyway: {
          command: 'session.propose',
          input: {
            ...input,
            confirm: [...new Set([...input.confirm, ...outcome.warnings.map(confirmationOf)])],
          },
        },
        anywayLabel: 'Propose anyway',
      });
    }
    if (outcome.kind === 'conflict') {
      return conflictReply(outcome.conflict, outcome.conflict.message, actor, (alternative) => ({
        command: 'session.propose',
        input: { ...input, startsAt: formatInstant(alternative.startMs) },
      }));
    }
    const { view } = outcome;
    const held = view.session.holdExpiresAtMs;
    return reply(
      ...sessionCard(view, actor, `Session proposed: ${view.session.title}`).blocks,
      notice(
        'success',
        held
          ? `The time is held until ${formatLocal(held, actor.timeZone)}.`
          : `Session is ${view.session.state}.`,
      ),
    );
  },
});

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
