import { CommandRegistry } from '../command-registry.ts';
import { availGroup } from './avail/index.ts';
import { campaignGroup } from './campaign/campaign.commands.ts';
import { doNotPairGroup } from './do-not-pair.command.ts';
import { helpGroup } from './help.command.ts';
import { installGroup } from './install.command.ts';
import { pairGroup } from './pair/pair.command.ts';
import { profileGroup } from './profile/profile.command.ts';
import { promoteGroup } from './promote.command.ts';
import { roomsGroup } from './rooms.command.ts';
import { rosterGroup } from './roster.command.ts';
import { sessionGroup } from './session/index.ts';
import { statsGroup } from './stats.command.ts';
import { teamsDmGroup } from './teams-dm.command.ts';
import { whoamiGroup } from './whoami.command.ts';

/** Every command, grouped by chat command in the order /help lists them. Surfaces and manifests read this. */
export function createCommandRegistry(): CommandRegistry {
  return new CommandRegistry([
    availGroup,
    pairGroup,
    profileGroup,
    rosterGroup,
    sessionGroup,
    roomsGroup,
    campaignGroup,
    doNotPairGroup,
    whoamiGroup,
    promoteGroup,
    installGroup,
    teamsDmGroup,
    statsGroup,
    helpGroup,
  ]);
}
