/** Reading a campaign command's words: the campaign reference and a draft's fields. */
import { z } from 'zod';
import { AppError } from '../../../shared/app-error.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { boundedText, handle, instant, reference, wholeNumber } from '../../input-schema.ts';
import { readStart, requireRef } from '../session/session-args.ts';

export const bad = (message: string) => new AppError('commands.bad_args', message);
export const campaignRef = reference('campaign');

export const refOnly = (verb: string) => ({
  parse(line: Parameters<typeof refuseExtraWords>[0]) {
    const [ref, ...rest] = line.words;
    refuseExtraWords({ ...line, words: rest });
    return { campaign: requireRef(ref, `/campaign ${verb} 1a2b3c4d`, 'campaign') };
  },
  format: (input: { campaign: string }) => `/campaign ${verb} ${input.campaign}`,
});

export const draftFields = {
  creators: z.array(handle).min(2, { error: 'name at least two creators, like @ana @ben' }).max(8),
  startsAt: instant,
  durationMinutes: wholeNumber(15, 24 * 60),
  room: boundedText(250),
  title: boundedText(200),
};

/** Reads `@a @b DATE TIME [DURATION] [room:…] [title:…]` after the campaign (and draft) id. */
export function readDraft(
  line: Parameters<typeof readStart>[0],
  context: Parameters<typeof readStart>[1],
  offset: number,
) {
  const { startsAt, durationMinutes } = readStart(line, context, offset);
  const room = line.options.room?.[0];
  const title = line.options.title?.[0];
  return {
    ...(line.mentions.length ? { creators: line.mentions } : {}),
    ...(startsAt ? { startsAt } : {}),
    ...(durationMinutes ? { durationMinutes } : {}),
    ...(room !== undefined ? { room } : {}),
    ...(title !== undefined ? { title } : {}),
  };
}
