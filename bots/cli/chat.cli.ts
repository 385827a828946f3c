import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { DEMO_TENANT, seedDemoOnFirstRun } from '../../db/seed.ts';
import { openConsoleSession } from '../console/console-session.ts';
import { findLocalServer, forwardToLocalServer } from '../runtime/local-control.ts';
import { type CliOutcome, fail } from './cli-outcome.ts';
import { ambientRuntime, withRuntime } from './cli-runtime.ts';
import { CLI_SPECS } from './cli-specs.ts';

type Send = (line: string) => Promise<string>;

/**
 * `session-align chat [--tenant SLUG] [--as USER] [--once "TEXT"]`: the console chat.
 * With --once it answers one line and exits (1 when the answer is an error); otherwise a REPL until
 * /quit or end of input.
 */
export async function chatCli(argv: string[]): Promise<CliOutcome | undefined> {
  const { values } = parseArgs({ args: argv, options: CLI_SPECS.chat.options });
  // A server on the embedded database owns it: the REPL sends each line there instead.
  const server = process.env.DATABASE_URL ? undefined : findLocalServer(process.env.DATA_DIR || './data');
  if (server && values.once === undefined) {
    const send: Send = async (line) => {
      const result = await forwardToLocalServer(
        server,
        ['chat', `--tenant=${values.tenant}`, `--as=${values.as}`, `--once=${line}`],
        '',
      );
      if (!result) throw new Error('The server stopped answering.');
      return result.stdout || result.stderr;
    };
    await repl(
      send,
      `${values.tenant}> `,
      `Session Align console (via the running server): ${values.tenant} as ${values.as}.`,
    );
    return undefined;
  }
  return withRuntime(async (runtime) => {
    // A fresh checkout can chat straight away, as it can `npm start`: the demo tenant appears on first use.
    // Inside the server (a forwarded line) the server seeded it at start, and the line waited for that.
    const isInServer = ambientRuntime.getStore() !== undefined;
    if (!isInServer && values.tenant === DEMO_TENANT.slug && runtime.config.SEED_DEMO === 'true') {
      await seedDemoOnFirstRun(runtime.database);
    }
    const session = await openConsoleSession(runtime, { tenantSlug: values.tenant, as: values.as }).catch(
      (error: unknown) => error as Error,
    );
    if (session instanceof Error) return fail(`${session.message}\n`);
    if (values.once !== undefined) {
      // The answer is printed either way; an error (bad input, refused, unknown command) exits 1.
      const answer = await session.answer(values.once);
      return { stdout: answer.text, stderr: '', exitCode: answer.isError ? 1 : 0 };
    }
    const { tenant, actor } = session.context;
    await repl(
      (line) => session.send(line),
      `${tenant.slug}> `,
      `Session Align console: ${tenant.name} as ${actor.displayName}.`,
    );
    return undefined;
  });
}

async function repl(send: Send, promptText: string, greeting: string): Promise<void> {
  process.stdout.write(`${greeting} /help for commands, /quit to leave.\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout, prompt: promptText });
  prompt.prompt();
  for await (const line of prompt) {
    const trimmed = line.trim();
    if (trimmed === '/quit' || trimmed === '/exit') break;
    if (trimmed) process.stdout.write(await send(trimmed));
    prompt.prompt();
  }
  prompt.close();
}
