import { z } from 'zod';
import type { Interval } from '../../../availability/intervals.ts';
import type { PairMember, PairSuggestion } from '../../../matching/pair-query.ts';
import { durationText, spanText } from '../../../matching/window-text.ts';
import { findCreators } from '../../../profiles/find-creators.ts';
import { AppError } from '../../../shared/app-error.ts';
import { defineCommand } from '../../command.ts';
import { handle, wholeNumber } from '../../input-schema.ts';
import { type Action, type Block, heading, type ListItem, list, notice, reply, text } from '../../reply.ts';
import {
  durationWord,
  inputOfSpan,
  readTimeWords,
  SHOWN_SPAN_DAYS,
  spanOfInput,
  windowInput,
} from './pair-args.ts';
import { bestSlot, memberName, proposeAction, wakingHoursOf, windowLine } from './pair-slots.ts';
import { violationText } from './pair-view.ts';

const DAY_MS = 86_400_000;
/** Windows listed per answer; the rest are one "Later windows" press away. */
export const WINDOWS_PER_PAGE = 10;

export const pairWindowsInput = z.strictObject({
  creators: z
    .array(handle)
    .min(2, { error: 'name two or three creators, like @ana @ben' })
    .max(3, { error: 'name two or three creators, like @ana @ben' }),
  /** Default: the next 14 days. */
  window: windowInput.optional(),
  /** The shortest window listed (default 60). */
  minMinutes: wholeNumber(1, 24 * 60).optional(),
});
export type PairWindowsInput = z.output<typeof pairWindowsInput>;

export interface PairWindowsResult {
  fit: PairSuggestion;
  span: Interval;
  minMinutes: number;
  input: PairWindowsInput;
}

function windowItem(
  window: Interval,
  members: readonly PairMember[],
  viewerZone: string,
  slot: Interval | undefined,
  durationMinutes: number | undefined,
  canPropose: boolean,
): ListItem {
  const [first, ...rest] = windowLine(window, members, viewerZone).split(' = ');
  return {
    title: first!,
    lines: [`${durationText(Math.round((window.endMs - window.startMs) / 60_000))} free`, ...rest],
    ...(canPropose ? { actions: [proposeAction(members, slot ?? window, durationMinutes)] } : {}),
  };
}

/**
 * `/pair windows @a @b [@c] [next week] [2h]`: every common free window of a group in a span, each with
 * its own Propose button, ten at a time. What "… and 5 more free windows" under a suggestion opens.
 */
export const pairWindows = defineCommand({
  name: 'pair.windows',
  summary: 'Every common free window of two or three creators, each with a Propose button',
  examples: [
    '/pair windows @sven-johansson @hana-costa',
    '/pair windows @sven-johansson @tomi-vance next week 2h',
  ],
  effect: 'read',
  input: pairWindowsInput,
  chat: {
    command: 'pair',
    verb: 'windows',
    usage: '/pair windows @a @b [@c] [today|tomorrow|this week|next week] [2h]',
    parse: (line, context) => {
      const time = readTimeWords(
        line,
        context,
        () => false,
        (word) =>
          new AppError(
            'commands.bad_args',
            `"${word}" is not something /pair windows understands: try @handles, next week, tomorrow, 2h`,
          ),
      );
      return {
        creators: [...new Set(line.mentions)],
        ...(time.window ? { window: time.window } : {}),
        ...(time.minutes ? { minMinutes: time.minutes } : {}),
      };
    },
    format: (input) =>
      [
        '/pair windows',
        ...(input.creators ?? []).map((h) => `@${h.replace(/^@/, '')}`),
        ...(input.window ? [`from:${input.window.start}`, `to:${input.window.end}`] : []),
        ...(input.minMinutes ? [durationWord(Number(input.minMinutes))] : []),
      ].join(' '),
  },
  async handle(context, input): Promise<{ result: PairWindowsResult }> {
    const nowMs = context.clock.nowMs();
    await findCreators(context.stores.roster, input.creators, 'matching.unknown_creator');
    const span = input.window
      ? spanOfInput(input.window)
      : { startMs: nowMs, endMs: nowMs + SHOWN_SPAN_DAYS * DAY_MS };
    const answer = await context.stores.matching.pair({
      creators: input.creators,
      window: span,
      ...(input.minMinutes ? { minMinutes: input.minMinutes } : {}),
      viewerTimeZone: context.actor.timeZone,
    });
    return { result: { fit: answer.suggestions[0]!, span, minMinutes: answer.minMinutes, input } };
  },
  present({ fit, span, minMinutes, input }, { actor, tenant }) {
    const zone = actor.timeZone;
    const wakingHours = wakingHoursOf(tenant.settings);
    const blocks: Block[] = [
      heading(
        `Free windows: ${fit.members.map(memberName).join(' + ')} (${spanText(span, zone)}, ${durationText(minMinutes)} or more)`,
      ),
    ];
    const rules = fit.violations.filter((v) => v !== 'matching.no_common_time');
    if (rules.length > 0)
      blocks.push(notice('warning', `Not suggestable: ${rules.map(violationText).join('; ')}.`));
    if (fit.windows.length === 0) {
      blocks.push(
        notice(
          'info',
          `No common free window of ${durationText(minMinutes)} or more in ${spanText(span, zone)}.`,
        ),
      );
      return reply(...blocks);
    }
    const page = fit.windows.slice(0, WINDOWS_PER_PAGE);
    const items = page.map((window) =>
      windowItem(
        window,
        fit.members,
        zone,
        bestSlot([window], fit.members, input.minMinutes, wakingHours),
        input.minMinutes,
        !fit.violations.includes('matching.do_not_pair'),
      ),
    );
    blocks.push(list(items));
    const next = fit.windows[WINDOWS_PER_PAGE];
    if (next) {
      const later: Action = {
        id: 'pair.windows.later',
        label: `Later windows (${fit.windows.length - WINDOWS_PER_PAGE} more)`,
        invoke: {
          command: 'pair.windows',
          input: {
            creators: input.creators,
            window: inputOfSpan({ startMs: next.startMs, endMs: span.endMs }),
            ...(input.minMinutes ? { minMinutes: input.minMinutes } : {}),
          },
        },
      };
      blocks.push({ kind: 'actions', actions: [later] });
    }
    blocks.push(text(`Times in your zone (${zone}).`));
    return reply(...blocks);
  },
});
