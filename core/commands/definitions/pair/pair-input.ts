/**
 * The `pair.suggest` input: its schema (the one validation for chat, `pair --json`, buttons and tools),
 * the chat line read onto it and written back from it, the matcher's query made from it, and the
 * one-change variants an empty answer offers as a button.
 */
import { z } from 'zod';
import {
  DEFAULT_SUGGESTIONS,
  MAX_SUGGESTIONS,
  type PairQuery,
  type QueryChange,
} from '../../../matching/pair-query.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { ParseContext } from '../../command.ts';
import type { CommandLine } from '../../command-line.ts';
import { boundedText, handle, wholeNumber } from '../../input-schema.ts';
import type { Invocation } from '../../reply.ts';
import {
  durationWord,
  inputOfSpan,
  readTimeWords,
  SHOWN_SPAN_DAYS,
  spanOfInput,
  windowInput,
} from './pair-args.ts';

const DAY_MS = 86_400_000;
const bad = (message: string) => new AppError('commands.bad_args', message);

/**
 * A pair query, the same object for every adapter: `/pair …` in chat, the `pair --json` CLI, buttons
 * and LLM tools. One limit and one default per field.
 */
export const pairInput = z.strictObject({
  /** One: partners for them; two or three: how well that group fits; none: a brief. */
  creators: z.array(handle).max(3, { error: 'name at most three, like @ana @ben @cleo' }).default([]),
  genres: z.array(boundedText(60)).max(20).default([]),
  roles: z.array(boundedText(40)).max(10).default([]),
  /** Only groups with a common free window of `minMinutes` inside it (availability gates). */
  window: windowInput.optional(),
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
});
export type PairInput = z.output<typeof pairInput>;

const splitList = (values: readonly string[] | undefined) =>
  (values ?? [])
    .flatMap((value) => value.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** `/pair @a @b genre:X role:Y next week 2h in-person near:City radius:KM trio limit:N` onto the input. */
export function readPairLine(line: CommandLine, context: ParseContext) {
  let isInPerson = false;
  let size: 2 | 3 | undefined;
  const time = readTimeWords(
    line,
    context,
    (word) => {
      if (word === 'in-person' || word === 'inperson' || word === 'irl') isInPerson = true;
      else if (word === 'trio' || word === 'trios') size = 3;
      else return false;
      return true;
    },
    (word) =>
      bad(
        `"${word}" is not something /pair understands: try @handles, genre:X, role:X, next week, this week, tomorrow, 2h, in-person near:City`,
      ),
  );
  const option = (key: string) => line.options[key]?.[0];
  const near = option('near');
  const radius = option('radius');
  return {
    creators: [...new Set(line.mentions)],
    genres: splitList(line.options.genre ?? line.options.genres),
    roles: splitList(line.options.role ?? line.options.roles),
    ...(time.window ? { window: time.window } : {}),
    ...(time.minutes ? { minMinutes: time.minutes } : {}),
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

const quoted = (value: string) => (/[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value);

/** The chat line for an input (the inverse of `readPairLine`): what the console shows for a button. */
export function formatPairLine(input: z.input<typeof pairInput>): string {
  const words = ['/pair', ...(input.creators ?? []).map((h) => `@${h.replace(/^@/, '')}`)];
  for (const genre of input.genres ?? []) words.push(`genre:${quoted(genre)}`);
  for (const role of input.roles ?? []) words.push(`role:${quoted(role)}`);
  if (input.window) words.push(`from:${input.window.start}`, `to:${input.window.end}`);
  if (input.minMinutes) words.push(durationWord(Number(input.minMinutes)));
  if (input.inPerson) {
    words.push('in-person');
    if (input.inPerson.near) words.push(`near:${quoted(input.inPerson.near)}`);
    if (input.inPerson.radiusKm) words.push(`radius:${input.inPerson.radiusKm}`);
  }
  if (input.size === 3) words.push('trio');
  if (input.limit !== undefined && Number(input.limit) !== DEFAULT_SUGGESTIONS)
    words.push(`limit:${input.limit}`);
  return words.join(' ');
}

/** The pair query the matching store answers, for this input and viewer. */
export function pairQueryOf(input: PairInput, viewer: { timeZone: string; nowMs: number }): PairQuery {
  return {
    ...(input.creators.length > 0 ? { creators: input.creators } : {}),
    genres: input.genres,
    roles: input.roles,
    ...(input.window
      ? { window: spanOfInput(input.window) }
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

/** The same change as `applyQueryChange`, on the command's input: what a "try this" button runs. */
export function changedInput(input: PairInput, change: QueryChange): PairInput {
  const { window: _window, inPerson: _inPerson, ...rest } = input;
  switch (change.kind) {
    case 'genre':
      return { ...input, genres: input.genres.map((g) => (g === change.from ? change.to : g)) };
    case 'drop_genres':
      return { ...input, genres: [] };
    case 'role':
      return { ...input, roles: input.roles.map((r) => (r === change.from ? change.to : r)) };
    case 'drop_role':
      return { ...input, roles: input.roles.filter((r) => r !== change.term) };
    case 'radius':
      return { ...input, inPerson: { ...input.inPerson, radiusKm: change.radiusKm } };
    case 'drop_in_person':
      return { ...rest, ...(input.window ? { window: input.window } : {}) };
    case 'min_minutes':
      return { ...input, minMinutes: change.minMinutes };
    case 'span':
      return { ...input, window: inputOfSpan(change.span) };
    case 'drop_window': {
      // A duration alone reads as "in the next 14 days" in chat: it goes with the window.
      const { minMinutes: _minutes, ...untimed } = rest;
      return { ...untimed, ...(input.inPerson ? { inPerson: input.inPerson } : {}) };
    }
    case 'size':
      return { ...input, size: 2 };
  }
}

/** The input as a button carries it: defaults left out, so the chat line beside it stays short. */
export function invocationOf(input: PairInput): Invocation {
  const { showFreeTime, limit, ...rest } = input;
  return {
    command: 'pair.suggest',
    input: {
      ...rest,
      ...(limit !== DEFAULT_SUGGESTIONS ? { limit } : {}),
      ...(showFreeTime ? {} : { showFreeTime }),
    },
  };
}
