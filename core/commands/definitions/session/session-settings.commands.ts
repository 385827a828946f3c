import { z } from 'zod';
import { parseSessionPolicy, type SessionPolicy } from '../../../sessions/session-policy.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { defineCommand } from '../../command.ts';
import type { CommandLine } from '../../command-line.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { wholeNumber } from '../../input-schema.ts';
import { fields, heading, privateReply, text } from '../../reply.ts';

function policyReply(policy: SessionPolicy, title: string) {
  return privateReply(
    heading(title),
    fields([
      {
        label: 'Full control',
        value: policy.isFullControl ? 'on: only publisher staff propose' : 'off: creators may propose',
      },
      { label: 'Holds last', value: `${policy.holdHours} h` },
      {
        label: 'Late changes',
        value: `a reason is needed within ${policy.lateChangeWindowHours} h of the start`,
      },
      { label: 'Longest session', value: `${policy.maxSessionHours} h` },
      {
        label: 'Scheduling',
        value:
          policy.scheduleConfirmation === 'automatic'
            ? 'automatic once everyone accepts'
            : 'a publisher confirms',
      },
    ]),
    text(
      'Change: /session settings full-control:on|off hold-hours:N late-change-hours:N max-hours:N confirm:publisher|automatic',
    ),
  );
}

const hasOptions = (line: CommandLine) => Object.keys(line.options).length > 0;

export const sessionSettings = defineCommand({
  name: 'session.settings',
  summary: 'The session policy: full control, holds, late changes, longest session, confirmation',
  examples: ['/session settings'],
  effect: 'read',
  input: z.object({}),
  chat: {
    command: 'session',
    verb: 'settings',
    when: (line) => !hasOptions(line),
    usage: '/session settings',
    parse(line) {
      refuseExtraWords(line);
      return {};
    },
    format: () => '/session settings',
  },
  handle: async (context) => ({ result: parseSessionPolicy((await context.stores.tenant.read()).settings) }),
  present: (policy) => policyReply(policy, 'Session settings'),
});

const onOff = z.enum(['on', 'off'], { error: 'expected on or off' }).transform((value) => value === 'on');

/** `/session settings full-control:on hold-hours:24 …`: admins change the policy (audited). */
export const sessionConfigure = defineCommand({
  name: 'session.configure',
  summary: 'Change the session policy (admins)',
  examples: ['/session settings full-control:on hold-hours:24 confirm:publisher'],
  roles: ['tenant_admin'],
  effect: 'write',
  input: z
    .object({
      fullControl: onOff.optional(),
      holdHours: wholeNumber(1, 720).optional(),
      lateChangeHours: wholeNumber(0, 336).optional(),
      maxHours: wholeNumber(1, 24).optional(),
      confirm: z.enum(['publisher', 'automatic'], { error: 'expected publisher or automatic' }).optional(),
    })
    .strict()
    .refine((patch) => Object.keys(patch).length > 0, { error: 'name at least one setting to change' }),
  chat: {
    command: 'session',
    verb: 'settings',
    when: hasOptions,
    usage:
      '/session settings full-control:on|off hold-hours:N late-change-hours:N max-hours:N confirm:publisher|automatic',
    parse(line) {
      refuseExtraWords(line);
      const known: Record<string, string> = {
        'full-control': 'fullControl',
        'hold-hours': 'holdHours',
        'late-change-hours': 'lateChangeHours',
        'max-hours': 'maxHours',
        confirm: 'confirm',
      };
      return Object.fromEntries(
        Object.entries(line.options).map(([key, values]) => [known[key] ?? key, values.at(-1)]),
      ) as never;
    },
  },
  async handle(context, input) {
    const { settings } = await context.stores.tenant.read();
    const before = parseSessionPolicy(settings);
    const after = parseSessionPolicy({
      ...before,
      ...(input.fullControl === undefined ? {} : { isFullControl: input.fullControl }),
      ...(input.holdHours === undefined ? {} : { holdHours: input.holdHours }),
      ...(input.lateChangeHours === undefined ? {} : { lateChangeWindowHours: input.lateChangeHours }),
      ...(input.confirm === undefined ? {} : { scheduleConfirmation: input.confirm }),
      ...(input.maxHours === undefined ? {} : { maxSessionHours: input.maxHours }),
    });
    await context.stores.tenant.writeSettings({ ...settings, ...after });
    await context.stores.audit.record({
      ...byActor(context.actor),
      action: 'tenant.session_policy_updated',
      entity: 'tenant',
      entityId: context.tenant.id,
      oldValues: { ...before },
      newValues: { ...after },
    });
    return { result: after };
  },
  present: (policy) => policyReply(policy, 'Session settings updated'),
});
