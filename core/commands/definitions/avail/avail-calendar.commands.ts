import { z } from 'zod';
import { CALENDAR_BOUNDS, calendarSyncWindow } from '../../../availability/calendar-bounds.ts';
import { calendarFailureReason, calendarUnreachable } from '../../../availability/calendar-failures.ts';
import type { Interval } from '../../../availability/intervals.ts';
import { AppError, isAppError } from '../../../shared/app-error.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { defineCommand } from '../../command.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { heading, notice, reply, sections, text } from '../../reply.ts';
import { availabilityOf, availTarget, listNumber, readAvailTarget } from './avail-target.ts';
import { describeCalendar } from './avail-view.ts';

const MAX_URL_LENGTH = 2_000;

/** http(s) or webcal (https by convention) addresses, at most 2,000 characters. */
const calendarUrl = z
  .string({ error: 'expected a calendar address such as https://…/basic.ics' })
  .trim()
  .max(MAX_URL_LENGTH, { error: `expected at most ${MAX_URL_LENGTH} characters` })
  .transform((value) => value.replace(/^webcals?:\/\//i, 'https://'))
  .refine(
    (value) => {
      try {
        return ['https:', 'http:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: 'expected an http(s) or webcal calendar address such as https://…/basic.ics' },
  )
  .transform((value) => new URL(value).toString());

const calendarWord = (line: { words: string[] }) => line.words[0]?.toLowerCase();

const listing = (
  creator: { displayName: string; handle: string },
  calendars: Parameters<typeof describeCalendar>[0][],
) => [
  heading(`Calendars: ${creator.displayName} (@${creator.handle})`),
  calendars.length
    ? sections([{ title: 'Calendars', lines: calendars.map(describeCalendar) }])
    : text('No calendars yet.'),
  text(
    `Connect one (at most ${CALENDAR_BOUNDS.calendarsPerCreator}): /avail calendar https://…/basic.ics · remove one: /avail calendar remove N`,
  ),
];

export const availCalendars = defineCommand({
  name: 'avail.calendars',
  summary: 'The calendars busy time is imported from',
  examples: ['/avail calendar'],
  effect: 'read',
  input: z.object(availTarget),
  chat: {
    command: 'avail',
    verb: 'calendar',
    when: (line) => line.words.length === 0 || calendarWord(line) === 'list',
    usage: '/avail [@handle] calendar [list]',
    parse(line) {
      refuseExtraWords({ ...line, words: line.words.slice(calendarWord(line) === 'list' ? 1 : 0) });
      return readAvailTarget(line);
    },
    format: (input) => (input.creator ? `/avail @${input.creator} calendar` : '/avail calendar'),
  },
  async handle(context, input) {
    const creator = await availabilityOf(context, input.creator, { isWrite: false });
    return { result: { creator, calendars: await context.stores.availability.calendars(creator.creatorId) } };
  },
  present: ({ creator, calendars }) => reply(...listing(creator, calendars)),
});

/**
 * `/avail calendar URL`: subscribes to a secret ICS address and imports its busy time. The address
 * is checked and fetched, and the feed read (bounded, off the event loop), before the transaction:
 * a bad address or feed leaves nothing behind.
 */
export const availCalendarAdd = defineCommand({
  name: 'avail.calendar-add',
  summary: 'Connect a calendar by its secret ICS address (busy times only; refreshed hourly)',
  examples: ['/avail calendar https://calendar.example.com/private-abc/basic.ics'],
  effect: 'write',
  input: z.object({ ...availTarget, url: calendarUrl }),
  chat: {
    command: 'avail',
    verb: 'calendar',
    when: (line) => line.words.length > 0 && calendarWord(line) !== 'list' && calendarWord(line) !== 'remove',
    usage: '/avail [@handle] calendar URL',
    parse(line) {
      const [url, ...rest] = line.words;
      refuseExtraWords({ ...line, words: rest });
      return { ...readAvailTarget(line), url: url ?? '' };
    },
  },
  async prepare(context, input): Promise<{ busy: Interval[] }> {
    const nowMs = context.clock.nowMs();
    // Refuse a sixth calendar before fetching anything; the handler checks again under a lock.
    const { work, ...rest } = context;
    const owner = await work.inTenant(context.tenant.id, async (stores) => {
      const creator = await availabilityOf({ ...rest, stores }, input.creator, { isWrite: true });
      await stores.availability.claimCalendarPlace(creator.creatorId);
      return creator;
    });
    try {
      const icsText = await context.services.calendars.fetcher.fetchIcs(input.url);
      const busy = await context.services.calendars.parser.busyIntervals(icsText, {
        window: calendarSyncWindow(nowMs),
        fallbackTimeZone: owner.timeZone,
      });
      return { busy };
    } catch (error) {
      // One sentence for every failure: nothing the server sent reaches the person or the database.
      if (!isAppError(error) || error.code === 'availability.calendar_readers_busy') throw error;
      throw calendarUnreachable(calendarFailureReason(error));
    }
  },
  async handle(context, input, prepared) {
    const creator = await availabilityOf(context, input.creator, { isWrite: true });
    const { availability } = context.stores;
    await availability.claimCalendarPlace(creator.creatorId);
    const host = new URL(input.url).hostname;
    const result = await availability.addUrlCalendar(creator.creatorId, {
      label: host,
      url: input.url,
      busy: prepared.busy,
      nowMs: context.clock.nowMs(),
    });
    await context.stores.audit.record({
      ...byActor(context.actor),
      action: 'availability.calendar_added',
      entity: 'creator',
      entityId: creator.creatorId,
      newValues: { host, busyCount: result.busyCount },
    });
    return { result };
  },
  present: ({ busyCount }) =>
    reply(
      notice(
        'success',
        `Calendar connected: ${busyCount} busy blocks imported (times only, never titles). It refreshes hourly.`,
      ),
    ),
});

export const availCalendarRemove = defineCommand({
  name: 'avail.calendar-remove',
  summary: 'Remove a calendar and its busy time, by its number in /avail calendar',
  examples: ['/avail calendar remove 1'],
  effect: 'write',
  input: z.object({ ...availTarget, number: listNumber }),
  chat: {
    command: 'avail',
    verb: 'calendar',
    when: (line) => calendarWord(line) === 'remove',
    usage: '/avail [@handle] calendar remove N',
    parse(line) {
      const [, number, ...rest] = line.words;
      refuseExtraWords({ ...line, words: rest });
      return { ...readAvailTarget(line), number: (number ?? '') as unknown as number };
    },
    format: (input) => `/avail${input.creator ? ` @${input.creator}` : ''} calendar remove ${input.number}`,
  },
  async handle(context, input) {
    const creator = await availabilityOf(context, input.creator, { isWrite: true });
    const { availability } = context.stores;
    const calendar = (await availability.calendars(creator.creatorId))[input.number - 1];
    if (!calendar) throw new AppError('commands.bad_args', `number: there is no calendar ${input.number}`);
    await availability.removeCalendar(creator.creatorId, calendar.id);
    await context.stores.audit.record({
      ...byActor(context.actor),
      action: 'availability.calendar_removed',
      entity: 'creator',
      entityId: creator.creatorId,
      oldValues: { label: calendar.label, source: calendar.source, busyCount: calendar.busyCount },
    });
    return {
      result: { creator, removed: calendar, calendars: await availability.calendars(creator.creatorId) },
    };
  },
  present: ({ creator, removed, calendars }) =>
    reply(
      notice('success', `Removed the calendar ${removed.label} and its ${removed.busyCount} busy blocks.`),
      ...listing(creator, calendars),
    ),
});
