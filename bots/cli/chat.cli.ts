import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { DEMO_TENANT, seedDemoOnFirstRun } from '../../db/seed.ts';
import { openConsoleSession } from '../console/console-session.ts';
import { type CliOutcome, ok } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';

/**
 * `session-align chat [--tenant SLUG] [--as USER] [--once "TEXT"]`: the console chat.
 * With --once it answers one line and exits; otherwise a REPL until /quit or end of input.
 */
export async function chatCli(argv: string[]): Promise<CliOutcome | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string', default: 'demo' },
      as: { type: 'string', default: 'admin' },
      once: { type: 'string' },
    },
  });
  return withRuntime(async (runtime) => {
    // A fresh checkout can chat straight away, as it can `npm start`: the demo tenant appears on first use.
    if (values.tenant === DEMO_TENANT.slug && runtime.config.SEED_DEMO === 'true') {
      await seedDemoOnFirstRun(runtime.database);
    }
    const session = await openConsoleSession(runtime, { tenantSlug: values.tenant, as: values.as });
    if (values.once !== undefined) return ok(await session.send(values.once));

    const { tenant, actor } = session.context;
    process.stdout.write(
      `Session Align console: ${tenant.name} as ${actor.displayName}. /help for commands, /quit to leave.\n`,
    );
    const prompt = createInterface({
      input: process.stdin,
      output: process.stdout,
      prompt: `${tenant.slug}> `,
    });
    prompt.prompt();
    for await (const line of prompt) {
      const trimmed = line.trim();
      if (trimmed === '/quit' || trimmed === '/exit') break;
      if (trimmed) process.stdout.write(await session.send(trimmed));
      prompt.prompt();
    }
    prompt.close();
    return undefined;
  });
}
