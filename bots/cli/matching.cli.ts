import { parseArgs } from 'node:util';
import type { MatchWeights } from '../../core/matching/match-weights.ts';
import type { MatchingSettings } from '../../core/matching/matching-settings.ts';
import { fitSummary, weightLines } from '../../core/matching/matching-stats.ts';
import { AppError, isAppError } from '../../core/shared/app-error.ts';
import { systemClock } from '../../core/shared/clock.ts';
import {
  fitTenantWeights,
  pinTenantWeights,
  tenantMatchingSettings,
} from '../../db/repositories/matching-fit.repository.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { type CliOutcome, fail, ok } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';
import { CLI_SPECS } from './cli-specs.ts';

/** `graph=0.1,popularity=0.3` -> weights; a malformed pair is an AppError naming --weights. */
export function parseWeightsFlag(text: string): Partial<MatchWeights> {
  const weights: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, 50)) {
    const match = /^([A-Za-z]{1,40})=([0-9]*\.?[0-9]+)$/.exec(part);
    if (!match)
      throw new AppError(
        'matching.bad_weights',
        `--weights: expected NAME=NUMBER pairs separated by commas, got "${part.slice(0, 60)}"`,
        {
          field: 'weights',
        },
      );
    weights[match[1]!] = Number(match[2]);
  }
  return weights as Partial<MatchWeights>;
}

/** The weights as a table (name, weight, where it came from, what it means) and the last fit. */
export function describeMatching(slug: string, matching: MatchingSettings): string {
  const lines = weightLines(matching);
  const width = Math.max(...lines.map((line) => line.name.length));
  const rows = lines.map(
    (line) =>
      `  ${line.name.padEnd(width)} ${line.weight.toFixed(3)}  ${line.source.padEnd(8)} ${line.label}`,
  );
  return [
    `Pair-score weights of "${slug}"${matching.isPinned ? ' (pinned)' : ''}:`,
    ...rows,
    ...fitSummary(matching.fit, matching.isPinned),
    '',
  ].join('\n');
}

/** `session-align matching fit|show|pin|unpin --tenant SLUG`: learned pair-score weights (issue 14). */
export async function matchingCli(argv: string[]): Promise<CliOutcome> {
  const { verbs } = CLI_SPECS.matching;
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...verbs.fit.options, ...verbs.pin.options },
  });
  const [action = 'show'] = positionals;
  const slug = values.tenant ?? 'demo';
  return withRuntime(async (runtime) => {
    const tenant = await databaseTenantDirectory(runtime.database).findBySlug(slug);
    if (!tenant) return fail(`matching: no tenant with slug "${slug}". List them: session-align tenants\n`);
    try {
      switch (action) {
        case 'fit': {
          const outcome = await fitTenantWeights(runtime.database, tenant.id, systemClock);
          if (values.json) return ok(`${JSON.stringify(outcome.fit)}\n`);
          const matching = await tenantMatchingSettings(runtime.database, tenant.id);
          return ok(`Fitted on ${outcome.creators} creators.\n${describeMatching(slug, matching)}`);
        }
        case 'show': {
          const matching = await tenantMatchingSettings(runtime.database, tenant.id);
          return ok(values.json ? `${JSON.stringify(matching)}\n` : describeMatching(slug, matching));
        }
        case 'pin': {
          if (!values.weights)
            return fail('matching pin: --weights is required, e.g. --weights graph=0.1,popularity=0.3\n', 2);
          const matching = await pinTenantWeights(
            runtime.database,
            tenant.id,
            parseWeightsFlag(values.weights),
          );
          return ok(describeMatching(slug, matching));
        }
        case 'unpin': {
          const matching = await pinTenantWeights(runtime.database, tenant.id, undefined);
          return ok(`Unpinned: the next fit replaces these weights.\n${describeMatching(slug, matching)}`);
        }
        default:
          return fail(`matching: unknown action "${action}"\n`, 2);
      }
    } catch (error) {
      if (isAppError(error)) return fail(`matching ${action}: ${error.message}\n`);
      throw error;
    }
  });
}
