import { actions, type Block, divider, heading, text } from '../../core/commands/reply.ts';
import { renderReply } from './blocks.ts';
import type { SlackConversation } from './slack-conversation.ts';

const hasCommand = (conversation: SlackConversation, name: string) =>
  conversation.context.registry.list().some((spec) => spec.name === name);

/**
 * The App Home tab: shortcuts to the forms, my upcoming sessions and pending proposals (`/session`),
 * and suggestions for me (`/pair @me`). Each part runs the shared command, so it shows what the
 * command would answer; a command this deployment does not have yet leaves a short note instead.
 * https://docs.slack.dev/surfaces/app-home
 */
export async function homeView(conversation: SlackConversation) {
  const { actor, tenant } = conversation.context;
  const blocks: Block[] = [
    heading(`Session Align · ${tenant.name}`),
    actions([
      { id: 'profile', label: 'Edit profile', command: '/profile' },
      { id: 'avail', label: 'Set availability', command: '/avail edit' },
      { id: 'propose', label: 'Propose a session', command: '/session new', style: 'primary' },
      { id: 'help', label: 'Help', command: '/help' },
    ]),
    heading('Upcoming sessions and proposals'),
  ];
  if (hasCommand(conversation, 'session')) blocks.push(...(await conversation.run('/session')).blocks);
  else blocks.push(text('Your sessions will show here once scheduling is switched on for this workspace.'));
  blocks.push(divider(), heading('Suggested for you'));
  if (!hasCommand(conversation, 'pair')) {
    blocks.push(text('Co-writing suggestions will show here once pairing is switched on.'));
  } else if (!actor.creatorHandle) {
    blocks.push(text('Set up your creator profile (Edit profile) to get co-writing suggestions.'));
  } else {
    blocks.push(...(await conversation.run(`/pair @${actor.creatorHandle}`)).blocks);
  }
  return { type: 'home' as const, blocks: renderReply({ blocks }, { surface: 'view' }).blocks };
}
