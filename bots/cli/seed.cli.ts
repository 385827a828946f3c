import { parseArgs } from 'node:util';
import { seedTenant } from '../../db/seed.ts';
import { type CliOutcome, fail, ok } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';
import { CLI_SPECS } from './cli-specs.ts';

/** `session-align seed [--tenant SLUG] [--creators N] [--seed S]`: migrates if needed, then seeds. */
export async function seedCli(argv: string[]): Promise<CliOutcome> {
  const { values } = parseArgs({ args: argv, options: CLI_SPECS.seed.options });
  const creatorCount = Number(values.creators);
  const seed = Number(values.seed);
  if (!Number.isInteger(creatorCount) || creatorCount < 0 || creatorCount > 100_000) {
    return fail(`--creators: expected a whole number from 0 to 100000, got "${values.creators}"\n`);
  }
  if (!Number.isInteger(seed)) return fail(`--seed: expected a whole number, got "${values.seed}"\n`);
  return withRuntime(async (runtime) => {
    const result = await seedTenant(runtime.database, { slug: values.tenant, creatorCount, seed });
    const verb = result.isNewTenant ? 'Created' : 'Updated';
    return ok(`${verb} tenant "${result.tenant.slug}": ${result.creatorsAdded} creators added.\n`);
  });
}
