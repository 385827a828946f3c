import type { Clock } from '../shared/clock.ts';
import type { Role } from '../tenancy/roles.ts';
import type { CommandLine } from './command-line.ts';
import type { Reply } from './reply.ts';
import type { CommandServices } from './services.ts';

/** Who is asking, already resolved from the platform identity. */
export interface Actor {
  userId: string;
  displayName: string;
  role: Role;
  /** The creator profile of this user, when they have one. */
  creatorHandle?: string;
  timeZone: string;
}

export interface CommandContext {
  /** `settings` is the tenant's settings JSON (policies such as waking hours), when the surface loaded it. */
  tenant: { id: string; slug: string; name: string; settings?: Readonly<Record<string, unknown>> };
  actor: Actor;
  services: CommandServices;
  clock: Clock;
  /** The registry, so `/help` can describe every command. */
  registry: { list(): readonly CommandSpec<unknown>[] };
}

/**
 * A chat command, defined once for every surface.
 *
 * @example
 * defineCommand({
 *   name: 'whoami', summary: 'Show who you are here', usage: '/whoami', examples: ['/whoami'],
 *   parse: () => ({}), run: async (ctx) => reply(text(ctx.actor.displayName)),
 * });
 */
export interface CommandSpec<TArgs> {
  name: string;
  aliases?: readonly string[];
  summary: string;
  usage: string;
  examples: readonly string[];
  /** Roles allowed to run it; all roles when absent. */
  roles?: readonly Role[];
  /** Turns the typed line into validated arguments; throws AppError (`commands.bad_args`) naming the problem. */
  parse(line: CommandLine): TArgs;
  run(context: CommandContext, args: TArgs): Promise<Reply>;
}

export function defineCommand<TArgs>(spec: CommandSpec<TArgs>): CommandSpec<TArgs> {
  return spec;
}
