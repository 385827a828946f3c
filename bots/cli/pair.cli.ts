import { z } from 'zod';
import type { Actor, CommandContext } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import type { PairResult } from '../../core/commands/definitions/pair/pair.command.ts';
import { invoke } from '../../core/commands/dispatch.ts';
import { pairAnswerJson } from '../../core/matching/index.ts';
import { AppError, isAppError } from '../../core/shared/app-error.ts';
import { commandContextFor } from '../runtime/command-services.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { surfaceKitFor } from '../runtime/surface-kit.ts';
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

/**
 * The request's envelope: which tenant, and the query. The query itself is the `pair.suggest`
 * command's input (the one validation, shared with `/pair`, buttons and tools) with one name of its
 * own: `k` is the command's `limit`.
 */
const requestEnvelope = z.looseObject({
  tenant: z.string({ error: 'expected a tenant slug' }).trim().min(1, { error: 'expected a tenant slug' }),
});

const badRequest = (field: string, message: string) =>
  new AppError('matching.bad_request', `${field}: ${message}`, { field });

/** The command input for one request, or the field that is wrong. */
function pairInputOf(request: unknown): { slug: string; input: Record<string, unknown> } {
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    throw badRequest('(request)', 'expected a JSON object');
  const envelope = requestEnvelope.safeParse(request);
  if (!envelope.success) throw badRequest('tenant', envelope.error.issues[0]!.message);
  const { tenant, k, limit, showFreeTime, ...query } = request as Record<string, unknown>;
  if (limit !== undefined) throw badRequest('limit', 'unknown field (the number of suggestions is k)');
  if (showFreeTime !== undefined) throw badRequest('showFreeTime', 'unknown field');
  // Without a window the answer's windows stay empty: free time is shown only where it was asked.
  return {
    slug: envelope.data.tenant,
    input: { ...query, ...(k === undefined ? {} : { limit: k }), showFreeTime: false },
  };
}

/** The CLI acts for the operator: a publisher's view of the tenant, times in UTC. */
const CLI_ACTOR: Actor = {
  userId: 'cli',
  displayName: 'session-align CLI',
  role: 'tenant_admin',
  timeZone: 'UTC',
};

async function answerOne(
  runtime: Runtime,
  contexts: Map<string, CommandContext>,
  request: unknown,
): Promise<string> {
  const { slug, input } = pairInputOf(request);
  let context = contexts.get(slug);
  if (!context) {
    const tenant = await surfaceKitFor(runtime).tenants.findBySlug(slug);
    if (!tenant)
      throw new AppError('tenancy.unknown_tenant', `tenant: no tenant with slug "${slug}"`, { slug });
    context = commandContextFor(runtime, tenant, CLI_ACTOR, createCommandRegistry());
    contexts.set(slug, context);
  }
  const outcome = await invoke(context, { command: 'pair.suggest', input }, { resultOnly: true });
  if (outcome.bug) throw outcome.bug;
  if (outcome.isError) throw cliError(outcome);
  return JSON.stringify(pairAnswerJson((outcome.result as PairResult).answer));
}

/** The command's refusal in the CLI's words: `k: expected …`, `No creator with handle @x`. */
function cliError(outcome: Awaited<ReturnType<typeof invoke>>): AppError {
  const code = outcome.error?.code ?? 'commands.refused';
  if (outcome.problem) {
    const field = outcome.problem.path.replace(/^limit\b/, 'k') || '(request)';
    return badRequest(field, outcome.problem.message);
  }
  const handle = outcome.error?.details?.handle;
  if (code === 'matching.unknown_creator' && typeof handle === 'string')
    return new AppError(code, `No creator with handle @${handle}`, { handle });
  const block = outcome.reply.blocks[0];
  return new AppError(code, block && 'text' in block ? String(block.text) : 'the query was refused');
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
    const contexts = new Map<string, CommandContext>();
    const out: string[] = [];
    const errors: string[] = [];
    for (const [i, input] of read.queries.entries()) {
      try {
        out.push(await answerOne(runtime, contexts, input));
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
