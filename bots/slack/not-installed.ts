import { notice, privateReply, type Reply } from '../../core/commands/reply.ts';
import { messageResponse } from './slack-responses.ts';

export const NOT_INSTALLED = 'Session Align is not installed in this workspace.';

/** What someone in a workspace that never installed the app is told, with the install link if there is one. */
export function notInstalledReply(installUrl: string | undefined): Reply {
  const next = installUrl
    ? `A Slack admin can install it here: ${installUrl}`
    : 'Ask whoever runs Session Align for your company to install it.';
  return privateReply(notice('warning', `${NOT_INSTALLED} ${next}`));
}

/** The parts of Bolt's middleware arguments an answer needs; which are present depends on the request. */
interface RequestArgs {
  ack?: (response?: unknown) => Promise<void>;
  respond?: (message: unknown) => Promise<unknown>;
  command?: unknown;
  action?: unknown;
  options?: unknown;
}

/**
 * Answers a request from a workspace without an installation, using only what needs no token: the
 * ack (slash commands) or the interaction's `response_url` (buttons). Events are acked by Bolt and
 * otherwise ignored: without a token there is no one to answer them as.
 */
export async function answerNotInstalled(args: unknown, installUrl: string | undefined): Promise<void> {
  const request = args as RequestArgs;
  const message = messageResponse(notInstalledReply(installUrl));
  if (request.command !== undefined) {
    await request.ack?.(message);
    return;
  }
  if (request.options !== undefined) {
    await request.ack?.({ options: [] });
    return;
  }
  await request.ack?.();
  if (request.action !== undefined) await request.respond?.({ ...message, replace_original: false });
}
