import type { CommandContext } from '../../core/commands/command.ts';
import { parseCommandLine } from '../../core/commands/command-line.ts';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { dispatch } from '../../core/commands/dispatch.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { findActorByIdentity } from '../../db/repositories/people.repository.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { commandContextFor } from '../runtime/command-services.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { renderText } from './render-text.ts';

export interface ConsoleSession {
  /** One line in, the rendered answer out: the console surface's whole contract. */
  send(line: string): Promise<string>;
  readonly context: CommandContext;
}

/**
 * The console surface: the same command layer the bots use, as text. `as` is a console identity:
 * `admin` (the seeded tenant admin) or a creator's handle.
 */
export async function openConsoleSession(
  runtime: Pick<
    Runtime,
    'database' | 'logger' | 'secrets' | 'fetcher' | 'calendarParser' | 'clock' | 'queue'
  >,
  options: { tenantSlug: string; as: string; registry?: CommandRegistry },
): Promise<ConsoleSession> {
  const tenant = await databaseTenantDirectory(runtime.database).findBySlug(options.tenantSlug);
  if (!tenant) {
    throw new AppError(
      'tenancy.unknown_tenant',
      `No tenant with slug "${options.tenantSlug}". List them: session-align tenants`,
    );
  }
  if (tenant.status !== 'active') {
    throw new AppError('tenancy.suspended', `Tenant "${tenant.slug}" is suspended.`);
  }
  const identity = options.as.replace(/^@/, '').toLowerCase();
  const actor = await runtime.database.withTenant(tenant.id, (tx) =>
    findActorByIdentity(tx, 'console', identity),
  );
  if (!actor) {
    throw new AppError(
      'tenancy.unknown_user',
      `No console user "${identity}" in tenant "${tenant.slug}". Use --as admin or --as <creator handle>.`,
    );
  }
  const registry = options.registry ?? createCommandRegistry();
  const context = commandContextFor(runtime, tenant, actor, registry);
  return {
    context,
    async send(line) {
      const outcome = await dispatch(line, context);
      if (outcome.bug) {
        // The command's name only: what people type may hold secret calendar URLs or private notes.
        const command = parseCommandLine(line)?.name;
        runtime.logger.error({ err: outcome.bug, tenantId: tenant.id, command }, 'command failed');
      }
      return renderText(outcome.reply);
    },
  };
}
