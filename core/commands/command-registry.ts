import type { Role } from '../tenancy/roles.ts';
import type { AnyCommand, ChatCommand, CommandCatalog } from './command.ts';
import type { CommandLine } from './command-line.ts';

/** A chat command (`/session`) and the commands its verbs reach, in the order /help lists them. */
export interface CommandGroup {
  name: string;
  aliases?: readonly string[];
  summary: string;
  commands: readonly AnyCommand[];
}

/** A chat line matched to its command, the verb taken off its words. */
export interface RoutedLine {
  command: AnyCommand;
  line: CommandLine;
  /** The verb it was routed by, when there was one. */
  verb?: string;
}

/**
 * Every command by name, and the chat routing table. Refuses a second command or chat name taken
 * twice, and a chat verb claimed by two commands, so no line is ever ambiguous.
 */
export class CommandRegistry implements CommandCatalog {
  readonly #byName = new Map<string, AnyCommand>();
  readonly #groups = new Map<string, CommandGroup>();
  readonly #chat: ChatCommand[] = [];

  constructor(groups: readonly CommandGroup[] = []) {
    for (const group of groups) this.add(group);
  }

  add(group: CommandGroup): this {
    for (const key of [group.name, ...(group.aliases ?? [])]) {
      const taken = this.#groups.get(key);
      if (taken)
        throw new Error(`Chat command "/${key}" of "${group.name}" is already used by "/${taken.name}"`);
      this.#groups.set(key, group);
    }
    const verbs = new Map<string, string>();
    for (const command of group.commands) {
      if (this.#byName.has(command.name)) throw new Error(`Command "${command.name}" is defined twice`);
      this.#byName.set(command.name, command);
      if (!command.chat || command.chat.when) continue;
      for (const verb of [command.chat.verb ?? '', ...(command.chat.verbAliases ?? [])]) {
        const other = verbs.get(verb);
        if (other) throw new Error(`"/${group.name} ${verb}" is claimed by ${other} and ${command.name}`);
        verbs.set(verb, command.name);
      }
    }
    const chatCommands = group.commands.filter((command) => command.chat);
    const roles = chatCommands.some((command) => !command.roles)
      ? []
      : [...new Set(chatCommands.flatMap((command) => command.roles ?? []))];
    this.#chat.push({
      name: group.name,
      aliases: group.aliases ?? [],
      summary: group.summary,
      usage: chatCommands.map((command) => command.chat!.usage).join(' | '),
      examples: chatCommands.flatMap((command) => command.examples),
      roles: roles as Role[],
      definitions: group.commands,
    });
    return this;
  }

  get(name: string): AnyCommand | undefined {
    return this.#byName.get(name);
  }

  list(): readonly AnyCommand[] {
    return [...this.#byName.values()];
  }

  chatCommands(): readonly ChatCommand[] {
    return this.#chat;
  }

  /** The chat command named `name` (or an alias). */
  chatCommand(name: string): ChatCommand | undefined {
    const group = this.#groups.get(name.toLowerCase());
    return group && this.#chat.find((chat) => chat.name === group.name);
  }

  /**
   * The command a chat line reaches: `/session accept 1a2b` -> `session.accept` with words `['1a2b']`;
   * a first word that is no verb goes to the bare command (`/pair @ana` -> `pair.suggest`).
   */
  route(line: CommandLine): RoutedLine | undefined {
    const group = this.#groups.get(line.name);
    if (!group) return undefined;
    const verb = line.words[0]?.toLowerCase();
    const rest = { ...line, words: line.words.slice(1) };
    const byVerb =
      verb === undefined
        ? undefined
        : group.commands.find(
            (command) =>
              command.chat &&
              (command.chat.verb === verb || command.chat.verbAliases?.includes(verb)) &&
              (command.chat.when?.(rest) ?? true),
          );
    if (byVerb) return { command: byVerb, line: rest, ...(verb ? { verb } : {}) };
    const bare =
      group.commands.find((command) => command.chat?.withoutVerbWhen?.(line)) ??
      group.commands.find(
        (command) => command.chat && command.chat.verb === undefined && (command.chat.when?.(line) ?? true),
      );
    return bare ? { command: bare, line } : undefined;
  }
}
