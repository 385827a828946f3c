import { z } from 'zod';
import { isValidTimeZone } from '../../availability/local-time.ts';
import { byActor } from '../../shared/audit-log.ts';
import {
  type AvailabilityDmSettings,
  availabilityDmSettings,
  DM_DAYS,
} from '../../surface/availability-dm.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';
import { wholeNumber } from '../input-schema.ts';
import { fields, heading, privateReply } from '../reply.ts';

const DAY_NAMES: Record<(typeof DM_DAYS)[number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

function dmReply(dm: AvailabilityDmSettings, title: string) {
  return privateReply(
    heading(title),
    fields([
      { label: 'Weekly availability DM', value: dm.isOn ? 'on' : 'off' },
      {
        label: 'Sent',
        value: `${DAY_NAMES[dm.day]} at ${String(dm.hour).padStart(2, '0')}:00 (${dm.timeZone})`,
      },
      { label: 'To', value: 'every creator open to writing who has talked to the bot in Teams' },
    ]),
  );
}

/** `/teams-dm`: when the weekly "when are you free next week?" Teams DM goes out. */
export const teamsDmShow = defineCommand({
  name: 'teamsDm.show',
  summary: 'Show the weekly Teams availability DM (admins)',
  examples: ['/teams-dm'],
  roles: ['tenant_admin'],
  effect: 'read',
  input: z.object({}).strict(),
  chat: {
    command: 'teams-dm',
    usage: '/teams-dm',
    parse(line) {
      refuseExtraWords(line);
      return {};
    },
    format: () => '/teams-dm',
  },
  handle: async (context) => ({
    result: availabilityDmSettings((await context.stores.tenant.read()).settings),
  }),
  present: (dm) => dmReply(dm, 'Weekly Teams availability DM'),
});

/** `/teams-dm on day:fri hour:10 zone:Europe/London` or `/teams-dm off` (audited). */
export const teamsDmSet = defineCommand({
  name: 'teamsDm.set',
  summary: 'Turn the weekly Teams availability DM on or off, and when it goes out (admins)',
  examples: ['/teams-dm on day:thu hour:10 zone:Europe/London', '/teams-dm off'],
  roles: ['tenant_admin'],
  effect: 'write',
  input: z
    .object({
      isOn: z.boolean(),
      day: z.enum(DM_DAYS, { error: 'expected mon, tue, wed, thu, fri, sat or sun' }).optional(),
      hour: wholeNumber(0, 23).optional(),
      zone: z
        .string()
        .refine(isValidTimeZone, { error: 'expected an IANA time zone such as Europe/London' })
        .optional(),
    })
    .strict(),
  chat: {
    command: 'teams-dm',
    verb: 'on',
    verbAliases: ['off'],
    usage: '/teams-dm on day:mon..sun hour:0-23 zone:IANA | /teams-dm off',
    parse(line, context) {
      refuseExtraWords(line);
      const option = (key: string) => line.options[key]?.at(-1);
      return {
        isOn: context.verb !== 'off',
        ...(option('day') ? { day: option('day')!.toLowerCase().slice(0, 3) } : {}),
        ...(option('hour') ? { hour: option('hour') } : {}),
        ...(option('zone') ? { zone: option('zone') } : {}),
      } as never;
    },
  },
  async handle(context, input) {
    const { settings } = await context.stores.tenant.read();
    const before = availabilityDmSettings(settings);
    const after: AvailabilityDmSettings = {
      isOn: input.isOn,
      day: input.day ?? before.day,
      hour: input.hour ?? before.hour,
      // First time on: the admin's own zone, unless one is named.
      timeZone: input.zone ?? (before.isOn || settings.teams ? before.timeZone : context.actor.timeZone),
    };
    const teams = (settings.teams as Record<string, unknown> | undefined) ?? {};
    await context.stores.tenant.writeSettings({ ...settings, teams: { ...teams, availabilityDm: after } });
    await context.stores.audit.record({
      ...byActor(context.actor),
      action: 'tenant.teams_dm_changed',
      entity: 'tenant',
      entityId: context.tenant.id,
      oldValues: { ...before },
      newValues: { ...after },
    });
    return { result: after };
  },
  present: (dm) => dmReply(dm, 'Weekly Teams availability DM updated'),
});

export const teamsDmGroup: CommandGroup = {
  name: 'teams-dm',
  summary: 'The weekly Teams DM asking creators for next week’s availability (admins)',
  commands: [teamsDmShow, teamsDmSet],
};
