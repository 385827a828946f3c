import { DateTime } from 'luxon';
import { z } from 'zod';
import { readPlainWords } from '../../../availability/plain-words/index.ts';
import { compileRule } from '../../../availability/recurring-rule.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { defineCommand, type HandlerContext } from '../../command.ts';
import { type Action, actions, heading, list, notice, privateReply, type Reply, text } from '../../reply.ts';
import { availabilityOf } from './avail-target.ts';
import { describeRule } from './avail-view.ts';

const MAX_ITEMS = 50;
/** A recurring day off is saved as days off for this many weeks (blocks are one-off intervals). */
export const RECURRING_OFF_WEEKS = 8;

const isoWithOffset = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+-]\d{2}:\d{2}|Z)$/,
    'an ISO 8601 date-time with its UTC offset, like 2026-12-08T18:00:00-06:00',
  )
  .refine((value) => DateTime.fromISO(value).isValid, { error: 'a real date and time' });
const item = z
  .object({
    kind: z.enum(['available', 'unavailable'], { error: 'available or unavailable' }),
    start: isoWithOffset,
    end: isoWithOffset,
    rrule: z
      .string()
      .regex(
        /^FREQ=(WEEKLY|DAILY)(;[A-Z]+=[A-Z0-9,+-]+){0,4}$/,
        'a weekly or daily RRULE such as FREQ=WEEKLY;BYDAY=TU',
      )
      .optional(),
    source: z.string().max(300, 'at most 300 characters'),
  })
  .refine((value) => Date.parse(value.end) > Date.parse(value.start), {
    error: 'ends after it starts',
    path: ['end'],
  })
  .refine((value) => Date.parse(value.end) - Date.parse(value.start) <= 14 * 86_400_000, {
    error: 'spans at most 14 days',
    path: ['end'],
  });
export type PlainItem = z.infer<typeof item>;

const review = z.object({
  items: z.array(item).max(MAX_ITEMS, `at most ${MAX_ITEMS} items`),
  notUnderstood: z.array(z.string().max(300)).max(20).default([]),
  notes: z.array(z.string().max(300)).max(10).default([]),
});
type Review = z.infer<typeof review>;

/** "Available Tue 8 Dec 18:00-21:00" or "Available every Tuesday 10:00-13:00", in the creator's zone. */
export function describeItem(value: PlainItem, timeZone: string): string {
  const start = DateTime.fromISO(value.start).setZone(timeZone);
  const end = DateTime.fromISO(value.end).setZone(timeZone);
  const what = value.kind === 'available' ? 'Available' : 'Not available';
  const endClock = end.hasSame(start, 'day')
    ? end.toFormat('HH:mm')
    : end.minus({ minutes: 1 }).hasSame(start, 'day')
      ? '24:00'
      : end.toFormat('ccc d LLL HH:mm');
  const isWholeDay = start.toFormat('HH:mm') === '00:00' && endClock === '24:00';
  const hours = isWholeDay ? 'all day' : `${start.toFormat('HH:mm')}-${endClock}`;
  if (value.rrule)
    return `${what} every ${start.toFormat('cccc')} ${hours} (from ${start.toFormat('ccc d LLL')})`;
  return `${what} ${start.toFormat('ccc d LLL')} ${hours}`;
}

/** The confirmation card: each item with Remove, then Confirm and Edit; what was not read quoted back. */
function reviewReply(value: Review, timeZone: string): Reply {
  const items = value.items.map((entry, index) => ({
    title: describeItem(entry, timeZone),
    lines: [`from “${entry.source}”`],
    actions: [
      {
        id: `remove-${index}`,
        label: 'Remove',
        invoke: { command: 'avail.review', input: { ...value, items: value.items.toSpliced(index, 1) } },
      } satisfies Action,
    ],
  }));
  const blocks = [
    heading(items.length > 0 ? 'Is this your availability?' : 'I could not read any times from that'),
    text(`Times in your zone, ${timeZone}. Nothing is saved until you confirm.`),
    ...(items.length > 0 ? [list(items)] : []),
    ...value.notUnderstood.map((words) => notice('warning', `Not understood: “${words}”`)),
    ...value.notes.map((note) => notice('info', `Noted: ${note}`)),
    actions([
      ...(items.length > 0
        ? [
            {
              id: 'confirm',
              label: 'Confirm',
              style: 'primary' as const,
              invoke: { command: 'avail.confirm', input: { items: value.items } },
            },
          ]
        : []),
      { id: 'edit', label: 'Edit', opensForm: 'availability' },
    ]),
  ];
  return privateReply(...blocks);
}

