import { compileRuleCached } from './compiled-rule-cache.ts';
import { clipIntervals, type Interval, normalizeIntervals, subtractIntervals } from './intervals.ts';
import { assertTimeZone, type CompiledRule, expandRules, type RecurringRule } from './recurring-rule.ts';

/** Everything known about one person's time, as the DB layer loads it. */
export interface PersonAvailability {
  timeZone: string;
  rules: readonly RecurringRule[];
  /** Extra free blocks (one-offs). */
  available?: readonly Interval[];
  /** Taken time (sessions, imported calendar busy); overrides free time. */
  busy?: readonly Interval[];
  /** Declared unavailability (holidays, travel); overrides free time. */
  unavailable?: readonly Interval[];
}

/**
 * free = (expanded rules ∪ available) − (busy ∪ unavailable), clipped to `window`, normalised.
 * Throws the AppErrors of `compileRule` for a bad zone or rule (`field` prefixes their messages).
 *
 * @example
 * personFreeIntervals({ timeZone: 'Europe/London', rules: [{ rrule: 'FREQ=DAILY', startTime: '10:00', endTime: '18:00' }] }, window);
 */
export function personFreeIntervals(
  person: PersonAvailability,
  window: Interval,
  field = 'person',
): Interval[] {
  assertTimeZone(person.timeZone, `${field}.timeZone`);
  const compiled = person.rules.map((rule, i) =>
    compileRuleCached(rule, person.timeZone, `${field}.rules[${i}]`),
  );
  return freeFromCompiled(compiled, person, window);
}

/** As `personFreeIntervals` with rules already compiled (to expand one person over many windows). */
export function freeFromCompiled(
  rules: readonly CompiledRule[],
  blocks: Pick<PersonAvailability, 'available' | 'busy' | 'unavailable'>,
  window: Interval,
): Interval[] {
  const expanded = expandRules(rules, window);
  const free = blocks.available?.length ? normalizeIntervals([...expanded, ...blocks.available]) : expanded;
  const taken = normalizeIntervals(
    blocks.unavailable?.length ? [...(blocks.busy ?? []), ...blocks.unavailable] : (blocks.busy ?? []),
  );
  return clipIntervals(subtractIntervals(free, taken), window);
}
