import { personFreeIntervals } from '../../../availability/free-time.ts';
import type { PairAnswer, PairMember } from '../../../matching/pair-query.ts';
import { spanText } from '../../../matching/window-text.ts';
import { findCreators } from '../../../profiles/find-creators.ts';
import { isAppError } from '../../../shared/app-error.ts';
import { defineCommand, type HandlerContext } from '../../command.ts';
import type { CommandGroup } from '../../command-registry.ts';
import { type Block, reply } from '../../reply.ts';
import { timelineImage } from '../../timeline-image.ts';
import { spanOfInput } from './pair-args.ts';
import {
  changedInput,
  formatPairLine,
  invocationOf,
  type PairInput,
  pairInput,
  pairQueryOf,
  readPairLine,
} from './pair-input.ts';
import { wakingHoursOf } from './pair-slots.ts';
import { pairView } from './pair-view.ts';
import { pairWindows } from './pair-windows.command.ts';

export { type PairInput, pairInput, pairQueryOf } from './pair-input.ts';

/** "genre:alt-pop, Mon 7 Dec – Sun 13 Dec, 120 min, in person near Nashville". */
function scopeText(input: PairInput, timeZone: string): string {
  const window = input.window ? spanText(spanOfInput(input.window), timeZone) : undefined;
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

export interface PairResult {
  answer: PairAnswer;
  anchor?: PairMember;
  input: PairInput;
  /** A named group's week as a picture (when this server draws pictures). */
  picture?: Block;
}

/**
 * `/pair`: ranked, explained co-writing suggestions with the times everyone is free.
 * `/pair @a` best partners for a; `/pair @a @b [@c]` how well a group fits and when they are free;
 * `/pair genre:pop role:topliner next week 2h` creators for a brief. An empty answer says which
 * filter removed the candidates and which one change gives results. The examples run on the demo
 * tenant (`db/seed.ts`, seed 1), and a test holds every one of them to a non-empty answer.
 */
export const pairSuggest = defineCommand({
  name: 'pair.suggest',
  summary: 'Co-writing suggestions with reasons and common free time',
  examples: [
    '/pair @sven-johansson',
    '/pair @sven-johansson next week 2h',
    '/pair @sven-johansson @hana-costa',
    '/pair genre:pop role:topliner next week 2h',
    '/pair genre:gospel in-person near:"Los Angeles"',
    '/pair @sven-johansson trio',
  ],
  effect: 'read',
  input: pairInput,
  chat: {
    command: 'pair',
    usage:
      '/pair @a | /pair @a @b [@c] | /pair [genre:X] [role:X] [today|tomorrow|this week|next week|from:ISO to:ISO] [2h] [in-person near:City [radius:KM]] [trio] [limit:N]',
    parse: (line, context) => readPairLine(line, context),
    format: formatPairLine,
  },
  async handle(context, input): Promise<{ result: PairResult }> {
    const nowMs = context.clock.nowMs();
    let answer: PairAnswer;
    try {
      answer = await context.stores.matching.pair(
        pairQueryOf(input, { timeZone: context.actor.timeZone, nowMs }),
      );
    } catch (error) {
      // A handle the match index does not know: the roster says which one, with the closest handles.
      if (isAppError(error) && error.code === 'matching.unknown_creator' && input.creators.length > 0) {
        await findCreators(context.stores.roster, input.creators, 'matching.unknown_creator');
      }
      throw error;
    }
    const anchor =
      input.creators.length === 1 ? await anchorOf(context, answer, input.creators[0]!) : undefined;
    const picture = answer.mode === 'group' ? await groupPicture(context, answer) : undefined;
    return { result: { answer, ...(anchor ? { anchor } : {}), input, ...(picture ? { picture } : {}) } };
  },
  present({ answer, anchor, input, picture }, { actor, tenant }) {
    const wakingHours = wakingHoursOf(tenant.settings);
    const [title, ...rest] = pairView({
      answer,
      ...(anchor ? { anchor } : {}),
      viewerZone: actor.timeZone,
      ...(input.minMinutes ? { durationMinutes: input.minMinutes } : {}),
      scope: scopeText(input, actor.timeZone),
      size: input.size ?? 2,
      ...(wakingHours ? { wakingHours } : {}),
      ...(answer.empty?.fix
        ? { retry: invocationOf(answer.empty.fix.changes.reduce(changedInput, input)) }
        : {}),
    });
    return reply(title!, ...(picture ? [picture] : []), ...rest);
  },
});

/**
 * The one named creator as the answer shows them (the cached index knew them: no query), or from the
 * roster when the answer is empty.
 */
async function anchorOf(context: HandlerContext, answer: PairAnswer, handle: string): Promise<PairMember> {
  // `handle` is normalised by the input schema (no @, lower case), as the answer's members are.
  const shown = answer.suggestions.flatMap((s) => s.members).find((member) => member.handle === handle);
  const found =
    shown ?? (await findCreators(context.stores.roster, [handle], 'matching.unknown_creator'))[0]!;
  return { handle: found.handle, displayName: found.displayName, timeZone: found.timeZone };
}

const WEEK_MS = 7 * 86_400_000;

/**
 * A named group's week as a picture: each member's free time and the windows they share, over the
 * first seven days of the answer's span, days in the viewer's zone.
 */
async function groupPicture(context: HandlerContext, answer: PairAnswer): Promise<Block | undefined> {
  const fit = answer.suggestions[0];
  if (!fit || !answer.span) return undefined;
  const week = {
    startMs: answer.span.startMs,
    endMs: Math.min(answer.span.endMs, answer.span.startMs + WEEK_MS),
  };
  const creators = await context.stores.roster.findMany(fit.members.map((m) => m.handle));
  const nowMs = context.clock.nowMs();
  const times = await context.stores.availability.time(
    creators.map((c) => c.creatorId),
    week,
    nowMs,
  );
  const people = creators.map((creator) => {
    const time = times.get(creator.creatorId);
    return {
      label: creator.displayName,
      zone: creator.timeZone,
      free: time ? personFreeIntervals(time, week, `@${creator.handle}`) : [],
    };
  });
  return timelineImage(context.services, {
    people,
    common: fit.windows.filter((w) => w.startMs < week.endMs),
    span: week,
    viewerZone: context.actor.timeZone,
  });
}

export const pairGroup: CommandGroup = {
  name: 'pair',
  aliases: ['match'],
  summary: 'Co-writing suggestions with reasons and common free time',
  commands: [pairSuggest, pairWindows],
};
