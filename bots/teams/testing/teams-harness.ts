import { Writable } from 'node:stream';
import type { CommandRegistry } from '../../../core/commands/command-registry.ts';
import { createCommandRegistry } from '../../../core/commands/definitions/index.ts';
import type { Notifier } from '../../../core/ports/notifier.ts';
import { notifierRouter } from '../../../core/surface/notifier-router.ts';
import type { testRuntimeParts } from '../../../test/support/test-runtime.ts';
import { createHttpApp } from '../../runtime/http-app.ts';
import { createLogger } from '../../runtime/logger.ts';
import { startOutboxSweeper } from '../../runtime/outbox-sweeper.ts';
import { surfaceKitFor } from '../../runtime/surface-kit.ts';
import { teamsTokenVerifier } from '../teams-auth.ts';
import { createTeamsSurface, type TeamsSurfaceOptions } from '../teams-routes.ts';
import type { TeamsTenancyMode } from '../teams-tenancy.ts';
import { clientCredentialsTokens } from '../teams-token.ts';
import type { LocalIdp } from './local-idp.ts';

export const TEST_APP_ID = '6f1c2a9e-0b7d-4c1e-9a63-2f4b8d0e7c15';

/**
 * The real stack for a Teams test: the Hono app with the Teams surface mounted (the Agents SDK's
 * CloudAdapter, our JWT checks against the local identity provider, tokens from its token
 * endpoint), the outbox sweeper delivering through the Teams deliverer, and the log lines.
 * Without `idp`, auth is off (TEAMS_AUTH=off).
 */
export function teamsHarness(input: {
  parts: ReturnType<typeof testRuntimeParts>;
  idp?: LocalIdp;
  tenancy?: TeamsTenancyMode;
  registry?: CommandRegistry;
  fallbackNotifier?: Notifier;
  plainWords?: TeamsSurfaceOptions['plainWords'];
  sending?: TeamsSurfaceOptions['sending'];
  nowMs?: () => number;
}) {
  const logLines: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  const kit = surfaceKitFor(input.parts);
  const runtime = { ...input.parts, logger };
  const registry = input.registry ?? createCommandRegistry();
  const tokens = input.idp
    ? clientCredentialsTokens({
        tokenUrl: input.idp.tokenUrl,
        appId: TEST_APP_ID,
        appPassword: 'test-password',
      })
    : undefined;
  const teams = createTeamsSurface({
    runtime,
    kit,
    registry,
    appId: TEST_APP_ID,
    tenancy: input.tenancy ?? { mode: 'single', tenantSlug: 'demo' },
    ...(input.idp
      ? {
          verifier: teamsTokenVerifier({
            appId: TEST_APP_ID,
            openIdMetadataUrl: input.idp.metadataUrl,
            ...(input.nowMs ? { nowMs: input.nowMs } : {}),
          }),
        }
      : {}),
    ...(tokens ? { tokens } : {}),
    ...(input.plainWords ? { plainWords: input.plainWords } : {}),
    sending: input.sending ?? { sleep: async () => {} },
  });
  const notifier = notifierRouter([teams.deliverer], input.fallbackNotifier);
  const outbox = startOutboxSweeper(runtime, {
    notifier,
    registry,
    deliveries: kit.deliveries,
    pollMs: 60_000,
  });
  const http = createHttpApp({ logger, readiness: async () => ({}), mountSurfaces: teams.mount });

  /** A token the Bot Connector service would put on an activity to this bot. */
  const tokenFor = (serviceUrl: string, claims: Record<string, unknown> = {}) => {
    if (!input.idp) return undefined;
    const nowS = Math.floor((input.nowMs?.() ?? Date.now()) / 1000);
    return input.idp.sign({
      iss: 'https://api.botframework.com',
      aud: TEST_APP_ID,
      serviceurl: serviceUrl,
      nbf: nowS - 10,
      exp: nowS + 3600,
      ...claims,
    });
  };
  return {
    teams,
    kit,
    http,
    logLines,
    tokens,
    tokenFor,
    /** Posts an activity as the Bot Connector service does, with a valid token unless `authorization` says otherwise. */
    post(activity: Record<string, unknown>, authorization?: string | null) {
      const token = authorization === undefined ? tokenFor(String(activity.serviceUrl)) : undefined;
      const header =
        authorization === null ? undefined : (authorization ?? (token ? `Bearer ${token}` : undefined));
      return http.request('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
        body: JSON.stringify(activity),
      });
    },
    /**
     * Delivers what commands put in the outbox. Twice: a pass already running when this is called
     * (woken by an earlier commit) may have claimed its batch before the latest commit; the second
     * call waits for a pass that started after it.
     */
    async settle() {
      await outbox.drain();
      await outbox.drain();
    },
    close: () => outbox.stop(),
  };
}
