import { AppError } from '../../shared/app-error.ts';
import { defineCommand } from '../command.ts';
import { heading, privateReply, text } from '../reply.ts';

/**
 * `/install slack`: an admin's link to install the Slack app into a workspace and attach that
 * workspace to this tenant. It is the only way an existing tenant gains a workspace; a workspace
 * installed without it becomes a tenant of its own.
 */
export const installCommand = defineCommand<{ platform: 'slack' }>({
  name: 'install',
  summary: 'Connect a Slack workspace to this tenant (admins)',
  usage: '/install slack',
  examples: ['/install slack'],
  roles: ['tenant_admin'],
  parse(line) {
    const platform = line.words[0]?.toLowerCase();
    if (platform !== 'slack') {
      throw new AppError(
        'commands.bad_args',
        `platform: expected slack${platform ? `, got "${platform}"` : ''} (Teams and Discord connect when an admin first talks to the bot)`,
      );
    }
    return { platform };
  },
  async run(context, args) {
    const link = context.services.installLinks.create(args.platform, {
      tenantId: context.tenant.id,
      userId: context.actor.userId,
    });
    if (!link) {
      throw new AppError(
        'surfaces.not_configured',
        'Slack install is not configured on this server: its operator sets SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.',
      );
    }
    return privateReply(
      heading(`Connect a Slack workspace to ${context.tenant.name}`),
      text(
        `Open this link within 10 minutes, signed in to Slack as someone who may install apps there: ${link}`,
      ),
      text('The workspace joins this tenant, and the Slack account that installs it becomes yours here.'),
    );
  },
});
