import type { CommandGroup } from '../../command-registry.ts';
import {
  sessionAccept,
  sessionCancel,
  sessionConfirm,
  sessionDecline,
  sessionFeedback,
  sessionReschedule,
} from './session-change.commands.ts';
import { sessionPropose } from './session-propose.command.ts';
import { sessionInvite, sessionList, sessionShow } from './session-read.commands.ts';
import { sessionConfigure, sessionSettings } from './session-settings.commands.ts';

export const sessionGroup: CommandGroup = {
  name: 'session',
  aliases: ['sessions'],
  summary: 'Your co-writing sessions: list, propose, accept, decline, reschedule, cancel, feedback',
  commands: [
    sessionList,
    sessionShow,
    sessionPropose,
    sessionAccept,
    sessionDecline,
    sessionConfirm,
    sessionReschedule,
    sessionCancel,
    sessionFeedback,
    sessionInvite,
    sessionSettings,
    sessionConfigure,
  ],
};
