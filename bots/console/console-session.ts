import type { CommandContext } from '../../core/commands/command.ts';
import { parseCommandLine } from '../../core/commands/command-line.ts';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { type DispatchOutcome, dispatch, press } from '../../core/commands/dispatch.ts';
import type { Reply } from '../../core/commands/reply.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { commandContextFor } from '../runtime/command-services.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { surfaceKitFor } from '../runtime/surface-kit.ts';
import { renderText } from './render-text.ts';

/** One answer: as text for the terminal, and as the Reply (with its buttons' tokens) it was made from. */
export interface ConsoleAnswer {
  text: string;
  reply: Reply;
  /** Messages that reached this person since their last line (shown after the answer). */
  messages: Reply[];
  isError: boolean;
}

export interface ConsoleSession {
  /** One line in, the rendered answer out: what the REPL and `chat --once` print. */
  send(line: string): Promise<string>;
  answer(line: string): Promise<ConsoleAnswer>;
  /** A button of an earlier answer, by its token (the terminal shows the line to type instead). */
  press(token: string): Promise<ConsoleAnswer>;
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
  const kit = surfaceKitFor(runtime);
  const tenant = await kit.tenants.findBySlug(options.tenantSlug);
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
  // Console identities are seeded (`admin`, each creator's handle); none is created on first contact.
  const actor = await kit.identities.inTenant(tenant.id, (tx) =>
    tx.findActor({ platform: 'console', externalUserId: identity }),
  );
  if (!actor) {
    throw new AppError(
      'tenancy.unknown_user',
      `No console user "${identity}" in tenant "${tenant.slug}". Use --as admin or --as <creator handle>.`,
    );
  }
  const registry = options.registry ?? createCommandRegistry();
  const context = commandContextFor(runtime, tenant, actor, registry);
  const finish = (outcome: DispatchOutcome, what: string | undefined): ConsoleAnswer => {
    if (outcome.bug) {
      // The command's name only: what people type may hold secret calendar URLs or private notes.
      runtime.logger.error({ err: outcome.bug, tenantId: tenant.id, command: what }, 'command failed');
    }
    // What reached this person meanwhile (session invitations, answers) follows the answer.
    const messages = kit.consoleInbox.take(actor.userId);
    const text = [
      renderText(outcome.reply),
      ...(messages.length > 0
        ? [`── ${messages.length === 1 ? 'a message' : `${messages.length} messages`} for you ──\n`]
        : []),
      ...messages.map(renderText),
    ].join('');
    return { text, reply: outcome.reply, messages, isError: outcome.isError === true };
  };
  return {
    context,
    answer: async (line) => finish(await dispatch(line, context), parseCommandLine(line)?.name),
    press: async (token) => finish(await press(context, token), 'button'),
    send: async (line) => finish(await dispatch(line, context), parseCommandLine(line)?.name).text,
  };
}
