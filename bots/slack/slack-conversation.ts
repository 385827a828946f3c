import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import {
  errorReply,
  openSurfaceConversation,
  type SurfaceConversation,
  type SurfaceConversationDeps,
  type SurfaceRuntime,
} from '../runtime/surface-conversation.ts';
import { translateMentions } from './mentions.ts';
import type { SlackProfile } from './slack-profile.ts';

export { errorReply };

/** What the Slack surface needs from the composition root: command parts, the kit, a logger. */
export type SlackRuntime = SurfaceRuntime;
export type SlackConversationDeps = SurfaceConversationDeps;

/** One person in one workspace, talking to the shared command layer. Nothing here throws. */
export interface SlackConversation extends SurfaceConversation {
  /** Turns `<@U123|ana>` into `@handle` (or `@slack:U123` for someone without a creator profile). */
  translate(text: string): Promise<string>;
}

export interface SlackPerson {
  tenantId: string;
  /** The installation's external id (team, or Enterprise org for org-wide installs). */
  workspaceId: string;
  slackUserId: string;
  /** Asked only on first contact (`users.info`). */
  lookupProfile: () => Promise<SlackProfile>;
}

/**
 * Resolves tenant and actor and builds the command context, exactly like the console surface does,
 * starting from the actor this process last saw for the person (checked in the first transaction).
 * Failures a person can act on (suspended workspace) come back as AppErrors.
 */
export async function openSlackConversation(
  runtime: SlackConversationDeps,
  registry: CommandRegistry,
  person: SlackPerson,
): Promise<SlackConversation> {
  const conversation = await openSurfaceConversation(runtime, registry, {
    tenantId: person.tenantId,
    user: { platform: 'slack', workspaceId: person.workspaceId, externalUserId: person.slackUserId },
    lookupProfile: person.lookupProfile,
    // Slack's listeners only dispatch; the actor is checked in each request's first transaction.
    rememberActor: true,
  });
  return {
    ...conversation,
    // The actor may be refreshed by the first command (see openSurfaceConversation).
    get context() {
      return conversation.context;
    },
    translate: (text) => translateMentions(runtime.kit.identities, conversation.context.tenant.id, text),
  };
}
