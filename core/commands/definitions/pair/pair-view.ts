import type { WakingHours } from '../../../availability/slots.ts';
import type { PairAnswer, PairMember, PairSuggestion } from '../../../matching/pair-query.ts';
import { durationText, spanText } from '../../../matching/window-text.ts';
import {
  type Action,
  actions,
  type Block,
  heading,
  type Invocation,
  type ListItem,
  list,
  notice,
  text,
} from '../../reply.ts';
import { inputOfSpan } from './pair-args.ts';
import { changeLabel, emptyText } from './pair-empty.ts';
import { bestSlot, memberName, proposeAction, windowLine } from './pair-slots.ts';

const SHOWN_WINDOWS = 3;

const VIOLATION_TEXT: Record<string, string> = {
  'matching.do_not_pair': 'they are not to be paired',
  'matching.opted_out': 'someone has opted out of co-writing',
  'matching.no_common_time': 'no common free time long enough',
  'matching.outside_radius': 'too far apart to meet in person',
  'matching.no_location': 'someone has no shared location',
  'matching.missing_role': 'a required role is missing',
  'matching.excluded': 'someone is outside the area asked for',
  'matching.duplicate_member': 'a creator is named twice',
};

export const violationText = (violation: string) => VIOLATION_TEXT[violation] ?? violation;

export interface PairViewInput {
  answer: PairAnswer;
  anchor?: PairMember;
  viewerZone: string;
  durationMinutes?: number;
  /** "next week, 2h, in person near Nashville" — what the query was, for the heading. */
  scope: string;
  /** The tenant's local waking hours for session times (`settings.availability.wakingHours`). */
  wakingHours?: WakingHours;
  /** Group size asked for (pairs or trios). */
  size: 2 | 3;
  /** For an empty answer: the query with the one change that gives results (a "try" button). */
  retry?: Invocation;
}

/** The whole list of a group's windows (`/pair windows`), for "… and 5 more free windows". */
function allWindowsAction(
  s: PairSuggestion,
  span: PairAnswer['span'],
  durationMinutes: number | undefined,
): Action | undefined {
  if (!span || s.windows.length <= SHOWN_WINDOWS) return undefined;
  const handles = s.members.map((m) => m.handle);
  return {
    id: `pair.windows.${handles.join('.')}`,
    label: `All ${s.windows.length} windows`,
    invoke: {
      command: 'pair.windows',
      input: {
        creators: handles,
        window: inputOfSpan(span),
        ...(durationMinutes ? { minMinutes: durationMinutes } : {}),
      },
    },
  };
}

function item(s: PairSuggestion, input: PairViewInput, isGroup: boolean): ListItem {
  const { answer, viewerZone } = input;
  const anchor = isGroup ? undefined : input.anchor?.handle;
  const shown = s.members.filter((m) => m.handle !== anchor);
  const lines = [s.reasons.join('; ') || 'no particular overlap'];
  const best = bestSlot(s.windows, s.members, input.durationMinutes, input.wakingHours);
  if (best) lines.push(`best time: ${windowLine(best, s.members, viewerZone)}`);
  for (const window of s.windows.slice(0, SHOWN_WINDOWS))
    lines.push(`free: ${windowLine(window, s.members, viewerZone)}`);
  const hidden = s.windows.length - SHOWN_WINDOWS;
  if (hidden > 0) lines.push(`… and ${hidden} more free window${hidden === 1 ? '' : 's'}`);
  if (s.windows.length === 0 && answer.span)
    lines.push(
      `no common free time of ${durationText(answer.minMinutes)} or more in ${spanText(answer.span, viewerZone)}`,
    );
  const buttons: Action[] = [];
  const first = best ?? s.windows[0];
  // A do-not-pair group gets no Propose: only an admin proposes it, by /session propose, warned first.
  const isDoNotPair = s.violations.includes('matching.do_not_pair');
  if (isDoNotPair)
    lines.push('on the do-not-pair list: only an admin can propose them (/session propose warns first)');
  else if (first) buttons.push(proposeAction(s.members, first, input.durationMinutes));
  const more = allWindowsAction(s, answer.span, input.durationMinutes);
  if (more) buttons.push(more);
  const other = s.members.map((m) => m.handle).find((handle) => handle !== anchor);
  if (other)
    buttons.push({
      id: `pair.more.${other}`,
      label: 'More like this',
      invoke: { command: 'pair.suggest', input: { creators: [other] } },
    });
  return {
    title: `${shown.map(memberName).join(' + ')} · score ${Math.round(s.score)}`,
    lines,
    actions: buttons,
  };
}

export function pairView(input: PairViewInput): Block[] {
  const { answer, anchor, viewerZone } = input;
  const scope = input.scope ? ` (${input.scope})` : '';
  if (answer.mode === 'group') {
    const fit = answer.suggestions[0]!;
    const blocks: Block[] = [heading(`Fit: ${fit.members.map(memberName).join(' + ')}${scope}`)];
    if (fit.violations.length > 0) {
      blocks.push(notice('warning', `Not suggestable: ${fit.violations.map(violationText).join('; ')}.`));
    }
    blocks.push(list([item(fit, input, true)]));
    return blocks;
  }
  const title = anchor ? `Partners for ${memberName(anchor)}${scope}` : `Suggestions${scope}`;
  if (answer.suggestions.length === 0) {
    const why = answer.empty
      ? emptyText(answer.empty, {
          ...(anchor ? { anchor: anchor.handle } : {}),
          size: input.size,
          zone: viewerZone,
        })
      : 'No suggestions match. Try a longer window, a shorter session, a wider radius or fewer filters.';
    const blocks = [heading(title), notice('info', why)];
    const changes = answer.empty?.fix?.changes;
    if (changes && input.retry)
      blocks.push(actions([{ id: 'pair.retry', label: changeLabel(changes), invoke: input.retry }]));
    return blocks;
  }
  return [
    heading(title),
    list(answer.suggestions.map((s) => item(s, input, false))),
    text(`Times in your zone (${viewerZone}). Scores 0-100; reasons in order of weight.`),
  ];
}
