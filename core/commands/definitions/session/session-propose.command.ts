import { z } from 'zod';
import { findCreators } from '../../../profiles/find-creators.ts';
import { resolveRoom } from '../../../sessions/room-ref.ts';
import type { SessionLocation } from '../../../sessions/session.types.ts';
import { proposeSession, type TimedOutcome } from '../../../sessions/session-booking.ts';
import { confirmationOf, doNotPairCheck } from '../../../sessions/session-checks.ts';
import { defaultSessionTitle } from '../../../sessions/session-workflow.ts';
import { AppError } from '../../../shared/app-error.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { defineCommand } from '../../command.ts';
import { boundedText, handle, httpsLink, instant, wholeNumber } from '../../input-schema.ts';
import { notice, type Reply, reply } from '../../reply.ts';
import { confirmationReply, conflictReply, formatLocal, sessionCard } from './session.view.ts';
import {
  confirmationsInput,
  confirmOption,
  confirmWords,
  formatInstant,
  quoted,
  readStart,
} from './session-args.ts';
import { timed, workOf } from './session-work.ts';

const bad = (message: string) => new AppError('commands.bad_args', message);

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
