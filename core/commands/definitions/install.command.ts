import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { heading, privateReply, text } from '../reply.ts';

/**
 * `/install slack`: an admin's link to install the Slack app into a workspace and attach that
 * workspace to this tenant. It is the only way an existing tenant gains a workspace; a workspace
 * installed without it becomes a tenant of its own.
 */
export const installLink = defineCommand({
  name: 'install.link',
  summary: 'Connect a Slack workspace to this tenant (admins)',
  examples: ['/install slack'],
  roles: ['tenant_admin'],
  effect: 'read',
  input: z.object({
    platform: z.enum(['slack'], {
      error: 'expected slack (Teams and Discord connect when an admin first talks to the bot)',
    }),
  }),
  chat: {
    command: 'install',
    usage: '/install slack',
    parse: (line) => ({ platform: (line.words[0]?.toLowerCase() ?? '') as 'slack' }),
    format: (input) => `/install ${input.platform}`,
  },
  async handle(context, input) {
    const link = context.services.installLinks.create(input.platform, {
      tenantId: context.tenant.id,
      userId: context.actor.userId,
    });
    if (!link) {
      throw new AppError(
        'surfaces.not_configured',
        'Slack install is not configured on this server: its operator sets SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.',
      );
    }
    return { result: { link } };
  },
  present: ({ link }, { tenant }) =>
    privateReply(
      heading(`Connect a Slack workspace to ${tenant.name}`),
      text(
        `Open this link within 10 minutes, signed in to Slack as someone who may install apps there: ${link}`,
      ),
      text('The workspace joins this tenant, and the Slack account that installs it becomes yours here.'),
    ),
});

export const installGroup: CommandGroup = {
  name: 'install',
  summary: 'Connect a Slack workspace to this tenant (admins)',
  commands: [installLink],
};
