import { type PairingDesk, pairAnswerJson, parsePairRequest } from '../../core/matching/index.ts';
import { AppError, isAppError } from '../../core/shared/app-error.ts';
import { pairingDesk } from '../../db/repositories/pairing-desk.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { type CliOutcome, fail } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';

const USAGE = 'usage: pair --json < query.json  (or JSON Lines: one query per line)';

/** One JSON object, or JSON Lines (one query per line). */
function readQueries(stdin: string): { queries: unknown[]; isBatch: boolean } | { error: string } {
  const trimmed = stdin.trim();
  if (!trimmed) return { error: 'stdin: expected a JSON query (or JSON Lines), got nothing' };
  try {
    return { queries: [JSON.parse(trimmed)], isBatch: false };
  } catch {
    const queries: unknown[] = [];
    for (const [i, line] of stdin.split('\n').entries()) {
      if (!line.trim()) continue;
      try {
        queries.push(JSON.parse(line));
      } catch (error) {
        return { error: `stdin line ${i + 1}: not valid JSON (${(error as Error).message.split('\n')[0]})` };
      }
    }
    return { queries, isBatch: true };
  }
}

async function answerOne(runtime: Runtime, desks: Map<string, PairingDesk>, input: unknown): Promise<string> {
  const { tenant: slug, query } = parsePairRequest(input);
  let desk = desks.get(slug);
  if (!desk) {
    const tenant = await databaseTenantDirectory(runtime.database).findBySlug(slug);
    if (!tenant)
      throw new AppError('tenancy.unknown_tenant', `tenant: no tenant with slug "${slug}"`, { slug });
    desk = pairingDesk(runtime.database, tenant.id, { embedder: runtime.embedder });
    desks.set(slug, desk);
  }
  return JSON.stringify(pairAnswerJson(await desk.pair(query)));
}

/**
 * `session-align pair --json`: pair queries on stdin, answers on stdout, one JSON object per query (in
 * order). An unknown tenant or creator, or a bad field: exit 1 with a line naming it on stderr; in a
 * batch the other lines are still answered and the failed line's answer is `{"error":{…}}`.
 */
export async function pairCli(argv: string[], stdin: string): Promise<CliOutcome> {
  const unknown = argv.filter((arg) => arg !== '--json');
  if (unknown.length > 0) return fail(`pair: unknown argument "${unknown[0]}"; ${USAGE}\n`, 2);
  if (!argv.includes('--json'))
    return fail(`pair: the --json flag is required (input and output are JSON)\n`, 2);
  const read = readQueries(stdin);
  if ('error' in read) return fail(`${read.error}\n`);
  return withRuntime(async (runtime) => {
    const desks = new Map<string, PairingDesk>();
    const out: string[] = [];
    const errors: string[] = [];
    for (const [i, input] of read.queries.entries()) {
      try {
        out.push(await answerOne(runtime, desks, input));
      } catch (error) {
        if (!isAppError(error)) throw error;
        const { message, code } = error;
        errors.push(read.isBatch ? `line ${i + 1}: ${message}` : message);
        out.push(JSON.stringify({ error: { code, message } }));
      }
    }
    if (!read.isBatch && errors.length > 0) return fail(`${errors[0]}\n`);
    return {
      stdout: `${out.join('\n')}\n`,
      stderr: errors.map((e) => `${e}\n`).join(''),
      exitCode: errors.length > 0 ? 1 : 0,
    };
  });
}
