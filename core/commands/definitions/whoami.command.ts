import { ROLE_LABELS } from '../../tenancy/roles.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';
import { noInput } from '../input-schema.ts';
import { fields, privateReply } from '../reply.ts';

export const whoamiShow = defineCommand({
  name: 'whoami.show',
  summary: 'Show who you are in this workspace',
  examples: ['/whoami'],
  effect: 'read',
  input: noInput,
  chat: {
    command: 'whoami',
    usage: '/whoami',
    parse(line) {
      refuseExtraWords(line);
      return {};
    },
    format: () => '/whoami',
  },
  handle: async (context) => ({ result: { actor: context.actor, tenant: context.tenant } }),
  present: ({ actor, tenant }) =>
    privateReply(
      fields([
        { label: 'Name', value: actor.displayName },
        { label: 'Role', value: ROLE_LABELS[actor.role] },
        { label: 'Workspace', value: `${tenant.name} (${tenant.slug})` },
        { label: 'Time zone', value: actor.timeZone },
        ...(actor.creatorHandle ? [{ label: 'Creator profile', value: `@${actor.creatorHandle}` }] : []),
      ]),
    ),
});

export const whoamiGroup: CommandGroup = {
  name: 'whoami',
  summary: 'Show who you are in this workspace',
  commands: [whoamiShow],
};
