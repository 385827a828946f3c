import { eq } from 'drizzle-orm';
import type { CommandContext } from '../../core/commands/command.ts';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { dispatch } from '../../core/commands/dispatch.ts';
import { notice, privateReply, type Reply } from '../../core/commands/reply.ts';
import { AppError, userFacingMessage } from '../../core/shared/app-error.ts';
import { resolveActor } from '../../core/surface/identity.ts';
import { tenants } from '../../db/schema/index.ts';
import { type CommandRuntime, commandContextFor } from '../runtime/command-services.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { SurfaceKit } from '../runtime/surface-kit.ts';
import type { SlackProfile } from './identity.ts';
import { translateMentions } from './mentions.ts';

/** What the Slack surface needs from the composition root: whatever command services need, and a logger. */
export type SlackRuntime = CommandRuntime & Pick<Runtime, 'database' | 'logger' | 'clock'>;

/** What a conversation needs: the command runtime and the surface kit (identities). */
export type SlackConversationDeps = SlackRuntime & { kit: Pick<SurfaceKit, 'identities'> };

/** One person in one workspace, talking to the shared command layer. */
export interface SlackConversation {
  readonly context: CommandContext;
  /** Runs a command line (Slack mentions already translated) and returns the Reply; never throws. */
  run(line: string): Promise<Reply>;
  /** Turns `<@U123|ana>` into `@handle` (or `@slack:U123` for someone without a creator profile). */
  translate(text: string): Promise<string>;
}

export interface SlackPerson {
  tenantId: string;
  /** The installation's external id (team, or Enterprise org for org-wide installs). */
  workspaceId: string;
  slackUserId: string;
  /** Asked only on first contact (`users.info`). */
  lookupProfile: () => Promise<SlackProfile>;
}

/**
 * Resolves tenant and actor and builds the command context, exactly like the console surface does.
 * Failures a person can act on (suspended workspace) come back as AppErrors.
 */
export async function openSlackConversation(
  runtime: SlackConversationDeps,
  registry: CommandRegistry,
  person: SlackPerson,
): Promise<SlackConversation> {
  const { database, logger } = runtime;
  const [tenant] = await database.withTenant(person.tenantId, (tx) =>
    tx.select().from(tenants).where(eq(tenants.id, person.tenantId)),
  );
  if (!tenant)
    throw new AppError('tenancy.unknown_tenant', 'This workspace is not connected to Session Align.');
  if (tenant.status !== 'active') {
    throw new AppError('tenancy.suspended', 'Session Align is suspended for this workspace. Ask your admin.');
  }
  const actor = await resolveActor(
    runtime.kit.identities,
    tenant.id,
    { platform: 'slack', workspaceId: person.workspaceId, externalUserId: person.slackUserId },
    person.lookupProfile,
  );
  if (!actor) throw new AppError('tenancy.unknown_user', 'Your account here is disabled. Ask an admin.');
  const context = commandContextFor(runtime, tenant, actor, registry);
  return {
    context,
    translate: (text) => translateMentions(database, tenant.id, text),
    async run(line) {
      try {
        const outcome = await dispatch(line, context);
        if (outcome.bug) {
          logger.error(
            { err: outcome.bug, tenantId: tenant.id, command: line.split(/\s/, 1)[0] },
            'command failed',
          );
        }
        return outcome.reply;
      } catch (error) {
        logger.error({ err: error, tenantId: tenant.id }, 'command failed outside dispatch');
        return errorReply(error);
      }
    },
  };
}

/** What a person sees when something failed before a command could run. Never a stack trace. */
export function errorReply(error: unknown): Reply {
  return privateReply(notice('error', userFacingMessage(error)));
}
