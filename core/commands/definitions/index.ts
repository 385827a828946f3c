import { CommandRegistry } from '../command-registry.ts';
import { availCommand } from './avail/avail.command.ts';
import { campaignCommand } from './campaign.command.ts';
import { doNotPairCommand } from './do-not-pair.command.ts';
import { helpCommand } from './help.command.ts';
import { installCommand } from './install.command.ts';
import { pairCommand } from './pair/pair.command.ts';
import { profileCommand } from './profile/profile.command.ts';
import { roomsCommand } from './rooms.command.ts';
import { rosterCommand } from './roster.command.ts';
import { sessionCommand } from './session.command.ts';
import { whoamiCommand } from './whoami.command.ts';

/** Every chat command, in the order /help lists them. Surfaces and manifests are built from this. */
export function createCommandRegistry(): CommandRegistry {
  return new CommandRegistry([
    availCommand,
    pairCommand,
    profileCommand,
    rosterCommand,
    sessionCommand,
    roomsCommand,
    campaignCommand,
    doNotPairCommand,
    whoamiCommand,
    installCommand,
    helpCommand,
  ]);
}
