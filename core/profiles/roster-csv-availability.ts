/**
 * The availability column of creators.csv: weekly rules in the `/avail add` syntax, separated by "|",
 * local wall-clock time in the creator's zone.
 *
 *   mon-fri 10:00-18:00
 *   mon,wed 17:00-19:00|sat 12:00-16:00 every:2 from:2026-12-05 until:2027-03-27
 *
 * Days as `/avail add` takes them (mon,wed · weekdays · weekends · daily), plus ranges (mon-fri, fri-mon).
 * Rules are read into the same RecurringRule `/avail add` writes, and written back by
 * `formatWeeklyRules`, so an export re-imports as the same rules.
 */
import { parseClockTime, parseLocalDate } from '../availability/local-time.ts';
import { compileRule, type RecurringRule } from '../availability/recurring-rule.ts';
import { parseDays, rangeProblem, rangeText } from '../commands/definitions/avail/avail-args.ts';
import { isAppError } from '../shared/app-error.ts';

/** Weekly rules one creator may have from an import. */
export const MAX_IMPORTED_RULES = 20;
const MAX_EVERY_WEEKS = 9;
const DAY_ORDER = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_WORDS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const quoted = (text: string) => `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`;

/** One rule's words -> the rule, or what is wrong with it in words. */
function readRule(text: string): RecurringRule | string {
  const [daysWord = '', range = '', ...options] = text.split(/\s+/).filter(Boolean);
  const days = parseDays(daysWord);
  if (!days) return `expected days like mon-fri, mon,wed or weekends first, got ${quoted(daysWord)}`;
  const times = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})(\+1)?$/.exec(range);
  const startTime = times?.[1]?.padStart(5, '0') ?? '';
  const endTime = times?.[2]?.padStart(5, '0') ?? '';
  if (parseClockTime(startTime) === undefined || parseClockTime(endTime, true) === undefined)
    return `expected a local time range like 10:00-18:00 (or 22:00-02:00+1 past midnight) after the days, got ${quoted(range)}`;
  // The same rule as /avail add: a range past midnight says so with +1.
  const rangeIssue = rangeProblem(startTime, endTime, times?.[3] === '+1');
  if (rangeIssue) return rangeIssue;
  const rule: RecurringRule & { everyWeeks?: number } = { rrule: '', startTime, endTime };
  for (const option of options) {
    const [key, value = ''] = option.split(/:(.*)/s) as [string, string?];
    if (key === 'every' && /^\d$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_EVERY_WEEKS)
      rule.everyWeeks = Number(value);
    else if ((key === 'from' || key === 'until') && parseLocalDate(value))
      rule[key === 'from' ? 'fromDate' : 'untilDate'] = value;
    else
      return `${quoted(option)} is not every:N (1-${MAX_EVERY_WEEKS} weeks), from:YYYY-MM-DD or until:YYYY-MM-DD`;
  }
  if (rule.fromDate && rule.untilDate && rule.untilDate < rule.fromDate)
    return `until:${rule.untilDate} is before from:${rule.fromDate}`;
  const { everyWeeks = 1, ...weekly } = rule;
  weekly.rrule = `FREQ=WEEKLY${everyWeeks > 1 ? `;INTERVAL=${everyWeeks}` : ''};BYDAY=${days.join(',')}`;
  const problem = engineProblem(weekly);
  return problem ?? weekly;
}

/**
 * Rules the availability engine has already accepted (its check costs ~10 µs, most of reading a cell;
 * a roster repeats a few rules many times). Bounded: past the limit, rules are checked without being kept.
 */
const ACCEPTED_RULES = new Set<string>();
const MAX_ACCEPTED_RULES = 10_000;

/** What the engine says against a rule built here (a safety net: the words were checked above). */
function engineProblem(rule: RecurringRule): string | undefined {
  const key = [rule.rrule, rule.startTime, rule.endTime, rule.fromDate, rule.untilDate].join(' ');
  if (ACCEPTED_RULES.has(key)) return undefined;
  try {
    // The zone does not change whether a rule is valid; the creator's own zone is checked by its column.
    compileRule(rule, 'UTC');
  } catch (error) {
    if (isAppError(error)) return error.message;
    throw error;
  }
  if (ACCEPTED_RULES.size < MAX_ACCEPTED_RULES) ACCEPTED_RULES.add(key);
  return undefined;
}

/**
 * An availability cell -> weekly rules (blank: undefined, nothing to change), or the problem in words.
 * The rules are local wall-clock time, in whatever zone the creator has; whether one is valid does not
 * depend on the zone.
 *
 * @example
 * readAvailabilityCell('mon-fri 10:00-18:00')
 * // { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', startTime: '10:00', endTime: '18:00' }] }
 */
export function readAvailabilityCell(
  cell: string | undefined,
): { rules?: RecurringRule[] } | { problem: string } {
  const texts = (cell ?? '')
    .split('|')
    .map((text) => text.trim())
    .filter(Boolean);
  if (texts.length === 0) return {};
  if (texts.length > MAX_IMPORTED_RULES)
    return { problem: `at most ${MAX_IMPORTED_RULES} weekly rules, separated by "|"; got ${texts.length}` };
  const rules: RecurringRule[] = [];
  for (const [index, text] of texts.entries()) {
    const rule = readRule(text);
    if (typeof rule === 'string') {
      const which = texts.length > 1 ? `rule ${index + 1} of ${texts.length} ` : '';
      return { problem: `${which}${quoted(text)}: ${rule}` };
    }
    rules.push(rule);
  }
  return { rules };
}

const WEEKLY =
  /^FREQ=WEEKLY(?:;INTERVAL=([1-9]))?;BYDAY=((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*)$/;

/** `MO,TU,WE,TH,FR,SU` -> `mon-fri,sun`: runs of three days or more as ranges. */
function dayWords(codes: readonly string[]): string {
  const indexes = DAY_ORDER.flatMap((code, i) => (codes.includes(code) ? [i] : []));
  const words: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j += 1;
    const [first, last] = [DAY_WORDS[indexes[i]!]!, DAY_WORDS[indexes[j]!]!];
    if (j - i >= 2) words.push(`${first}-${last}`);
    else words.push(...indexes.slice(i, j + 1).map((k) => DAY_WORDS[k]!));
    i = j + 1;
  }
  return words.join(',');
}

/** One rule in the cell syntax, or undefined when it is not a weekly rule the syntax can say. */
export function formatWeeklyRule(rule: RecurringRule): string | undefined {
  const match = WEEKLY.exec(rule.rrule);
  if (!match) return undefined;
  return [
    dayWords(match[2]!.split(',')),
    rangeText(rule.startTime, rule.endTime),
    ...(match[1] ? [`every:${match[1]}`] : []),
    ...(rule.fromDate ? [`from:${rule.fromDate}`] : []),
    ...(rule.untilDate ? [`until:${rule.untilDate}`] : []),
  ].join(' ');
}

/**
 * Rules -> an availability cell, and how many could not be written (not weekly: none of the commands
 * writes such a rule today).
 */
export function formatWeeklyRules(rules: readonly RecurringRule[]): { cell: string; skipped: number } {
  const texts = rules.map(formatWeeklyRule);
  return {
    cell: texts.filter((text) => text !== undefined).join('|'),
    skipped: texts.filter((text) => text === undefined).length,
  };
}
