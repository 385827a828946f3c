import type { CommandGroup } from '../../command-registry.ts';
import { availAdd, availOneOff, availRemove, availShow, availWriting } from './avail.commands.ts';
import { availCalendarAdd, availCalendarRemove, availCalendars } from './avail-calendar.commands.ts';
import { availConfirm, availRead, availReview } from './avail-plain.commands.ts';
import { availWeek } from './avail-week.command.ts';

export const availGroup: CommandGroup = {
  name: 'avail',
  aliases: ['availability'],
  summary: 'Show or change availability: weekly hours, days off, extra time, calendars',
  commands: [
    availShow,
    availAdd,
    availRemove,
    availOneOff,
    availCalendars,
    availCalendarAdd,
    availCalendarRemove,
    availWriting,
    availWeek,
    availRead,
    availReview,
    availConfirm,
  ],
};
