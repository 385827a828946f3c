import { actions, type Block, divider, heading, text } from '../../core/commands/reply.ts';
import { renderReply } from './blocks.ts';
import type { SlackConversation } from './slack-conversation.ts';

/**
 * The App Home tab: shortcuts to the forms, my upcoming sessions and pending proposals
 * (`session.list`), and suggestions for me (`pair.suggest`). Each part runs the shared command, so
 * it shows what the command would answer, with buttons minted for this person.
 * https://docs.slack.dev/surfaces/app-home
 */
export async function homeView(conversation: SlackConversation) {
  const sessions = await conversation.invoke({ command: 'session.list', input: {} });
  // Read after the first command, which brings a remembered actor up to date.
  const { actor, tenant } = conversation.context;
  const blocks: Block[] = [
    heading(`Session Align · ${tenant.name}`),
    actions([
      { id: 'profile', label: 'Edit profile', opensForm: 'profile' },
      { id: 'avail', label: 'Set availability', opensForm: 'availability' },
      { id: 'propose', label: 'Propose a session', opensForm: 'propose', style: 'primary' },
    ]),
    heading('Upcoming sessions and proposals'),
    ...sessions.blocks,
    divider(),
    heading('Suggested for you'),
  ];
  if (!actor.creatorHandle) {
    blocks.push(text('Set up your creator profile (Edit profile) to get co-writing suggestions.'));
  } else {
    const suggestions = await conversation.invoke({
      command: 'pair.suggest',
      input: { creators: [actor.creatorHandle], limit: 5 },
    });
    blocks.push(...suggestions.blocks);
  }
  return { type: 'home' as const, blocks: renderReply({ blocks }, { surface: 'view' }).blocks };
}
