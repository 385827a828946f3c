import { renderText } from '../../bots/console/render-text.ts';
import { commandContextFor } from '../../bots/runtime/command-services.ts';
import type { Actor } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { type DispatchOutcome, dispatch, invoke } from '../../core/commands/dispatch.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import type { TestRuntimeParts } from './test-runtime.ts';

const registry = createCommandRegistry();

/**
 * Runs commands as one actor of one tenant, through the same dispatcher every surface uses (one
 * transaction per command, events to the outbox): `run(name, input)` for typed input, `send(line)`
 * for a chat line. The outcome's `result` is the handler's typed result.
 *
 * @example
 * const ana = await commandsAs(parts, tenantId, f.ana);
 * const proposed = await ana.run('session.propose', { creators: ['ben'], startsAt: '2030-03-03T15:00Z' });
 */
export async function commandsAs(parts: TestRuntimeParts, tenantId: string, actor: Actor) {
  const tenant = await databaseTenantDirectory(parts.database).findById(tenantId);
  if (!tenant) throw new Error(`no tenant ${tenantId}`);
  const context = () => commandContextFor(parts, tenant, actor, registry);
  return {
    run: (command: string, input: Record<string, unknown> = {}): Promise<DispatchOutcome> =>
      invoke(context(), { command, input }),
    send: async (line: string) => renderText((await dispatch(line, context())).reply),
    dispatch: (line: string) => dispatch(line, context()),
  };
}

/** The outcome's result, or a failure naming the answer's text (for `await expectResult(run(...))`). */
export function resultOf<T>(outcome: DispatchOutcome): T {
  if (outcome.isError) throw new Error(`command failed: ${renderText(outcome.reply).trim()}`);
  return outcome.result as T;
}

/** The error text of a refused command. */
export function errorOf(outcome: DispatchOutcome): string {
  if (!outcome.isError) throw new Error('expected the command to be refused');
  return renderText(outcome.reply).trim().replace(/^✗ /, '');
}
