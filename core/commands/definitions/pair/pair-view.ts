import { describeInterval } from '../../../availability/slot-explanation.ts';
import { suggestSlots, type WakingHours } from '../../../availability/slots.ts';
import type { PairAnswer, PairMember, PairSuggestion } from '../../../matching/pair-query.ts';
import { type Action, type Block, heading, type ListItem, list, notice, text } from '../../reply.ts';
import { formatInstant } from '../session/session-args.ts';

const SHOWN_WINDOWS = 3;
const DEFAULT_SESSION_MINUTES = 120;

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

const name = (m: PairMember) => `${m.displayName} (@${m.handle})`;

/** A window for the viewer first, then each member whose zone differs: "Wed 5-7pm for you = …". */
function windowLine(
  window: { startMs: number; endMs: number },
  members: readonly PairMember[],
  viewerZone: string,
): string {
  const others = members
    .filter((m) => m.timeZone !== viewerZone)
    .map((m) => ({ name: m.displayName, timeZone: m.timeZone, ...(m.city ? { city: m.city } : {}) }));
  return describeInterval(window, [{ name: 'you', timeZone: viewerZone }, ...others]);
}

/**
 * The best start inside the common windows: within everyone's local waking hours (the tenant's
 * setting, default 09:00-23:00), on the half hour, the late slot rotating (core `suggestSlots`).
 */
function bestSlot(
  s: PairSuggestion,
  durationMinutes: number | undefined,
  wakingHours: WakingHours | undefined,
): { startMs: number; endMs: number } | undefined {
  if (s.windows.length === 0) return undefined;
  const people = s.members.map((m) => ({ id: m.handle, timeZone: m.timeZone }));
  const windows = s.windows.map((w) => ({ ...w, people: people.map((p) => p.id).sort() }));
  const [slot] = suggestSlots(windows, people, {
    durationMinutes: durationMinutes ?? DEFAULT_SESSION_MINUTES,
    limit: 1,
    ...(wakingHours ? { wakingHours } : {}),
  });
  return slot ? { startMs: slot.startMs, endMs: slot.endMs } : undefined;
}

function actionsFor(
  s: PairSuggestion,
  anchor: string | undefined,
  durationMinutes: number | undefined,
  best?: { startMs: number; endMs: number },
): Action[] {
  const handles = s.members.map((m) => m.handle);
  const actions: Action[] = [];
  const first = best ?? s.windows[0];
  if (first) {
    const fits = Math.floor((first.endMs - first.startMs) / 60_000);
    actions.push({
      id: `pair.propose.${handles.join('.')}`,
      label: 'Propose',
      style: 'primary',
      invoke: {
        command: 'session.propose',
        input: {
          creators: handles,
          startsAt: formatInstant(first.startMs),
          durationMinutes: Math.min(fits, durationMinutes ?? DEFAULT_SESSION_MINUTES),
        },
      },
    });
  }
  const other = handles.find((handle) => handle !== anchor);
  if (other) {
    actions.push({
      id: `pair.more.${other}`,
      label: 'More like this',
      invoke: { command: 'pair.suggest', input: { creators: [other] } },
    });
  }
  return actions;
}

function item(
  s: PairSuggestion,
  anchor: string | undefined,
  viewerZone: string,
  durationMinutes: number | undefined,
  wakingHours?: WakingHours,
): ListItem {
  const shown = s.members.filter((m) => m.handle !== anchor);
  const lines = [s.reasons.join('; ') || 'no particular overlap'];
  const best = bestSlot(s, durationMinutes, wakingHours);
  if (best) lines.push(`best time: ${windowLine(best, s.members, viewerZone)}`);
  for (const window of s.windows.slice(0, SHOWN_WINDOWS))
    lines.push(`free: ${windowLine(window, s.members, viewerZone)}`);
  if (s.windows.length > SHOWN_WINDOWS)
    lines.push(`… and ${s.windows.length - SHOWN_WINDOWS} more free windows`);
  return {
    title: `${shown.map(name).join(' + ')} · score ${Math.round(s.score)}`,
    lines,
    actions: actionsFor(s, anchor, durationMinutes, best),
  };
}

export interface PairViewInput {
  answer: PairAnswer;
  anchor?: PairMember;
  viewerZone: string;
  durationMinutes?: number;
  /** "next week, 2h, in person near Nashville" — what the query was, for the heading. */
  scope: string;
  /** The tenant's local waking hours for session times (`settings.availability.wakingHours`). */
  wakingHours?: WakingHours;
}

export function pairView(input: PairViewInput): Block[] {
  const { answer, anchor, viewerZone } = input;
  const scope = input.scope ? ` (${input.scope})` : '';
  if (answer.mode === 'group') {
    const fit = answer.suggestions[0]!;
    const blocks: Block[] = [heading(`Fit: ${fit.members.map(name).join(' + ')}${scope}`)];
    if (fit.violations.length > 0) {
      blocks.push(
        notice(
          'warning',
          `Not suggestable: ${fit.violations.map((v) => VIOLATION_TEXT[v] ?? v).join('; ')}.`,
        ),
      );
    }
    blocks.push(list([item(fit, undefined, viewerZone, input.durationMinutes, input.wakingHours)]));
    return blocks;
  }
  const title = anchor ? `Partners for ${name(anchor)}${scope}` : `Suggestions${scope}`;
  if (answer.suggestions.length === 0) {
    return [
      heading(title),
      notice(
        'info',
        'No suggestions match. Try a longer window, a shorter session, a wider radius or fewer filters.',
      ),
    ];
  }
  return [
    heading(title),
    list(
      answer.suggestions.map((s) =>
        item(s, anchor?.handle, viewerZone, input.durationMinutes, input.wakingHours),
      ),
    ),
    text(`Times in your zone (${viewerZone}). Scores 0-100; reasons in order of weight.`),
  ];
}
