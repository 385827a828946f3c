import { CALENDAR_BOUNDS } from '../../../availability/calendar-bounds.ts';
import { AppError } from '../../../shared/app-error.ts';
import { PUBLISHER_ROLES } from '../../../tenancy/roles.ts';
import { type CommandContext, defineCommand } from '../../command.ts';
import { type Block, fields, heading, notice, reply, sections, text } from '../../reply.ts';
import { type AvailArgs, blockSpan, parseAvailArgs } from './avail-args.ts';
import { describeBlock, describeCalendar, describeRule, freeByDay, thisWeekAndNext } from './avail-view.ts';

/** Whose availability a line is about, and whether this actor may change it. */
function resolveTarget(context: CommandContext, args: AvailArgs, isWrite: boolean): string {
  const own = context.actor.creatorHandle;
  const target = args.target ?? own;
  if (!target) {
    throw new AppError(
      'availability.no_profile',
      'You have no creator profile here: name one, like /avail @handle',
    );
  }
  const isPublisher = PUBLISHER_ROLES.includes(context.actor.role);
  if (isWrite && target !== own && !isPublisher) {
    throw new AppError('availability.forbidden', 'You can only change your own availability.');
  }
  if (context.actor.role === 'viewer' && isWrite) {
    throw new AppError('availability.forbidden', 'Viewers cannot change availability.');
  }
  return target;
}

async function listCalendars(context: CommandContext, handle: string) {
  const nowMs = context.clock.nowMs();
  const record = await context.services.availability.record(handle, { startMs: nowMs, endMs: nowMs + 1 });
  if (!record) throw new AppError('profiles.unknown_handle', `No creator @${handle}`);
  return reply(
    heading(`Calendars: ${record.displayName} (@${record.handle})`),
    record.calendars.length
      ? sections([{ title: 'Calendars', lines: record.calendars.map(describeCalendar) }])
      : text('No calendars yet.'),
    text(
      `Connect one (at most ${CALENDAR_BOUNDS.calendarsPerCreator}): /avail calendar https://…/basic.ics · remove one: /avail calendar remove N`,
    ),
  );
}

async function show(context: CommandContext, handle: string) {
  const nowMs = context.clock.nowMs();
  const desk = context.services.availability;
  const probe = await desk.record(handle, { startMs: nowMs, endMs: nowMs + 1 });
  if (!probe) throw new AppError('profiles.unknown_handle', `No creator @${handle}`);
  const zone = probe.timeZone;
  const weeks = thisWeekAndNext(nowMs, zone);
  const free = await desk.freeIntervals(handle, { startMs: nowMs, endMs: weeks.endMs });
  const thisWeek = free.filter((interval) => interval.startMs < weeks.nextWeekStartMs);
  const nextWeek = free.filter((interval) => interval.startMs >= weeks.nextWeekStartMs);
  const blocks: Block[] = [
    heading(`Availability: ${probe.displayName} (@${probe.handle})`),
    fields([
      { label: 'Time zone', value: zone },
      { label: 'Open to writing', value: probe.isWritingOptIn ? 'yes' : 'no (/avail optin to change)' },
    ]),
    probe.rules.length
      ? sections([
          { title: 'Weekly', lines: probe.rules.map((rule, i) => `${i + 1}. ${describeRule(rule)}`) },
        ])
      : text('No weekly availability yet. Add some: /avail add mon,wed 17:00-19:00'),
  ];
  if (probe.blocks.length) {
    blocks.push(
      sections([
        { title: 'One-offs', lines: probe.blocks.map((b, i) => `${i + 1}. ${describeBlock(b, zone)}`) },
      ]),
    );
  }
  if (probe.calendars.length) {
    blocks.push(sections([{ title: 'Calendars', lines: probe.calendars.map(describeCalendar) }]));
  }
  blocks.push(
    sections([
      { title: 'Free this week', lines: thisWeek.length ? freeByDay(thisWeek, zone) : ['nothing free'] },
      { title: 'Free next week', lines: nextWeek.length ? freeByDay(nextWeek, zone) : ['nothing free'] },
    ]),
  );
  return reply(...blocks);
}

