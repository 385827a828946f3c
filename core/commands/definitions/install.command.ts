import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { heading, privateReply, text } from '../reply.ts';

const NOT_CONFIGURED = {
  slack:
    'Slack install is not configured on this server: its operator sets SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.',
  teams: 'Teams is not configured on this server: its operator sets TEAMS_APP_ID and TEAMS_APP_PASSWORD.',
} as const;

type InstallResult = { platform: 'slack'; link: string } | { platform: 'teams'; code: string };

/**
 * `/install slack`: an admin's link to install the Slack app into a workspace and attach that
 * workspace to this tenant. `/install teams`: a connect code that someone in a Microsoft 365
 * organisation sends the bot in Teams to attach that organisation. These are the only ways an
 * existing tenant gains a workspace or an organisation.
 */
export const installLink = defineCommand({
  name: 'install.link',
  summary: 'Connect a Slack workspace or a Teams organisation to this tenant (admins)',
  examples: ['/install slack', '/install teams'],
  roles: ['tenant_admin'],
  effect: 'read',
  input: z.object({
    platform: z.enum(['slack', 'teams'], {
      error: 'expected slack or teams (Discord connects when an admin first talks to the bot)',
    }),
  }),
  chat: {
    command: 'install',
    usage: '/install slack|teams',
    parse: (line) => ({ platform: (line.words[0]?.toLowerCase() ?? '') as 'slack' }),
    format: (input) => `/install ${input.platform}`,
  },
  async handle(context, input) {
    const link = context.services.installLinks.create(input.platform, {
      tenantId: context.tenant.id,
      userId: context.actor.userId,
    });
    if (!link) throw new AppError('surfaces.not_configured', NOT_CONFIGURED[input.platform]);
    const result: InstallResult =
      input.platform === 'slack' ? { platform: 'slack', link } : { platform: 'teams', code: link };
    return { result };
  },
  present: (result, { tenant }) =>
    result.platform === 'slack'
      ? privateReply(
          heading(`Connect a Slack workspace to ${tenant.name}`),
          text(
            `Open this link within 10 minutes, signed in to Slack as someone who may install apps there: ${result.link}`,
          ),
          text('The workspace joins this tenant, and the Slack account that installs it becomes yours here.'),
        )
      : privateReply(
          heading(`Connect a Microsoft 365 organisation to ${tenant.name}`),
          text(
            'Within 10 minutes, add Session Align in Teams in that organisation, open a personal chat with it, and send this line (the code works once):',
          ),
          text(`connect ${result.code}`),
          text(
            'The organisation joins this tenant, and the Teams account that sends the code becomes yours here.',
          ),
        ),
});

export const installGroup: CommandGroup = {
  name: 'install',
  summary: 'Connect a Slack workspace or a Teams organisation to this tenant (admins)',
  commands: [installLink],
};
