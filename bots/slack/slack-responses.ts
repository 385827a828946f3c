import type { Reply } from '../../core/commands/reply.ts';
import { renderReply } from './blocks.ts';

/** A Reply as a slash-command / response_url message: private answers are ephemeral. */
export function messageResponse(reply: Reply) {
  return {
    response_type: reply.isPrivate ? ('ephemeral' as const) : ('in_channel' as const),
    ...renderReply(reply),
  };
}

/** The ack of a slash command whose answer is not ready yet; the answer follows by `response_url`. */
export const WORKING_ON_IT = { response_type: 'ephemeral' as const, text: 'Working on it…' };

/**
 * Resolves with the value if `work` settles within `ms`, else undefined (the work goes on).
 * Rejections are left to whoever awaits `work` later.
 */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
