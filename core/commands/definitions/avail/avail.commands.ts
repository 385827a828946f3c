import { z } from 'zod';
import { parseLocalDate } from '../../../availability/local-time.ts';
import { compileRule } from '../../../availability/recurring-rule.ts';
import { AppError } from '../../../shared/app-error.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { defineCommand, type HandlerContext } from '../../command.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { boundedText, wholeNumber } from '../../input-schema.ts';
import { type Block, fields, heading, notice, reply, sections, text } from '../../reply.ts';
import { blockSpan, parseDays, parseTimeRange, rangeProblem } from './avail-args.ts';
import {
  type AvailabilityPicture,
  availabilityOf,
  availabilityPicture,
  availTarget,
  listNumber,
  readAvailTarget,
} from './avail-target.ts';
import { describeBlock, describeCalendar, describeRule, freeByDay } from './avail-view.ts';

const bad = (message: string) => new AppError('commands.bad_args', message);
const MAX_BLOCK_MS = 366 * 24 * 3_600_000;
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const clock = (what: string, allowMidnight = false) =>
  z.string().regex(allowMidnight ? /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^([01]\d|2[0-3]):[0-5]\d$/, {
    error: `expected a ${what} time like 17:00`,
  });
const localDate = z.string().refine((value) => parseLocalDate(value) !== undefined, {
  error: (issue) => `expected a date like 2026-12-24, got "${String(issue.input).slice(0, 40)}"`,
});

/** The blocks `/avail` shows. */
export function pictureBlocks(picture: AvailabilityPicture): Block[] {
  const { creator, rules, blocks, calendars } = picture;
  const zone = creator.timeZone;
  const out: Block[] = [
    heading(`Availability: ${creator.displayName} (@${creator.handle})`),
    ...(picture.image ? [picture.image] : []),
    fields([
      { label: 'Time zone', value: zone },
      { label: 'Open to writing', value: creator.isWritingOptIn ? 'yes' : 'no (/avail optin to change)' },
    ]),
    rules.length
      ? sections([{ title: 'Weekly', lines: rules.map((rule, i) => `${i + 1}. ${describeRule(rule)}`) }])
      : text('No weekly availability yet. Add some: /avail add mon,wed 17:00-19:00'),
  ];
  if (blocks.length) {
    out.push(
      sections([{ title: 'One-offs', lines: blocks.map((b, i) => `${i + 1}. ${describeBlock(b, zone)}`) }]),
    );
  }
  if (calendars.length) out.push(sections([{ title: 'Calendars', lines: calendars.map(describeCalendar) }]));
  out.push(
    sections([
      {
        title: 'Free this week',
        lines: picture.thisWeek.length ? freeByDay(picture.thisWeek, zone) : ['nothing free'],
      },
      {
        title: 'Free next week',
        lines: picture.nextWeek.length ? freeByDay(picture.nextWeek, zone) : ['nothing free'],
      },
    ]),
  );
  return out;
}

const withTarget = (creator: string | undefined, line: string) =>
  creator ? line.replace('/avail', `/avail @${creator}`) : line;

/** `/avail [@handle]`: this week and next in the creator's own zone. */
export const availShow = defineCommand({
  name: 'avail.show',
  summary: 'Show availability this week and next, in the creator’s time zone',
  examples: ['/avail', '/avail @sven-johansson'],
  effect: 'read',
  input: z.object(availTarget),
  chat: {
    command: 'avail',
    verbAliases: ['show'],
    usage: '/avail [@handle]',
    parse(line) {
      refuseExtraWords(line);
      return readAvailTarget(line);
    },
    format: (input) => withTarget(input.creator, '/avail'),
  },
  async handle(context, input) {
    return {
      result: await availabilityPicture(
        context,
        await availabilityOf(context, input.creator, { isWrite: false }),
      ),
    };
  },
  present: (picture) => reply(...pictureBlocks(picture)),
});

async function changed(
  context: HandlerContext,
  creator: Parameters<typeof availabilityPicture>[1],
  message: string,
) {
  return { message, picture: await availabilityPicture(context, creator) };
}
const presentChange = ({ message, picture }: { message: string; picture: AvailabilityPicture }) =>
  reply(notice('success', message), ...pictureBlocks(picture));

const audit = (
  context: HandlerContext,
  creatorId: string,
  action: string,
  values: Record<string, unknown>,
  isRemoval = false,
) =>
  context.stores.audit.record({
    ...byActor(context.actor),
    action,
    entity: 'creator',
    entityId: creatorId,
    ...(isRemoval ? { oldValues: values } : { newValues: values }),
  });

