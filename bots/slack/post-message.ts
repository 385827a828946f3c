import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './block-kit.types.ts';
import { withoutImages } from './blocks.ts';

/**
 * `chat.postMessage` of a rendered reply. Slack refuses a whole message whose picture it cannot
 * download (`invalid_blocks`); then the message goes again with each picture as its description.
 */
export async function postRendered(
  client: webApi.WebClient,
  message: SlackMessage,
  where: { channel: string; thread_ts?: string },
): Promise<void> {
  const send = (rendered: SlackMessage) =>
    client.chat.postMessage({ ...where, text: rendered.text, blocks: rendered.blocks as never });
  try {
    await send(message);
  } catch (error) {
    const code = (error as { data?: { error?: unknown } }).data?.error;
    if (code !== 'invalid_blocks' || !message.blocks.some((block) => block.type === 'image')) throw error;
    await send(withoutImages(message));
  }
}
