import { z } from 'zod';
import type { DomainEvent } from '../../events/domain-event.ts';
import { byActor } from '../../shared/audit-log.ts';
import { ROLE_LABELS } from '../../tenancy/roles.ts';
import { type Actor, defineCommand, type Handled, type HandlerContext, type TenantInfo } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';
import { noInput } from '../input-schema.ts';
import { fields, notice, privateReply } from '../reply.ts';
import { timeZone } from './profile/profile-args.ts';

/**
 * Sets the actor's own time zone: every user has one (staff included), and a creator's profile
 * follows it. Platforms that tell (Slack `tz`, Teams `localTimezone`) set it on first contact.
 */
export async function setOwnTimeZone(context: HandlerContext, zone: string): Promise<Handled<WhoamiResult>> {
  const { actor, stores } = context;
  const before = actor.timeZone;
  await stores.people.setTimeZone(actor.userId, zone);
  const events: DomainEvent[] = [];
  if (actor.creatorHandle) {
    const profile = await stores.profiles.get(actor.creatorHandle, { forUpdate: true });
    if (profile && profile.timeZone !== zone) {
      const { contentHash } = await stores.profiles.update(profile.creatorId, { timeZone: zone });
      events.push({ type: 'creator.profile_changed', creatorId: profile.creatorId, contentHash });
    }
  }
  await stores.audit.record({
    ...byActor(actor),
    action: 'user.time_zone_changed',
    entity: 'user',
    entityId: actor.userId,
    oldValues: { timeZone: before },
    newValues: { timeZone: zone },
  });
  return { result: { actor: { ...actor, timeZone: zone }, tenant: context.tenant, changed: true }, events };
}

interface WhoamiResult {
  actor: Actor;
  tenant: TenantInfo;
  changed?: boolean;
}

const whoamiFields = ({ actor, tenant }: WhoamiResult) =>
  fields([
    { label: 'Name', value: actor.displayName },
    { label: 'Role', value: ROLE_LABELS[actor.role] },
    { label: 'Workspace', value: `${tenant.name} (${tenant.slug})` },
    { label: 'Time zone', value: actor.timeZone },
    ...(actor.creatorHandle ? [{ label: 'Creator profile', value: `@${actor.creatorHandle}` }] : []),
  ]);

export const whoamiTimeZone = defineCommand({
  name: 'whoami.timezone',
  summary: 'Set your own time zone (every time you see and type is in it)',
  examples: ['/whoami timezone:Europe/London'],
  effect: 'write',
  input: z.strictObject({ timeZone }),
  chat: {
    command: 'whoami',
    when: (line) => line.options.timezone !== undefined,
    usage: '/whoami timezone:ZONE',
    parse(line) {
      refuseExtraWords(line);
      return { timeZone: line.options.timezone?.at(-1) ?? '' };
    },
    format: (input) => `/whoami timezone:${input.timeZone}`,
  },
  handle: (context, input) => setOwnTimeZone(context, input.timeZone),
  present: (result) =>
    privateReply(notice('success', `Your time zone is now ${result.actor.timeZone}.`), whoamiFields(result)),
});

export const whoamiShow = defineCommand({
  name: 'whoami.show',
  summary: 'Show who you are in this workspace',
  examples: ['/whoami'],
  effect: 'read',
  input: noInput,
  chat: {
    command: 'whoami',
    when: (line) => line.options.timezone === undefined,
    usage: '/whoami',
    parse(line) {
      refuseExtraWords(line);
      return {};
    },
    format: () => '/whoami',
  },
  handle: async (context) => ({ result: { actor: context.actor, tenant: context.tenant } }),
  present: (result) => privateReply(whoamiFields(result)),
});

export const whoamiGroup: CommandGroup = {
  name: 'whoami',
  summary: 'Show who you are in this workspace',
  commands: [whoamiShow, whoamiTimeZone],
};
