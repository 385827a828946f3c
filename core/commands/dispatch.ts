import { isAppError } from '../shared/app-error.ts';
import { ROLE_LABELS } from '../tenancy/roles.ts';
import type { CommandContext } from './command.ts';
import { parseCommandLine } from './command-line.ts';
import { notice, privateReply, type Reply } from './reply.ts';

export interface DispatchOutcome {
  reply: Reply;
  /** Set when the command failed unexpectedly: the surface logs it; the user sees a generic line. */
  bug?: unknown;
}

/**
 * Runs one typed line through the registry: parse, permission check, validated args, handler.
 * Expected failures become an error notice with the AppError's message; bugs never reach the user.
 */
export async function dispatch(input: string, context: CommandContext): Promise<DispatchOutcome> {
  const line = parseCommandLine(input);
  if (!line) {
    return { reply: privateReply(notice('info', 'Commands start with "/". Type /help to see them all.')) };
  }
  const spec = context.registry.list().find((s) => s.name === line.name || s.aliases?.includes(line.name));
  if (!spec) {
    return {
      reply: privateReply(notice('error', `Unknown command /${line.name}. Type /help to see them all.`)),
    };
  }
  if (spec.roles && !spec.roles.includes(context.actor.role)) {
    const allowed = spec.roles.map((role) => ROLE_LABELS[role]).join(', ');
    return { reply: privateReply(notice('error', `/${spec.name} is for: ${allowed}.`)) };
  }
  try {
    const args = spec.parse(line);
    return { reply: await spec.run(context, args) };
  } catch (error) {
    if (isAppError(error)) {
      const usage = error.code === 'commands.bad_args' ? `\nUsage: ${spec.usage}` : '';
      return { reply: privateReply(notice('error', `${error.message}${usage}`)) };
    }
    return {
      reply: privateReply(notice('error', 'Something went wrong on our side. It has been logged.')),
      bug: error,
    };
  }
}
