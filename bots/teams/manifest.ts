import type { ChatCommand } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { GUID, TEAMS_LIMITS } from './manifest-rules.ts';

export const TEAMS_SCHEMA_URL =
  'https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json';

/** What the committed manifest carries until someone packages it for their own app registration. */
export const PLACEHOLDER_APP_ID = '00000000-0000-0000-0000-000000000000';
export const PLACEHOLDER_PUBLIC_URL = 'https://session-align.example.com';

export type TeamsScope = 'personal' | 'team' | 'groupChat';

/** Where the bot can be added: a 1:1 chat, a team's channels, and a group chat of co-writers. */
export const BOT_SCOPES: readonly TeamsScope[] = ['personal', 'team', 'groupChat'];

export interface TeamsManifestOptions {
  /** The Entra application (client) ID of the bot: both the app id and the bot id. */
  appId: string;
  /** The https:// base URL this server is reached at (`PUBLIC_URL`). */
  publicUrl: string;
  /** The app version, MAJOR.MINOR.PATCH; Teams only takes an update whose version changed. */
  version?: string;
  privacyUrl?: string;
  termsOfUseUrl?: string;
  /** The chat commands to offer in the bot menus (the registry's, in /help order). */
  chatCommands?: readonly ChatCommand[];
}

export interface TeamsCommand {
  title: string;
  description: string;
}

export interface TeamsCommandList {
  scopes: TeamsScope[];
  commands: TeamsCommand[];
}

const SHORT_DESCRIPTION = 'Co-writing sessions: the right writers, room and time.';
const FULL_DESCRIPTION = [
  'Session Align helps a music publisher put its songwriters and producers in the same room.',
  'Ask for co-writing suggestions and see why each pairing fits and when everyone is free;',
  'propose, accept, decline and reschedule sessions; keep your weekly availability, days off',
  'and calendars up to date; and get reminders and invites where you already chat.',
  'Type "help" to the bot to see every command.',
  'Requires a Session Align server run by your publisher: your organisation installs the app',
  'for its own server and roster.',
].join(' ');

/**
 * The Teams app manifest (schema v1.17), generated from the command registry and the server's
 * public URL. `manifests/teams/manifest.json` is this with the placeholders; a test keeps them equal.
 * https://learn.microsoft.com/microsoftteams/platform/resources/schema/manifest-schema
 *
 * @example
 * buildTeamsManifest({ appId: '6f1c2a9e-0b7d-4c1e-9a63-2f4b8d0e7c15', publicUrl: 'https://align.acme.com' })
 */
export function buildTeamsManifest(options?: TeamsManifestOptions) {
  const { appId, publicUrl } = checkedOptions(options ?? placeholderOptions());
  const chatCommands = options?.chatCommands ?? createCommandRegistry().chatCommands();
  return {
    $schema: TEAMS_SCHEMA_URL,
    manifestVersion: '1.17',
    version: options?.version ?? packageJson.version,
    id: appId,
    developer: {
      name: 'Session Align',
      websiteUrl: publicUrl,
      // The server has no policy pages of its own: point these at your organisation's.
      privacyUrl: options?.privacyUrl ?? publicUrl,
      termsOfUseUrl: options?.termsOfUseUrl ?? publicUrl,
    },
    name: { short: 'Session Align', full: 'Session Align: co-writing sessions for music publishers' },
    description: { short: SHORT_DESCRIPTION, full: FULL_DESCRIPTION },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#1d1c3b',
    bots: [
      {
        botId: appId,
        scopes: [...BOT_SCOPES],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: BOT_SCOPES.map(
          (scope): TeamsCommandList => ({
            scopes: [scope],
            commands: menuFor(scope, chatCommands),
          }),
        ),
      },
    ],
    defaultInstallScope: 'personal',
    validDomains: [new URL(publicUrl).host],
  };
}

export type TeamsManifest = ReturnType<typeof buildTeamsManifest>;

function placeholderOptions(): TeamsManifestOptions {
  return { appId: PLACEHOLDER_APP_ID, publicUrl: PLACEHOLDER_PUBLIC_URL };
}

/**
 * The bot menu of one scope, in /help order. In a 1:1 chat: everything but the admin-only commands
 * (they stay one "help" away); in a team or group chat: what every member may run. Teams shows at
 * most ten, so past that the first nine are kept, and "help", which lists the rest.
 */
export function menuFor(scope: TeamsScope, chatCommands: readonly ChatCommand[]): TeamsCommand[] {
  const offered = chatCommands.filter(scope === 'personal' ? (chat) => !isAdminOnly(chat) : isForEveryone);
  if (offered.length <= TEAMS_LIMITS.menuCommands) return offered.map(menuCommand);
  const help = offered.filter((chat) => chat.name === 'help');
  const rest = offered
    .filter((chat) => chat.name !== 'help')
    .slice(0, TEAMS_LIMITS.menuCommands - help.length);
  return [...rest, ...help].map(menuCommand);
}

const isForEveryone = (chat: ChatCommand) => chat.roles.length === 0;
const isAdminOnly = (chat: ChatCommand) =>
  chat.roles.length > 0 && chat.roles.every((role) => role === 'tenant_admin');

function menuCommand(chat: ChatCommand): TeamsCommand {
  // Authored text is not cut: a summary past Teams' limit is a build error to fix at its source.
  if (chat.name.length > TEAMS_LIMITS.commandTitle || chat.summary.length > TEAMS_LIMITS.commandDescription) {
    throw new Error(
      `Chat command "${chat.name}" does not fit a Teams bot menu: its name may have ${TEAMS_LIMITS.commandTitle} ` +
        `characters (has ${chat.name.length}) and its summary ${TEAMS_LIMITS.commandDescription} ` +
        `(has ${chat.summary.length}); shorten it in core/commands/definitions/.`,
    );
  }
  // The title is what Teams types into the compose box; the surface reads "pair @ana" like "/pair @ana".
  return { title: chat.name, description: chat.summary };
}

/** The options with the URL normalised, or an AppError naming the setting and what it expects. */
function checkedOptions(options: TeamsManifestOptions): { appId: string; publicUrl: string } {
  if (!GUID.test(options.appId)) {
    throw new AppError(
      'teams.bad_app_id',
      `TEAMS_APP_ID: expected the Entra application (client) ID, a GUID like 6f1c2a9e-0b7d-4c1e-9a63-2f4b8d0e7c15; got ${shown(options.appId)}`,
      { field: 'TEAMS_APP_ID' },
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(options.publicUrl);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
    throw new AppError(
      'teams.bad_public_url',
      `PUBLIC_URL: expected the https:// address Teams reaches this server at, like https://align.example.com; got ${shown(options.publicUrl)}`,
      { field: 'PUBLIC_URL' },
    );
  }
  return { appId: options.appId.toLowerCase(), publicUrl: url.href.replace(/\/+$/, '') };
}

/** A setting as typed, quoted and cut short: an error line stays one line. */
const shown = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
