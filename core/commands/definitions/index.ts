import { CommandRegistry } from '../command-registry.ts';
import { availCommand } from './avail/avail.command.ts';
import { helpCommand } from './help.command.ts';
import { rosterCommand } from './roster.command.ts';
import { whoamiCommand } from './whoami.command.ts';

/** Every chat command, in the order /help lists them. Surfaces and manifests are built from this. */
export function createCommandRegistry(): CommandRegistry {
  return new CommandRegistry([availCommand, rosterCommand, whoamiCommand, helpCommand]);
}