/** Reads a plain-word reply ("Tue after 6, not Friday") into items to confirm; saves nothing. */
export const availRead = defineCommand({
  name: 'avail.read',
  summary: 'Read availability stated in plain words, for confirmation (nothing is saved)',
  examples: [],
  effect: 'read',
  input: z.object({ text: z.string().min(1, 'say when you are free').max(2000, 'at most 2,000 characters') }),
  async handle(context, input) {
    const creator = await availabilityOf(context, undefined, { isWrite: true });
    const read = readPlainWords({
      text: input.text,
      timeZone: creator.timeZone,
      now: new Date(context.clock.nowMs()),
    });
    const result: Review & { timeZone: string } = {
      items: read.understood.slice(0, MAX_ITEMS),
      notUnderstood: read.notUnderstood.slice(0, 20).map((words) => words.slice(0, 300)),
      notes: read.notes
        .slice(0, 10)
        .map((note) => (note.timeZoneHint ? `${note.text} (${note.timeZoneHint})` : note.text).slice(0, 300)),
      timeZone: creator.timeZone,
    };
    return { result };
  },
  present: (result) => reviewReply(result, result.timeZone),
});

/** The confirmation card again, without the items Remove took out. */
export const availReview = defineCommand({
  name: 'avail.review',
  summary: 'Show plain-word availability items for confirmation',
  examples: [],
  effect: 'read',
  input: review,
  async handle(context, input) {
    const creator = await availabilityOf(context, undefined, { isWrite: true });
    return { result: { ...input, timeZone: creator.timeZone } };
  },
  present: (result) => reviewReply(result, result.timeZone),
});

/**
 * Saves confirmed plain-word items as availability, all in the command's one transaction or none:
 * a recurring free time becomes a weekly rule; a one-off free time extra availability; a time off a
 * block (a recurring one for the next RECURRING_OFF_WEEKS weeks). Each write is audited.
 */
export const availConfirm = defineCommand({
  name: 'avail.confirm',
  summary: 'Save confirmed plain-word availability',
  examples: [],
  effect: 'write',
  input: z.object({ items: review.shape.items.min(1, 'nothing to save') }),
  async handle(context, input) {
    const creator = await availabilityOf(context, undefined, { isWrite: true });
    const saved: string[] = [];
    for (const entry of input.items) {
      saved.push(await save(context, creator.creatorId, creator.timeZone, entry));
    }
    return { result: { saved } };
  },
  present: ({ saved }) => privateReply(notice('success', `Saved: ${saved.join('; ')}.`)),
});

async function save(
  context: HandlerContext,
  creatorId: string,
  timeZone: string,
  entry: PlainItem,
): Promise<string> {
  const start = DateTime.fromISO(entry.start).setZone(timeZone);
  const end = DateTime.fromISO(entry.end).setZone(timeZone);
  const record = (action: string, values: Record<string, unknown>) =>
    context.stores.audit.record({
      ...byActor(context.actor),
      action,
      entity: 'creator',
      entityId: creatorId,
      newValues: values,
    });
  if (entry.rrule && entry.kind === 'available') {
    const endTime = end.hasSame(start, 'day') ? end.toFormat('HH:mm') : '24:00';
    const rule = {
      rrule: entry.rrule,
      startTime: start.toFormat('HH:mm'),
      endTime,
      fromDate: start.toISODate()!,
    };
    compileRule(rule, timeZone, 'rule');
    await context.stores.availability.addRule(creatorId, rule);
    await record('availability.rule_added', { ...rule, from: 'plain_words' });
    return describeRule(rule);
  }
  const lengthMs = end.toMillis() - start.toMillis();
  const weeks = entry.rrule ? RECURRING_OFF_WEEKS : 1;
  for (let week = 0; week < weeks; week += 1) {
    const startMs = start.plus({ weeks: week }).toMillis();
    await context.stores.availability.addBlock(creatorId, {
      kind: entry.kind,
      startMs,
      endMs: startMs + lengthMs,
    });
    await record(`availability.${entry.kind}_added`, {
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + lengthMs).toISOString(),
      from: 'plain_words',
    });
  }
  const described = describeItem(entry, timeZone);
  return entry.rrule ? `${described} for the next ${RECURRING_OFF_WEEKS} weeks` : described;
}
