import type { CommandSpec } from './command.ts';

/** Commands by name and alias. Refuses a second command claiming a name or alias already taken. */
export class CommandRegistry {
  readonly #byName = new Map<string, CommandSpec<unknown>>();
  readonly #specs: CommandSpec<unknown>[] = [];

  constructor(specs: readonly CommandSpec<unknown>[] = []) {
    for (const spec of specs) this.add(spec);
  }

  add(spec: CommandSpec<unknown>): this {
    for (const key of [spec.name, ...(spec.aliases ?? [])]) {
      const taken = this.#byName.get(key);
      if (taken)
        throw new Error(`Command name "/${key}" of "${spec.name}" is already used by "${taken.name}"`);
      this.#byName.set(key, spec);
    }
    this.#specs.push(spec);
    return this;
  }

  find(name: string): CommandSpec<unknown> | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  list(): readonly CommandSpec<unknown>[] {
    return this.#specs;
  }
}