/** `/avail add mon,wed 17:00-19:00 [every:N] [from:DATE] [until:DATE]`: a weekly rule in local time. */
export const availAdd = defineCommand({
  name: 'avail.add',
  summary: 'Add weekly hours (local time; every:N weeks, from and until dates)',
  examples: ['/avail add mon,wed 17:00-19:00', '/avail add tue 10:00-14:00 every:2 from:2026-12-01'],
  effect: 'write',
  input: z
    .object({
      ...availTarget,
      days: z
        .array(z.enum(DAY_CODES, { error: 'expected days like MO, WE' }))
        .min(1)
        .max(7),
      start: clock('start'),
      end: clock('end', true),
      /** The hours pass midnight (`19:00-02:00+1`): the end is on the next day. */
      overnight: z.boolean({ error: 'expected true or false' }).default(false),
      everyWeeks: wholeNumber(1, 9).default(1),
      from: localDate.optional(),
      until: localDate.optional(),
    })
    .refine((input) => !input.from || !input.until || input.until >= input.from, {
      error: 'expected a date on or after from',
      path: ['until'],
    })
    .superRefine((input, context) => {
      const problem = rangeProblem(input.start, input.end, input.overnight);
      if (problem) context.addIssue({ code: 'custom', message: problem, path: ['end'] });
    }),
  chat: {
    command: 'avail',
    verb: 'add',
    usage: '/avail [@handle] add DAYS HH:mm-HH:mm[+1] [every:N] [from:DATE] [until:DATE]',
    parse(line) {
      const [daysWord, range, ...rest] = line.words;
      refuseExtraWords({ ...line, words: rest });
      const days = daysWord ? parseDays(daysWord) : undefined;
      if (!days) throw bad(`days: expected days like mon,wed or weekdays, got "${daysWord ?? ''}"`);
      const { startTime, endTime, isOvernight } = parseTimeRange(range ?? '', 'time');
      const option = (key: string) => line.options[key]?.[0];
      return {
        ...readAvailTarget(line),
        days: days as (typeof DAY_CODES)[number][],
        start: startTime,
        end: endTime,
        ...(isOvernight ? { overnight: true } : {}),
        ...(option('every') ? { everyWeeks: option('every') as unknown as number } : {}),
        ...(option('from') ? { from: option('from') } : {}),
        ...(option('until') ? { until: option('until') } : {}),
      };
    },
  },
  async handle(context, input) {
    const creator = await availabilityOf(context, input.creator, { isWrite: true });
    const interval = input.everyWeeks > 1 ? `;INTERVAL=${input.everyWeeks}` : '';
    const rule = {
      rrule: `FREQ=WEEKLY${interval};BYDAY=${input.days.join(',')}`,
      startTime: input.start,
      endTime: input.end,
      ...(input.from ? { fromDate: input.from } : {}),
      ...(input.until ? { untilDate: input.until } : {}),
    };
    compileRule(rule, creator.timeZone, 'rule'); // a field-named AppError before anything is written
    await context.stores.availability.addRule(creator.creatorId, rule);
    await audit(context, creator.creatorId, 'availability.rule_added', { ...rule });
    return { result: await changed(context, creator, `Added: ${describeRule(rule)}.`) };
  },
  present: presentChange,
});

/** `/avail remove [oneoff] N`: a weekly rule, or a one-off, by the number `/avail` shows. */
export const availRemove = defineCommand({
  name: 'avail.remove',
  summary: 'Remove a weekly rule or a one-off by its number in /avail',
  examples: ['/avail remove 2', '/avail remove oneoff 1'],
  effect: 'write',
  input: z.object({
    ...availTarget,
    list: z.enum(['rule', 'oneoff'], { error: 'expected rule or oneoff' }).default('rule'),
    number: listNumber,
  }),
  chat: {
    command: 'avail',
    verb: 'remove',
    usage: '/avail [@handle] remove [oneoff] N',
    parse(line) {
      const words = line.words.map((word) => word.toLowerCase());
      const isOneOff = words[0] === 'oneoff' || words[0] === 'one-off';
      const numberWord = isOneOff || words[0] === 'rule' ? words[1] : words[0];
      refuseExtraWords({ ...line, words: words.slice(isOneOff || words[0] === 'rule' ? 2 : 1) });
      return {
        ...readAvailTarget(line),
        list: isOneOff ? ('oneoff' as const) : ('rule' as const),
        number: (numberWord ?? '') as unknown as number,
      };
    },
  },
  async handle(context, input) {
    const creator = await availabilityOf(context, input.creator, { isWrite: true });
    const { availability } = context.stores;
    if (input.list === 'rule') {
      const rule = (await availability.rules(creator.creatorId))[input.number - 1];
      if (!rule) throw bad(`number: there is no weekly rule ${input.number}`);
      await availability.removeRule(creator.creatorId, rule.id);
      await audit(
        context,
        creator.creatorId,
        'availability.rule_removed',
        { rrule: rule.rrule, startTime: rule.startTime, endTime: rule.endTime },
        true,
      );
    } else {
      const block = (await availability.blocks(creator.creatorId, context.clock.nowMs()))[input.number - 1];
      if (!block) throw bad(`number: there is no one-off ${input.number}`);
      await availability.removeBlock(creator.creatorId, block.id);
      await audit(
        context,
        creator.creatorId,
        `availability.${block.kind}_removed`,
        { start: new Date(block.startMs).toISOString(), end: new Date(block.endMs).toISOString() },
        true,
      );
    }
    return { result: await changed(context, creator, 'Removed.') };
  },
  present: presentChange,
});

