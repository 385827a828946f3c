import { type CompiledRule, compileRule, type RecurringRule } from './recurring-rule.ts';

/**
 * Compiled rules by content. Compiling (zone check, RRULE parse and validation) cost more than
 * expanding a rule over four weeks, and the same person's rules arrive with every query; a compiled
 * rule is immutable, so one compilation serves every query asking with the same text. Bounded: past
 * `LIMIT` entries the cache starts again. Failures are not cached, so each bad rule reports its own field.
 */
const LIMIT = 20_000;
const compiledByContent = new Map<string, CompiledRule>();

/** As `compileRule`, once per distinct (rule, zone). */
export function compileRuleCached(rule: RecurringRule, timeZone: string, field = 'rule'): CompiledRule {
  const key = `${part(timeZone)}${part(rule.rrule)}${part(rule.startTime)}${part(rule.endTime)}${part(rule.fromDate)}${part(rule.untilDate)}`;
  const cached = compiledByContent.get(key);
  if (cached) return cached;
  const compiled = compileRule(rule, timeZone, field);
  if (compiledByContent.size >= LIMIT) compiledByContent.clear();
  compiledByContent.set(key, compiled);
  return compiled;
}

/**
 * One field of the cache key, length-prefixed so no text can run into the next field; an absent date
 * (`-`) stays apart from an empty one (`0:`, invalid, never cached). Cheaper than JSON.stringify.
 */
function part(text: string | undefined): string {
  return text === undefined ? '-' : `${text.length}:${text}`;
}