/**
 * `/avail` shows availability this week and next in the person's own time zone; its verbs add
 * weekly rules, one-offs (off / extra), calendar feeds and the writing opt-in.
 */
export const availCommand = defineCommand<AvailArgs>({
  name: 'avail',
  aliases: ['availability'],
  summary: 'Show or change availability: weekly hours, days off, extra time, calendars',
  usage:
    '/avail [@handle] [add DAYS HH:mm-HH:mm [every:N] [from:DATE] [until:DATE] | remove [oneoff] N | off DATE [DATE|HH:mm-HH:mm] [note:"…"] | extra DATE HH:mm-HH:mm | calendar [URL | remove N] | optin | optout]',
  examples: [
    '/avail',
    '/avail add mon,wed 17:00-19:00',
    '/avail add tue 10:00-14:00 every:2 from:2026-12-01',
    '/avail off 2026-12-24 2026-12-26 note:"holidays"',
    '/avail extra 2026-12-20 10:00-14:00',
    '/avail remove 2',
    '/avail calendar https://calendar.example.com/private-abc/basic.ics',
    '/avail calendar remove 1',
    '/avail @ana-rossi',
  ],
  parse: parseAvailArgs,
  async run(context, args) {
    const handle = resolveTarget(context, args, args.action !== 'show' && args.action !== 'calendar-list');
    const desk = context.services.availability;
    const actorLabel = context.actor.displayName;
    switch (args.action) {
      case 'show':
        return show(context, handle);
      case 'add':
        await desk.addRule(handle, args.rule, actorLabel);
        return reply(
          notice('success', `Added: ${describeRule({ id: '', ...args.rule })}.`),
          ...(await show(context, handle)).blocks,
        );
      case 'remove': {
        const nowMs = context.clock.nowMs();
        const current = await desk.record(handle, { startMs: nowMs, endMs: nowMs + 1 });
        const entries = args.list === 'rule' ? current?.rules : current?.blocks;
        const entry = entries?.[args.index - 1];
        if (!entry)
          throw new AppError(
            'commands.bad_args',
            `number: there is no ${args.list === 'rule' ? 'weekly rule' : 'one-off'} ${args.index}`,
          );
        if (args.list === 'rule') await desk.removeRule(handle, entry.id, actorLabel);
        else await desk.removeBlock(handle, entry.id, actorLabel);
        return reply(notice('success', 'Removed.'), ...(await show(context, handle)).blocks);
      }
      case 'block': {
        const nowMs = context.clock.nowMs();
        const zone = (await desk.record(handle, { startMs: nowMs, endMs: nowMs + 1 }))!.timeZone;
        await desk.addBlock(
          handle,
          { kind: args.kind, ...blockSpan(args, zone), ...(args.note ? { note: args.note } : {}) },
          actorLabel,
        );
        return reply(
          notice('success', args.kind === 'unavailable' ? 'Marked as off.' : 'Added extra time.'),
          ...(await show(context, handle)).blocks,
        );
      }
      case 'calendar': {
        const { busyCount } = await desk.addCalendarUrl(handle, args.url, actorLabel);
        return reply(
          notice(
            'success',
            `Calendar connected: ${busyCount} busy blocks imported (times only, never titles). It refreshes hourly.`,
          ),
        );
      }
      case 'calendar-list':
        return listCalendars(context, handle);
      case 'calendar-remove': {
        const nowMs = context.clock.nowMs();
        const current = await desk.record(handle, { startMs: nowMs, endMs: nowMs + 1 });
        const calendar = current?.calendars[args.index - 1];
        if (!calendar) throw new AppError('commands.bad_args', `number: there is no calendar ${args.index}`);
        await desk.removeCalendar(handle, calendar.id, actorLabel);
        return reply(
          notice(
            'success',
            `Removed the calendar ${calendar.label} and its ${calendar.busyCount} busy blocks.`,
          ),
          ...(await listCalendars(context, handle)).blocks,
        );
      }
      case 'opt':
        await desk.setWritingOptIn(handle, args.isOptedIn, actorLabel);
        return reply(
          notice(
            'success',
            args.isOptedIn ? 'Open to writing sessions.' : 'Not taking writing sessions for now.',
          ),
        );
    }
  },
});