/** `/avail off DATE [DATE|HH:mm-HH:mm] [note:"…"]` and `/avail extra DATE HH:mm-HH:mm`: one-offs. */
export const availOneOff = defineCommand({
  name: 'avail.one-off',
  summary: 'A day (or hours) off, or extra time, in local time',
  examples: ['/avail off 2026-12-24 2026-12-26 note:"holidays"', '/avail extra 2026-12-20 10:00-14:00'],
  effect: 'write',
  input: z
    .object({
      ...availTarget,
      kind: z.enum(['unavailable', 'available'], {
        error: 'expected unavailable (off) or available (extra)',
      }),
      from: localDate,
      to: localDate.optional(),
      start: clock('start').optional(),
      end: clock('end', true).optional(),
      /** The hours pass midnight (`22:00-02:00+1`): each day's range ends on the next day. */
      overnight: z.boolean({ error: 'expected true or false' }).default(false),
      note: boundedText(500).optional(),
    })
    .superRefine((input, context) => {
      const problem =
        input.start && input.end ? rangeProblem(input.start, input.end, input.overnight) : undefined;
      if (problem) context.addIssue({ code: 'custom', message: problem, path: ['end'] });
    })
    .refine((input) => !input.to || input.to >= input.from, {
      error: 'expected a date on or after the first',
      path: ['to'],
    })
    .refine((input) => (input.start === undefined) === (input.end === undefined), {
      error: 'give both a start and an end time, like 10:00-12:00',
      path: ['end'],
    })
    .refine((input) => input.kind === 'unavailable' || input.start !== undefined, {
      error: 'extra time needs hours, like 10:00-14:00',
      path: ['start'],
    }),
  chat: {
    command: 'avail',
    verb: 'off',
    verbAliases: ['extra'],
    usage: '/avail [@handle] off DATE [DATE|HH:mm-HH:mm] [note:"…"] | extra DATE HH:mm-HH:mm',
    parse(line, context) {
      const [from, second, ...rest] = line.words;
      refuseExtraWords({ ...line, words: rest });
      const isRange = second?.includes(':') === true;
      const times = isRange ? parseTimeRange(second!, 'time') : undefined;
      const note = line.options.note?.[0];
      return {
        ...readAvailTarget(line),
        kind: context.verb === 'extra' ? ('available' as const) : ('unavailable' as const),
        from: from ?? '',
        ...(second && !isRange ? { to: second } : {}),
        ...(times ? { start: times.startTime, end: times.endTime } : {}),
        ...(times?.isOvernight ? { overnight: true } : {}),
        ...(note !== undefined ? { note } : {}),
      };
    },
  },
  async handle(context, input) {
    const creator = await availabilityOf(context, input.creator, { isWrite: true });
    const span = blockSpan(
      { from: input.from, to: input.to ?? input.from, startTime: input.start, endTime: input.end },
      creator.timeZone,
    );
    if (!(span.endMs > span.startMs)) throw bad('end: expected a time after the start');
    if (span.endMs - span.startMs > MAX_BLOCK_MS) throw bad('to: a one-off may last at most a year');
    await context.stores.availability.addBlock(creator.creatorId, {
      kind: input.kind,
      ...span,
      ...(input.note ? { note: input.note } : {}),
    });
    await audit(context, creator.creatorId, `availability.${input.kind}_added`, {
      start: new Date(span.startMs).toISOString(),
      end: new Date(span.endMs).toISOString(),
    });
    return {
      result: await changed(
        context,
        creator,
        input.kind === 'unavailable' ? 'Marked as off.' : 'Added extra time.',
      ),
    };
  },
  present: presentChange,
});

/** `/avail optin` / `/avail optout`: whether the creator takes writing sessions. */
export const availWriting = defineCommand({
  name: 'avail.writing',
  summary: 'Open to writing sessions, or not for now',
  examples: ['/avail optout', '/avail optin'],
  effect: 'write',
  input: z.object({ ...availTarget, isOptedIn: z.boolean({ error: 'expected optin or optout' }) }),
  chat: {
    command: 'avail',
    verb: 'optin',
    verbAliases: ['optout'],
    usage: '/avail [@handle] optin | optout',
    parse(line, context) {
      refuseExtraWords(line);
      return { ...readAvailTarget(line), isOptedIn: context.verb !== 'optout' };
    },
    format: (input) => withTarget(input.creator, input.isOptedIn ? '/avail optin' : '/avail optout'),
  },
  async handle(context, input) {
    const creator = await availabilityOf(context, input.creator, { isWrite: true });
    if (creator.isWritingOptIn !== input.isOptedIn) {
      await context.stores.availability.setWritingOptIn(creator.creatorId, input.isOptedIn);
      await context.stores.audit.record({
        ...byActor(context.actor),
        action: 'creator.writing_opt_in_changed',
        entity: 'creator',
        entityId: creator.creatorId,
        oldValues: { isWritingOptIn: creator.isWritingOptIn },
        newValues: { isWritingOptIn: input.isOptedIn },
      });
    }
    return { result: input.isOptedIn };
  },
  present: (isOptedIn) =>
    reply(
      notice('success', isOptedIn ? 'Open to writing sessions.' : 'Not taking writing sessions for now.'),
    ),
});
