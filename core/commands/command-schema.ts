import { z } from 'zod';
import { ROLES, type Role } from '../tenancy/roles.ts';
import type { AnyCommand, CommandCatalog } from './command.ts';

/** A command as tools and other programs see it: what it does, who may run it, what it takes. */
export interface CommandDescription {
  /** `session.propose`: what `invoke` and action tokens name. */
  name: string;
  summary: string;
  /** Who may run it (every role when the command names none). */
  roles: readonly Role[];
  effect: 'read' | 'write';
  /** The chat syntax (`/session propose`), or null for a command with no chat line. */
  chat: string | null;
  examples: readonly string[];
  /** The input as JSON Schema (draft 2020-12), read from the input's zod schema. */
  input: Record<string, unknown>;
}

/**
 * The JSON Schema of a command's input: what callers send (`io: 'input'`: before defaults and
 * transforms). Refinements across fields (end after start) are not expressible and are checked
 * when the command runs.
 */
export function inputJsonSchema(command: AnyCommand): Record<string, unknown> {
  return z.toJSONSchema(command.input, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}

export function describeCommand(command: AnyCommand): CommandDescription {
  const chat = command.chat;
  return {
    name: command.name,
    summary: command.summary,
    roles: command.roles ?? ROLES,
    effect: command.effect,
    chat: chat ? `/${chat.command}${chat.verb ? ` ${chat.verb}` : ''}` : null,
    examples: command.examples,
    input: inputJsonSchema(command),
  };
}

/** Every command of the registry, in /help order: `session-align commands --json`, LLM tools. */
export function describeCommands(catalog: Pick<CommandCatalog, 'list'>): CommandDescription[] {
  return catalog.list().map(describeCommand);
}
