import {
  type AuthConfiguration,
  type AuthProvider,
  CloudAdapter,
  type Connections,
  type TurnContext,
} from '@microsoft/agents-hosting';
import type { Logger } from '../runtime/logger.ts';
import type { TokenSource } from './teams-token.ts';

export type { TurnContext };

/**
 * The Microsoft 365 Agents SDK's CloudAdapter (the maintained successor of botbuilder's), with
 * outgoing tokens from our own client-credentials source (TEAMS_TOKEN_URL, cached) instead of the
 * SDK's MSAL connection manager, whose token endpoint cannot be pointed at a local server. Without
 * a token source (TEAMS_AUTH=off, the Bot Framework Emulator) calls go out without one.
 * Incoming JWTs are checked before the adapter sees a request (teams-auth.ts), so `process` gets
 * the verified claims as `request.user`.
 */
export function teamsAdapter(options: { appId: string; tokens?: TokenSource; logger: Logger }): CloudAdapter {
  const settings: AuthConfiguration = { clientId: options.appId } as AuthConfiguration;
  const adapter = new CloudAdapter(settings);
  const provider = tokenProvider(options.tokens, settings);
  const connections: Connections = {
    getConnection: () => provider,
    getDefaultConnection: () => provider,
    getTokenProvider: () => provider,
    getTokenProviderFromActivity: () => provider,
    getDefaultConnectionConfiguration: () => settings,
  };
  adapter.connectionManager = connections;
  // The SDK's default answers "please fix the source code": say something a person can use instead.
  adapter.onTurnError = async (context, error) => {
    options.logger.error({ err: error }, 'teams turn failed');
    await context
      .sendActivity('Something went wrong on our side. It has been logged.')
      .catch(() => undefined);
  };
  return adapter;
}

function tokenProvider(tokens: TokenSource | undefined, settings: AuthConfiguration): AuthProvider {
  const unsupported = async (): Promise<string> => {
    throw new Error('Session Align uses only the bot’s own client-credentials token');
  };
  return {
    connectionSettings: settings,
    // An empty token makes the SDK's connector client send no Authorization header.
    getAccessToken: async () => (tokens ? tokens.getToken() : ''),
    getAgenticApplicationToken: unsupported,
    getAgenticInstanceToken: unsupported,
    getAgenticUserToken: unsupported,
    acquireTokenOnBehalfOf: unsupported,
  } as AuthProvider;
}
