/**
 * An empty `/pair` answer in words: which filter removed the candidates, and the one change that
 * gives results with how many (`No common 3 h window in Mon 30 Nov – Sun 6 Dec; 2 h gives 4 suggestions.`).
 */
import type { EmptyAnswerReason, EmptyCause, QueryChange } from '../../../matching/pair-query.ts';
import { durationText, spanText } from '../../../matching/window-text.ts';
import { ROLE_IDS } from '../../../profiles/roles.ts';

const count = (n: number) => `${n} suggestion${n === 1 ? '' : 's'}`;

export interface EmptyTextContext {
  /** The one named creator, in partners mode. */
  anchor?: string;
  size: 2 | 3;
  zone: string;
}

function causeText(cause: EmptyCause, { anchor, size, zone }: EmptyTextContext): string {
  const group = size === 3 ? 'trio' : 'pair';
  switch (cause.kind) {
    case 'unknown_genre':
      return `"${cause.term}" is not a genre we know${cause.closest.length > 0 ? ` (closest: ${cause.closest.join(', ')})` : ''}`;
    case 'unknown_role':
      return `"${cause.term}" is not a role we know (${cause.closest.length > 0 ? `closest: ${cause.closest.join(', ')}` : `roles: ${ROLE_IDS.join(', ')}`})`;
    case 'nobody':
      return anchor
        ? `Nobody can be suggested with @${anchor}: everyone else has opted out or is ruled out (do-not-pair)`
        : 'Nobody on the roster can be suggested together: they have opted out or are ruled out (do-not-pair)';
    case 'genre': {
      const genres = cause.terms.map((t) => `genre:${t}`).join(' or ');
      return anchor
        ? `Nobody who can be suggested with @${anchor} has ${genres}`
        : `No ${group} of creators with ${genres} can be suggested`;
    }
    case 'role':
      return `No ${anchor ? `partner for @${anchor}` : group} with role:${cause.term} passes the other filters`;
    case 'radius':
      return cause.near
        ? `Nobody who fits is within ${cause.radiusKm} km of ${cause.near}`
        : `Nobody who fits is within ${cause.radiusKm} km of ${anchor ? `@${anchor}` : 'each other'}`;
    case 'no_availability':
      return cause.handle
        ? `@${cause.handle} has no free time on record in ${spanText(cause.span, zone)} (see /avail @${cause.handle})`
        : `Nobody who fits has free time on record in ${spanText(cause.span, zone)}`;
    case 'common_time':
      return `No common ${durationText(cause.minMinutes)} window in ${spanText(cause.span, zone)}`;
  }
}

/** `2 h`, `radius:500`, `without in-person`: a change as a phrase; `isDrop` when it reads "without …". */
function changeText(change: QueryChange, zone: string): { text: string; isDrop: boolean } {
  switch (change.kind) {
    case 'genre':
      return { text: `genre:${change.to}`, isDrop: false };
    case 'drop_genres':
      return { text: 'the genre filter', isDrop: true };
    case 'role':
      return { text: `role:${change.to}`, isDrop: false };
    case 'drop_role':
      return { text: `role:${change.term}`, isDrop: true };
    case 'radius':
      return { text: `radius:${change.radiusKm}`, isDrop: false };
    case 'drop_in_person':
      return { text: 'in-person', isDrop: true };
    case 'min_minutes':
      return { text: durationText(change.minMinutes), isDrop: false };
    case 'span':
      return { text: spanText(change.span, zone), isDrop: false };
    case 'drop_window':
      return { text: 'the time limit', isDrop: true };
    case 'size':
      return { text: 'pairs instead of trios', isDrop: true };
  }
}

/** `2 h gives 4 suggestions`; `without in-person and the time limit: 3 suggestions`. */
function fixText(changes: readonly QueryChange[], suggestions: number, zone: string): string {
  const phrases = changes.map((change) => changeText(change, zone));
  if (phrases.length === 1 && !phrases[0]!.isDrop) return `${phrases[0]!.text} gives ${count(suggestions)}`;
  if (changes.length === 1 && changes[0]!.kind === 'size')
    return `pairs instead of trios: ${count(suggestions)}`;
  return `without ${phrases.map((p) => p.text).join(' and ')}: ${count(suggestions)}`;
}

/** The button that makes the changes: `Try 2 h`, `Drop role:topliner`, `Drop 2 filters`. */
export function changeLabel(changes: readonly QueryChange[]): string {
  const [change] = changes;
  if (!change || changes.length > 1) return `Drop ${changes.length} filters`;
  switch (change.kind) {
    case 'genre':
      return `Try genre:${change.to}`;
    case 'drop_genres':
      return 'Drop the genre';
    case 'role':
      return `Try role:${change.to}`;
    case 'drop_role':
      return `Drop role:${change.term}`;
    case 'radius':
      return `Try ${change.radiusKm} km`;
    case 'drop_in_person':
      return 'Drop in-person';
    case 'min_minutes':
      return `Try ${durationText(change.minMinutes)}`;
    case 'span':
      return 'Try a longer span';
    case 'drop_window':
      return 'Drop the time limit';
    case 'size':
      return 'Try pairs';
  }
}

/**
 * @example
 * emptyText({ cause: { kind: 'common_time', minMinutes: 180, span }, fix: { changes: [{ kind: 'min_minutes', minMinutes: 120 }], suggestions: 4 } }, { size: 2, zone: 'UTC' });
 * // 'No common 3 h window in Mon 30 Nov – Sun 6 Dec; 2 h gives 4 suggestions.'
 */
export function emptyText(reason: EmptyAnswerReason, context: EmptyTextContext): string {
  const cause = causeText(reason.cause, context);
  const fix = reason.fix
    ? fixText(reason.fix.changes, reason.fix.suggestions, context.zone)
    : 'no single change gives results: try fewer filters';
  return `${cause}; ${fix}.`;
}
