import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { type Config, isTeamsOn } from '../runtime/config.ts';
import type { SurfaceRuntime } from '../runtime/surface-conversation.ts';
import type { SurfaceKit } from '../runtime/surface-kit.ts';
import { teamsTokenVerifier } from './teams-auth.ts';
import { createTeamsSurface, type TeamsSurface, type TeamsSurfaceOptions } from './teams-routes.ts';
import { BOT_FRAMEWORK_TOKEN_URL, clientCredentialsTokens, tenantTokenUrl } from './teams-token.ts';

/** The app id used with TEAMS_AUTH=off and no TEAMS_APP_ID (the Emulator accepts any). */
export const LOCAL_APP_ID = 'session-align-local';

/** The token endpoint the bot asks: TEAMS_TOKEN_URL, else Microsoft's for a single- or multi-tenant app. */
export function teamsTokenUrl(config: Pick<Config, 'TEAMS_TOKEN_URL' | 'TEAMS_APP_TENANT_ID'>): string {
  if (config.TEAMS_TOKEN_URL) return config.TEAMS_TOKEN_URL;
  return config.TEAMS_APP_TENANT_ID ? tenantTokenUrl(config.TEAMS_APP_TENANT_ID) : BOT_FRAMEWORK_TOKEN_URL;
}

/**
 * The Teams surface as configured by the environment, or undefined when it is off: on with
 * TEAMS_APP_ID + TEAMS_APP_PASSWORD (every activity's JWT checked, outgoing calls with the bot's
 * token), or with TEAMS_AUTH=off (no token either way, for local development only).
 */
export function teamsSurfaceFromConfig(
  config: Config,
  parts: {
    runtime: SurfaceRuntime;
    kit: SurfaceKit;
    registry: CommandRegistry;
    plainWords?: TeamsSurfaceOptions['plainWords'];
  },
): TeamsSurface | undefined {
  if (!isTeamsOn(config)) return undefined;
  const isAuthOff = config.TEAMS_AUTH === 'off';
  const appId = config.TEAMS_APP_ID ?? LOCAL_APP_ID;
  const tenancy: TeamsSurfaceOptions['tenancy'] =
    config.TEAMS_TENANT_MODE === 'installed'
      ? { mode: 'installed' }
      : { mode: 'single', tenantSlug: config.TEAMS_TENANT };
  return createTeamsSurface({
    ...parts,
    appId,
    tenancy,
    ...(isAuthOff
      ? {}
      : {
          verifier: teamsTokenVerifier({
            appId,
            openIdMetadataUrl: config.TEAMS_OPENID_METADATA_URL,
            ...(config.TEAMS_APP_TENANT_ID ? { appTenantId: config.TEAMS_APP_TENANT_ID } : {}),
          }),
          tokens: clientCredentialsTokens({
            tokenUrl: teamsTokenUrl(config),
            appId,
            appPassword: config.TEAMS_APP_PASSWORD!,
          }),
        }),
  });
}
