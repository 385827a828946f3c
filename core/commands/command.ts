import type { z } from 'zod';
import type { DomainEvent } from '../events/domain-event.ts';
import type { TenantStores } from '../ports/tenant-stores.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
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

export interface TenantInfo {
  id: string;
  slug: string;
  name: string;
  /** The tenant's settings JSON (policies such as waking hours), when the surface loaded it. */
  settings?: Readonly<Record<string, unknown>>;
}

/** What every command sees: the tenant, the actor, non-transactional services, the clock. */
export interface CommandContext {
  tenant: TenantInfo;
  actor: Actor;
  services: CommandServices;
  clock: Clock;
  /** The registry, so `/help` can describe every command. */
  registry: CommandCatalog;
  /** Where commands run their one transaction. Only the dispatcher opens it. */
  work: UnitOfWork;
}

/** What a handler gets: the context and the stores of its one tenant transaction. */
export interface HandlerContext extends Omit<CommandContext, 'work'> {
  stores: TenantStores;
}

/** A handler's outcome: its typed result, and the domain events it caused (written to the outbox). */
export interface Handled<TResult> {
  result: TResult;
  events?: readonly DomainEvent[];
}

/** What the chat text adapter needs to read relative words ("tomorrow 17:00") as instants. */
export interface ParseContext {
  timeZone: string;
  nowMs: number;
  /** The verb the line was routed by (`off` or `extra` for one command), lower-cased. */
  verb?: string;
}

/**
 * How a command is typed in chat: `/session accept ID` is command `session`, verb `accept`. The
 * parser only maps words onto the input object; the input schema validates it.
 */
export interface ChatSyntax<TIn> {
  command: string;
  /** Absent for the bare command (`/session` lists sessions). */
  verb?: string;
  verbAliases?: readonly string[];
  /** Also reached without its verb when the line looks like this (`/donotpair @a @b` adds a rule). */
  withoutVerbWhen?(line: CommandLine): boolean;
  /** Two commands may share a verb when each says which lines are its own (words after the verb). */
  when?(line: CommandLine): boolean;
  usage: string;
  /** `line.words` no longer holds the verb. */
  parse(line: CommandLine, context: ParseContext): TIn;
  /** The chat line for an input (the inverse of parse): what the console shows for a button. */
  format?(input: TIn): string;
}

/**
 * A command, defined once for every surface: chat text, forms, buttons, `--json`, LLM tools.
 *
 * @example
 * defineCommand({
 *   name: 'whoami', summary: 'Show who you are here', examples: ['/whoami'], effect: 'read',
 *   input: z.object({}), chat: { command: 'whoami', usage: '/whoami', parse: () => ({}) },
 *   handle: async (ctx) => ({ result: ctx.actor }),
 *   present: (actor) => privateReply(text(actor.displayName)),
 * });
 */
export interface CommandDefinition<
  TSchema extends z.ZodType = z.ZodType,
  TResult = unknown,
  TPrepared = void,
> {
  /** `session.propose`: stable, used by buttons, tools and `commands --json`. */
  name: string;
  summary: string;
  examples: readonly string[];
  /** Roles allowed to run it; all roles when absent. The one place permissions by role are checked. */
  roles?: readonly Role[];
  /** Writes are single-use behind a button and are audited. */
  effect: 'read' | 'write';
  /** The only validation: every adapter's input goes through it. */
  input: TSchema;
  chat?: ChatSyntax<z.input<TSchema>>;
  /** Work before the transaction (network I/O, parsing off-thread); its outcome goes to `handle`. */
  prepare?(context: CommandContext, input: z.output<TSchema>): Promise<TPrepared>;
  handle(context: HandlerContext, input: z.output<TSchema>, prepared: TPrepared): Promise<Handled<TResult>>;
  /** The platform-neutral answer for the person who asked. Pure. */
  present(result: TResult, viewer: PresentContext): Reply;
}

/** Who a result is presented to, and when. */
export interface PresentContext {
  actor: Actor;
  tenant: TenantInfo;
  nowMs: number;
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of definitions is typed per entry.
export type AnyCommand = CommandDefinition<z.ZodType, any, any>;

export function defineCommand<TSchema extends z.ZodType, TResult, TPrepared = void>(
  definition: CommandDefinition<TSchema, TResult, TPrepared>,
): CommandDefinition<TSchema, TResult, TPrepared> {
  return definition;
}

/** What `/help` and the surfaces read from the registry. */
export interface CommandCatalog {
  list(): readonly AnyCommand[];
  get(name: string): AnyCommand | undefined;
  /** Chat commands (`/session`, `/pair`) with their verbs, in /help order. */
  chatCommands(): readonly ChatCommand[];
  /** The chat command named `name` or by an alias. */
  chatCommand(name: string): ChatCommand | undefined;
  /** The command a chat line reaches, its verb taken off the words. */
  route(line: CommandLine): { command: AnyCommand; line: CommandLine; verb?: string } | undefined;
}

/** One chat command and the definitions its verbs reach. */
export interface ChatCommand {
  name: string;
  aliases: readonly string[];
  summary: string;
  usage: string;
  examples: readonly string[];
  /** Roles that may run at least one verb; empty means everyone. */
  roles: readonly Role[];
  definitions: readonly AnyCommand[];
}
