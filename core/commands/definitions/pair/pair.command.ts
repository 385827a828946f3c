import { z } from 'zod';
import type { WakingHours } from '../../../availability/slots.ts';
import {
  DEFAULT_SUGGESTIONS,
  MAX_SUGGESTIONS,
  MAX_WINDOW_DAYS,
  type PairAnswer,
  type PairMember,
  type PairQuery,
} from '../../../matching/pair-query.ts';
import { findCreators } from '../../../profiles/find-creators.ts';
import { AppError } from '../../../shared/app-error.ts';
import { defineCommand, type ParseContext } from '../../command.ts';
import type { CommandLine } from '../../command-line.ts';
import type { CommandGroup } from '../../command-registry.ts';
import { boundedText, handle, instant, wholeNumber } from '../../input-schema.ts';
import { reply } from '../../reply.ts';
import { localDayLabel } from '../avail/avail-view.ts';
import { formatInstant } from '../session/session-args.ts';
import { type PairWhen, parseDuration, SHOWN_SPAN_DAYS, spanOf } from './pair-args.ts';
import { pairView } from './pair-view.ts';

const DAY_MS = 86_400_000;
const bad = (message: string) => new AppError('commands.bad_args', message);

/**
 * A pair query, the same object for every adapter: `/pair …` in chat, the `pair --json` CLI, buttons
 * and LLM tools. One limit and one default per field.
 */
export const pairInput = z
  .strictObject({
    /** One: partners for them; two or three: how well that group fits; none: a brief. */
    creators: z.array(handle).max(3, { error: 'name at most three, like @ana @ben @cleo' }).default([]),
    genres: z.array(boundedText(60)).max(20).default([]),
    roles: z.array(boundedText(40)).max(10).default([]),
    /** Only groups with a common free window of `minMinutes` inside it (availability gates). */
    window: z.strictObject({ start: instant, end: instant }).optional(),
    minMinutes: wholeNumber(1, 24 * 60).optional(),
    size: z.union([z.literal(2), z.literal(3)], { error: 'expected 2 (pairs) or 3 (trios)' }).optional(),
    limit: wholeNumber(1, MAX_SUGGESTIONS).default(DEFAULT_SUGGESTIONS),
    /** Everyone within `radiusKm` (default 50) of each other, and of `near` when given. */
    inPerson: z
      .strictObject({
        near: boundedText(120).optional(),
        radiusKm: z.coerce
          .number({ error: 'expected a distance in km, more than 0 and at most 20000' })
          .positive({ error: 'expected a distance in km, more than 0 and at most 20000' })
          .max(20_000, { error: 'expected a distance in km, more than 0 and at most 20000' })
          .optional(),
      })
      .optional(),
    /** Without a window: show each suggestion's common free time in the next 14 days (it does not filter). */
    showFreeTime: z.boolean({ error: 'expected true or false' }).default(true),
  })
  .refine((input) => !input.window || Date.parse(input.window.end) > Date.parse(input.window.start), {
    error: 'end must be after start',
    path: ['window', 'end'],
  })
  .refine(
    (input) =>
      !input.window ||
      Date.parse(input.window.end) - Date.parse(input.window.start) <= MAX_WINDOW_DAYS * DAY_MS,
    { error: `at most ${MAX_WINDOW_DAYS} days`, path: ['window'] },
  );
export type PairInput = z.output<typeof pairInput>;

const splitList = (values: readonly string[] | undefined) =>
  (values ?? [])
    .flatMap((value) => value.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** `/pair @a @b genre:X role:Y next week 2h in-person near:City radius:KM trio limit:N` onto the input. */
function readPairLine(line: CommandLine, context: ParseContext) {
  let when: PairWhen | undefined;
  let minutes: number | undefined;
  let isInPerson = false;
  let size: 2 | 3 | undefined;
  const words = line.words.map((word) => word.toLowerCase());
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const pair = `${word} ${words[i + 1] ?? ''}`;
    if (pair === 'next week' || pair === 'this week') {
      when = pair === 'next week' ? 'next-week' : 'this-week';
      i += 1;
    } else if (word === 'today' || word === 'tomorrow') when = word;
    else if (word === 'in-person' || word === 'inperson' || word === 'irl') isInPerson = true;
    else if (word === 'trio' || word === 'trios') size = 3;
    else if (parseDuration(word) !== undefined) minutes = parseDuration(word);
    else
      throw bad(
        `"${line.words[i]}" is not something /pair understands: try @handles, genre:X, role:X, next week, this week, tomorrow, 2h, in-person near:City`,
      );
  }
  const option = (key: string) => line.options[key]?.[0];
  const window = when
    ? spanOf(when, context.nowMs, context.timeZone)
    : minutes
      ? { startMs: context.nowMs, endMs: context.nowMs + SHOWN_SPAN_DAYS * DAY_MS }
      : undefined;
  const near = option('near');
  const radius = option('radius');
  return {
    creators: [...new Set(line.mentions)],
    genres: splitList(line.options.genre ?? line.options.genres),
    roles: splitList(line.options.role ?? line.options.roles),
    ...(window ? { window: { start: formatInstant(window.startMs), end: formatInstant(window.endMs) } } : {}),
    ...(minutes ? { minMinutes: minutes } : {}),
    ...(option('size') ? { size: Number(option('size')) as 2 | 3 } : size ? { size } : {}),
    ...(option('limit') ? { limit: option('limit') as unknown as number } : {}),
    ...(isInPerson || near || radius
      ? {
          inPerson: {
            ...(near ? { near } : {}),
            ...(radius ? { radiusKm: radius.replace(/km$/i, '') as unknown as number } : {}),
          },
        }
      : {}),
  };
}

