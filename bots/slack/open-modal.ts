import type { webApi } from '@slack/bolt';
import { availabilityModal, profileModal, proposeModal } from './modals.ts';
import type { SlackConversation } from './slack-conversation.ts';
import type { ModalKind } from './slash-commands.ts';

/** Opens one of the forms for the person behind `trigger_id` (valid for 3 s after their click or command). */
export async function openModal(
  client: webApi.WebClient,
  triggerId: string,
  kind: ModalKind,
  conversation: SlackConversation,
): Promise<void> {
  const view = await buildModal(kind, conversation);
  await client.views.open({ trigger_id: triggerId, view: view as never });
}

async function buildModal(kind: ModalKind, conversation: SlackConversation) {
  switch (kind) {
    case 'profile': {
      const handle = conversation.context.actor.creatorHandle;
      const current = handle ? await conversation.context.services.roster.find(handle) : undefined;
      return profileModal(current);
    }
    case 'availability':
      return availabilityModal();
    case 'propose':
      return proposeModal();
  }
}
