import { z } from 'zod';
import { personFreeIntervals } from '../../../availability/free-time.ts';
import { findCreator } from '../../../profiles/find-creators.ts';
import type { CreatorSummary } from '../../../profiles/roster.store.ts';
import { AppError } from '../../../shared/app-error.ts';
import { PUBLISHER_ROLES } from '../../../tenancy/roles.ts';
import type { HandlerContext } from '../../command.ts';
import type { CommandLine } from '../../command-line.ts';
import { handle } from '../../input-schema.ts';
import { timelineImage } from '../../timeline-image.ts';
import { thisWeekAndNext } from './avail-view.ts';

/** Every `/avail` command may name whose availability: `@handle` (publishers), else your own. */
export const availTarget = { creator: handle.optional() };

export function readAvailTarget(line: CommandLine): { creator?: string } {
  return line.mentions[0] ? { creator: line.mentions[0] } : {};
}

/**
 * Whose availability a command is about, and whether this actor may change it: your own, or (for
 * publisher staff) anyone's; viewers only look.
 */
export async function availabilityOf(
  context: HandlerContext,
  creator: string | undefined,
  options: { isWrite: boolean },
): Promise<CreatorSummary> {
  const own = context.actor.creatorHandle;
  const target = creator ?? own;
  if (!target) {
    throw new AppError(
      'availability.no_profile',
      'You have no creator profile here: name one, like /avail @handle',
    );
  }
  if (options.isWrite && context.actor.role === 'viewer') {
    throw new AppError('availability.forbidden', 'Viewers cannot change availability.');
  }
  if (options.isWrite && target !== own && !PUBLISHER_ROLES.includes(context.actor.role)) {
    throw new AppError('availability.forbidden', 'You can only change your own availability.');
  }
  return findCreator(context.stores.roster, target);
}

/** What `/avail` shows: the record, and free time this week and next in the creator's zone. */
export async function availabilityPicture(context: HandlerContext, creator: CreatorSummary) {
  const { availability } = context.stores;
  const nowMs = context.clock.nowMs();
  const weeks = thisWeekAndNext(nowMs, creator.timeZone);
  const window = { startMs: nowMs, endMs: weeks.endMs };
  const time = (await availability.time([creator.creatorId], window, nowMs)).get(creator.creatorId);
  const free = time ? personFreeIntervals(time, window, `@${creator.handle}`) : [];
  const thisWeek = free.filter((interval) => interval.startMs < weeks.nextWeekStartMs);
  // The week as a picture: what is left of this week, or next week once this one is nearly over.
  const shownWeek =
    weeks.nextWeekStartMs - nowMs >= 2 * 86_400_000
      ? { startMs: weeks.weekStartMs, endMs: weeks.nextWeekStartMs }
      : { startMs: weeks.nextWeekStartMs, endMs: weeks.endMs };
  const image = timelineImage(context.services, {
    people: [{ label: creator.displayName, zone: creator.timeZone, free }],
    common: [],
    span: shownWeek,
    viewerZone: creator.timeZone,
  });
  return {
    creator,
    ...(image ? { image } : {}),
    rules: await availability.rules(creator.creatorId),
    blocks: await availability.blocks(creator.creatorId, nowMs),
    calendars: await availability.calendars(creator.creatorId),
    thisWeek,
    nextWeek: free.filter((interval) => interval.startMs >= weeks.nextWeekStartMs),
  };
}
export type AvailabilityPicture = Awaited<ReturnType<typeof availabilityPicture>>;

/** The number people see in `/avail` lists (1-based). */
export const listNumber = z.coerce
  .number({ error: 'expected the number shown by /avail, like 2' })
  .int({ error: 'expected the number shown by /avail, like 2' })
  .min(1, { error: 'expected the number shown by /avail, like 2' })
  .max(1000, { error: 'expected the number shown by /avail, like 2' });