/** The pair query the matching store answers, for this input and viewer. */
export function pairQueryOf(input: PairInput, viewer: { timeZone: string; nowMs: number }): PairQuery {
  return {
    ...(input.creators.length > 0 ? { creators: input.creators } : {}),
    genres: input.genres,
    roles: input.roles,
    ...(input.window
      ? { window: { startMs: Date.parse(input.window.start), endMs: Date.parse(input.window.end) } }
      : input.showFreeTime
        ? { showWindow: { startMs: viewer.nowMs, endMs: viewer.nowMs + SHOWN_SPAN_DAYS * DAY_MS } }
        : {}),
    ...(input.minMinutes ? { minMinutes: input.minMinutes } : {}),
    ...(input.size ? { size: input.size } : {}),
    k: input.limit,
    ...(input.inPerson ? { inPerson: input.inPerson } : {}),
    viewerTimeZone: viewer.timeZone,
  };
}

/** "genre:alt-pop, Mon 7 Dec – Sun 13 Dec, 120 min, in person near Nashville". */
function scopeText(input: PairInput, timeZone: string): string {
  const window = input.window
    ? `${localDayLabel(Date.parse(input.window.start), timeZone)} – ${localDayLabel(Date.parse(input.window.end) - 1, timeZone)}`
    : undefined;
  const parts = [
    ...input.genres.map((g) => `genre:${g}`),
    ...input.roles.map((r) => `role:${r}`),
    window,
    input.minMinutes ? `${input.minMinutes} min` : undefined,
    input.inPerson ? `in person${input.inPerson.near ? ` near ${input.inPerson.near}` : ''}` : undefined,
    input.size === 3 ? 'trios' : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The tenant's `settings.availability.wakingHours` ({start, end} as HH:mm), when set and well formed. */
function wakingHoursOf(settings: Readonly<Record<string, unknown>> | undefined): WakingHours | undefined {
  const hours = (settings?.availability as { wakingHours?: { start?: unknown; end?: unknown } } | undefined)
    ?.wakingHours;
  if (typeof hours?.start !== 'string' || typeof hours.end !== 'string') return undefined;
  return CLOCK.test(hours.start) && CLOCK.test(hours.end)
    ? { start: hours.start, end: hours.end }
    : undefined;
}

export interface PairResult {
  answer: PairAnswer;
  anchor?: PairMember;
  input: PairInput;
}

/**
 * `/pair`: ranked, explained co-writing suggestions with the times everyone is free.
 * `/pair @a` best partners for a; `/pair @a @b [@c]` how well a group fits and when they are free;
 * `/pair genre:alt-pop role:topliner next week 2h in-person near:Nashville` creators for a brief.
 */
export const pairSuggest = defineCommand({
  name: 'pair.suggest',
  summary: 'Co-writing suggestions with reasons and common free time',
  examples: [
    '/pair @ana-rossi',
    '/pair @ana-rossi next week 2h',
    '/pair @ana-rossi @ben-okafor',
    '/pair genre:alt-pop role:topliner next week 2h',
    '/pair genre:country in-person near:Nashville',
    '/pair @ana-rossi trio',
  ],
  effect: 'read',
  input: pairInput,
  chat: {
    command: 'pair',
    usage:
      '/pair @a | /pair @a @b [@c] | /pair [genre:X] [role:X] [today|tomorrow|this week|next week] [2h] [in-person near:City [radius:KM]] [trio] [limit:N]',
    parse: (line, context) => readPairLine(line, context),
    format: (input) => ['/pair', ...(input.creators ?? []).map((h) => `@${h.replace(/^@/, '')}`)].join(' '),
  },
  async handle(context, input): Promise<{ result: PairResult }> {
    const nowMs = context.clock.nowMs();
    if (input.creators.length > 0)
      await findCreators(context.stores.roster, input.creators, 'matching.unknown_creator');
    const answer = await context.stores.matching.pair(
      pairQueryOf(input, { timeZone: context.actor.timeZone, nowMs }),
    );
    const named =
      input.creators.length === 1 ? await context.stores.roster.find(input.creators[0]!) : undefined;
    const anchor = named && {
      handle: named.handle,
      displayName: named.displayName,
      timeZone: named.timeZone,
    };
    return { result: { answer, ...(anchor ? { anchor } : {}), input } };
  },
  present({ answer, anchor, input }, { actor, tenant }) {
    const wakingHours = wakingHoursOf(tenant.settings);
    return reply(
      ...pairView({
        answer,
        ...(anchor ? { anchor } : {}),
        viewerZone: actor.timeZone,
        ...(input.minMinutes ? { durationMinutes: input.minMinutes } : {}),
        scope: scopeText(input, actor.timeZone),
        ...(wakingHours ? { wakingHours } : {}),
      }),
    );
  },
});

export const pairGroup: CommandGroup = {
  name: 'pair',
  aliases: ['match'],
  summary: 'Co-writing suggestions with reasons and common free time',
  commands: [pairSuggest],
};
