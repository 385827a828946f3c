import { ROLE_LABELS } from '../../tenancy/roles.ts';
import { defineCommand } from '../command.ts';
import { fields, privateReply } from '../reply.ts';

export const whoamiCommand = defineCommand({
  name: 'whoami',
  summary: 'Show who you are in this workspace',
  usage: '/whoami',
  examples: ['/whoami'],
  parse: () => ({}),
  async run(context) {
    const { actor, tenant } = context;
    return privateReply(
      fields([
        { label: 'Name', value: actor.displayName },
        { label: 'Role', value: ROLE_LABELS[actor.role] },
        { label: 'Workspace', value: `${tenant.name} (${tenant.slug})` },
        { label: 'Time zone', value: actor.timeZone },
        ...(actor.creatorHandle ? [{ label: 'Creator profile', value: `@${actor.creatorHandle}` }] : []),
      ]),
    );
  },
});
