import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/commands/reply.ts';

/**
 * A reply's files (a session's `.ics` invite) as files in the person's DM with the app: Slack
 * cannot attach files to an ephemeral answer, so they follow in the Messages tab, with a line
 * saying what they are. Uses the external upload flow (`files.getUploadURLExternal`, the upload,
 * `files.completeUploadExternal`) that `filesUploadV2` wraps.
 * https://docs.slack.dev/messaging/working-with-files#uploading_files
 */
export async function sendReplyFiles(
  client: webApi.WebClient,
  slackUserId: string,
  reply: Reply,
): Promise<void> {
  const files = reply.files ?? [];
  if (files.length === 0) return;
  const opened = await client.conversations.open({ users: slackUserId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  await client.filesUploadV2({
    channel_id: channel,
    initial_comment: files.length === 1 ? `Here is ${files[0]!.name}.` : 'Here are your files.',
    file_uploads: files.map((file) => ({
      file: Buffer.from(file.content, 'utf8'),
      filename: file.name,
      title: file.name,
    })),
  });
}
