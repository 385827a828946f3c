import { z } from 'zod';
import { parseLocalDate } from '../../../availability/local-time.ts';
import { compileRule } from '../../../availability/recurring-rule.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { defineCommand } from '../../command.ts';
import { WEEK_DAYS } from '../../forms/availability.form.ts';
import { notice, reply } from '../../reply.ts';
import { pictureBlocks } from './avail.commands.ts';
import { blockSpan, rangeProblem } from './avail-args.ts';
import {
  type AvailabilityPicture,
  availabilityOf,
  availabilityPicture,
  availTarget,
} from './avail-target.ts';
import { describeRule } from './avail-view.ts';

const RANGE = /^([01]?\d|2[0-3]):([0-5]\d)-([01]?\d|2[0-4]):([0-5]\d)(\+1)?$/;
const CODES: Record<(typeof WEEK_DAYS)[number], string> = {
  mon: 'MO',
  tue: 'TU',
  wed: 'WE',
  thu: 'TH',
  fri: 'FR',
  sat: 'SA',
  sun: 'SU',
};
const pad = (time: string) => time.padStart(5, '0');

/** `10:00-13:00, 14:00-18:00` -> ranges; every part must be a range. */
const dayRanges = z
  .string()
  .max(100)
  .transform((text, context) => {
    const ranges = text.split(/[,;]\s*|\s+/).filter(Boolean);
    const bad = ranges.find((range) => !RANGE.test(range));
    if (bad) {
      context.addIssue({
        code: 'custom',
        message: `"${bad}" is not a time range: use HH:mm-HH:mm, like 10:00-18:00`,
      });
      return z.NEVER;
    }
    const parsed = ranges.map((range) => {
      const [start, end] = range.replace(/\+1$/, '').split('-') as [string, string];
      return { start: pad(start), end: pad(end), isOvernight: range.endsWith('+1') };
    });
    for (const range of parsed) {
      const problem = rangeProblem(range.start, range.end, range.isOvernight);
      if (problem) {
        context.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
    }
    return parsed.map(({ start, end }) => ({ start, end }));
  });

const input = z
  .object({
    ...availTarget,
    days: z
      .object(
        Object.fromEntries(WEEK_DAYS.map((day) => [day, dayRanges.optional()])) as Record<
          (typeof WEEK_DAYS)[number],
          z.ZodOptional<typeof dayRanges>
        >,
      )
      .default({} as never),
    oneOff: z
      .object({
        date: z
          .string()
          .refine((value) => parseLocalDate(value) !== undefined, {
            error: 'Pick the day these hours are for',
          })
          .optional(),
        kind: z.enum(['off', 'extra'], { error: 'expected off or extra' }).default('off'),
        hours: z.string().regex(RANGE, { error: 'Use HH:mm-HH:mm, like 10:00-12:00' }).optional(),
      })
      .refine((oneOff) => oneOff.date !== undefined, {
        error: 'Pick the day these hours are for',
        path: ['date'],
      })
      .refine((oneOff) => oneOff.kind === 'off' || oneOff.hours !== undefined, {
        error: 'Extra time needs hours, like 10:00-12:00',
        path: ['hours'],
      })
      .optional(),
  })
  .refine(
    (value) => value.oneOff !== undefined || Object.values(value.days).some((ranges) => ranges?.length),
    {
      error: 'Fill in at least one day or the one-off',
      path: ['days', 'mon'],
    },
  );

/**
 * The availability form as one command: days sharing the same hours become one weekly rule each,
 * plus an optional one-off; all written in one transaction, or nothing when anything is wrong.
 */
export const availWeek = defineCommand({
  name: 'avail.week',
  summary: 'Set weekly hours for several days and one day off or extra, all at once (the availability form)',
  examples: [],
  effect: 'write',
  input,
  async handle(context, value) {
    const creator = await availabilityOf(context, value.creator, { isWrite: true });
    const byRange = new Map<string, string[]>();
    for (const day of WEEK_DAYS) {
      for (const range of value.days[day] ?? []) {
        const key = `${range.start}-${range.end}`;
        byRange.set(key, [...(byRange.get(key) ?? []), CODES[day]]);
      }
    }
    const added: string[] = [];
    for (const [key, days] of byRange) {
      const [startTime, endTime] = key.split('-') as [string, string];
      const rule = { rrule: `FREQ=WEEKLY;BYDAY=${days.join(',')}`, startTime, endTime };
      compileRule(rule, creator.timeZone, 'rule');
      await context.stores.availability.addRule(creator.creatorId, rule);
      await context.stores.audit.record({
        ...byActor(context.actor),
        action: 'availability.rule_added',
        entity: 'creator',
        entityId: creator.creatorId,
        newValues: { ...rule },
      });
      added.push(describeRule(rule));
    }
    if (value.oneOff?.date) {
      const [startTime, endTime] = value.oneOff.hours?.split('-').map(pad) ?? [];
      const kind = value.oneOff.kind === 'extra' ? ('available' as const) : ('unavailable' as const);
      const span = blockSpan(
        { from: value.oneOff.date, to: value.oneOff.date, startTime, endTime },
        creator.timeZone,
      );
      await context.stores.availability.addBlock(creator.creatorId, { kind, ...span });
      await context.stores.audit.record({
        ...byActor(context.actor),
        action: `availability.${kind}_added`,
        entity: 'creator',
        entityId: creator.creatorId,
        newValues: { start: new Date(span.startMs).toISOString(), end: new Date(span.endMs).toISOString() },
      });
      added.push(
        `${kind === 'available' ? 'extra' : 'off'} ${value.oneOff.date}${value.oneOff.hours ? ` ${value.oneOff.hours}` : ''}`,
      );
    }
    return { result: { added, picture: await availabilityPicture(context, creator) } };
  },
  present: ({ added, picture }: { added: string[]; picture: AvailabilityPicture }) =>
    reply(notice('success', `Saved: ${added.join('; ')}.`), ...pictureBlocks(picture)),
});
