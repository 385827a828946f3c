import { SLASH_COMMANDS } from './slash-commands.ts';

/** Bot scopes the app asks for, and why. */
export const BOT_SCOPES = [
  'commands', // slash commands
  'chat:write', // answers, proposal DMs
  'im:write', // open a DM with a participant
  'files:write', // calendar invites (.ics) shared in the person's DM
  'users:read', // name and time zone on first contact
  'users:read.email', // link a Slack user to a roster creator by e-mail
  'im:history', // read what people write in the app's DM (answered as commands)
  'app_mentions:read', // read messages that mention the app in a channel
] as const;

/** Events the app subscribes to. */
export const BOT_EVENTS = ['app_home_opened', 'message.im', 'app_mention'] as const;

export const MANIFEST_PLACEHOLDER_URL = 'https://session-align.example.com';

/**
 * The Slack app manifest, generated from the code's slash commands, scopes and routes.
 * `manifests/slack/manifest.json` is this with the placeholder URL; a test keeps them equal.
 * https://docs.slack.dev/reference/app-manifest
 *
 * @example
 * JSON.stringify(buildSlackManifest('https://align.acme.com'), null, 2)
 */
export function buildSlackManifest(baseUrl = MANIFEST_PLACEHOLDER_URL) {
  const events = `${baseUrl}/slack/events`;
  return {
    display_information: {
      name: 'Session Align',
      description: 'The right writers in the right room at the right time.',
      background_color: '#1d1c3b',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'Session Align', always_online: true },
      slash_commands: SLASH_COMMANDS.map((command) => ({
        command: command.command,
        url: events,
        description: command.description,
        ...(command.usageHint ? { usage_hint: command.usageHint } : {}),
        should_escape: true,
      })),
    },
    oauth_config: {
      redirect_urls: [`${baseUrl}/slack/oauth_redirect`],
      scopes: { bot: [...BOT_SCOPES] },
    },
    settings: {
      event_subscriptions: { request_url: events, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, request_url: events, message_menu_options_url: events },
      org_deploy_enabled: true,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
