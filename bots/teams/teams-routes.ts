import type { CloudAdapter } from '@microsoft/agents-hosting';
import type { Hono } from 'hono';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import type { SurfaceDeliverer } from '../../core/surface/notifier-router.ts';
import { readBodyCapped } from '../runtime/body-limit.ts';
import type { AppVariables } from '../runtime/http-app.ts';
import type { SurfaceRuntime } from '../runtime/surface-conversation.ts';
import type { SurfaceKit } from '../runtime/surface-kit.ts';
import { teamsAdapter } from './teams-adapter.ts';
import type { TeamsTokenVerifier } from './teams-auth.ts';
import { type TeamsSender, type TeamsSenderOptions, teamsDeliverer, teamsSender } from './teams-deliverer.ts';
import { type TeamsTenancyMode, teamsTenancy } from './teams-tenancy.ts';
import type { TokenSource } from './teams-token.ts';
import { availabilityInPlainWords, type PlainWordsHandler, teamsTurnHandler } from './teams-turn.ts';

/** An activity is a few KB; Teams caps what it sends well under this. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface TeamsSurfaceOptions {
  runtime: SurfaceRuntime;
  kit: SurfaceKit;
  registry: CommandRegistry;
  /** The bot's Entra app id (TEAMS_APP_ID); any stand-in when auth is off. */
  appId: string;
  /** Checks each incoming activity's JWT; absent only with TEAMS_AUTH=off. */
  verifier?: TeamsTokenVerifier;
  /** Tokens for calls to the Bot Connector service; absent only with TEAMS_AUTH=off. */
  tokens?: TokenSource;
  tenancy: TeamsTenancyMode;
  plainWords?: PlainWordsHandler;
  /** Throttle and backoff for proactive messages (tests pass their own sleep). */
  sending?: Pick<TeamsSenderOptions, 'sleep' | 'nowMs' | 'random' | 'limits'>;
}

export interface TeamsSurface {
  mount(app: Hono<{ Variables: AppVariables }>): void;
  /** Personal-chat messages for the notifier router. */
  deliverer: SurfaceDeliverer;
  /** Proactive sends into stored conversation references (the weekly availability DM). */
  sender: TeamsSender;
  adapter: CloudAdapter;
}

/**
 * The Teams surface on the one Hono app: `POST /api/messages`, where the Bot Connector service
 * posts activities. The body is bounded, the JWT checked (401 otherwise) and the activity handed
 * to the Agents SDK's CloudAdapter, whose turn runs the shared commands.
 *
 * @example
 * const teams = createTeamsSurface({ runtime, kit, registry, appId, verifier, tokens, tenancy: { mode: 'single', tenantSlug: 'demo' } });
 * createHttpApp({ logger, readiness, mountSurfaces: teams.mount });
 */
export function createTeamsSurface(options: TeamsSurfaceOptions): TeamsSurface {
  const { logger } = options.runtime;
  const adapter = teamsAdapter({
    appId: options.appId,
    logger,
    ...(options.tokens ? { tokens: options.tokens } : {}),
  });
  const tenancy = teamsTenancy({
    installations: options.kit.installations,
    tenants: options.kit.tenants,
    mode: options.tenancy,
    logger,
  });
  const turn = teamsTurnHandler({
    runtime: options.runtime,
    kit: options.kit,
    registry: options.registry,
    tenancy,
    plainWords: options.plainWords ?? availabilityInPlainWords(),
  });
  const sender = teamsSender({
    adapter,
    appId: options.appId,
    refs: options.kit.conversationRefs,
    logger,
    ...options.sending,
  });
  const deliverer = teamsDeliverer({
    identities: options.kit.identities,
    refs: options.kit.conversationRefs,
    sender,
    deliveries: options.kit.deliveries,
    // Accept and Decline on a DM update that card in place, as they do on a reply.
    cards: {
      updatesInPlace: (action) => options.registry.get(action.invoke?.command ?? '')?.effect === 'write',
    },
  });
  return {
    adapter,
    sender,
    deliverer,
    mount(app) {
      app.post('/api/messages', async (c) => {
        const bytes = await readBodyCapped(c.req.raw.body, MAX_ACTIVITY_BYTES);
        if (!bytes) return c.json({ error: 'payload_too_large', limitBytes: MAX_ACTIVITY_BYTES }, 413);
        let activity: Record<string, unknown>;
        try {
          const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
            throw new Error('not an object');
          activity = parsed as Record<string, unknown>;
        } catch {
          return c.json({ error: 'bad_request', message: 'body: expected a JSON activity object' }, 400);
        }
        let user: Record<string, unknown> | undefined;
        if (options.verifier) {
          const check = await options.verifier.verify(c.req.header('authorization'), activity);
          if (!check.ok) {
            c.get('logger').warn({ reason: check.reason }, 'teams activity refused');
            return c.json({ error: 'unauthorized', reason: check.reason }, 401);
          }
          user = check.claims;
        }
        const response = webResponse();
        try {
          await adapter.process(
            {
              body: activity,
              headers: Object.fromEntries(c.req.raw.headers),
              method: 'POST',
              ...(user ? { user } : {}),
            },
            response,
            turn,
          );
        } catch (error) {
          c.get('logger').error({ err: error }, 'teams activity failed');
          return c.json({ error: 'internal_error', requestId: c.get('requestId') }, 500);
        }
        return response.toResponse();
      });
    },
  };
}

/** The slice of an Express response CloudAdapter.process writes to, collected into a fetch Response. */
function webResponse() {
  let status = 200;
  let body: unknown;
  let ended = false;
  const headers = new Headers();
  const res = {
    status(code: number) {
      status = code;
      return res;
    },
    setHeader(name: string, value: string) {
      headers.set(name, value);
      return res;
    },
    send(value?: unknown) {
      body = value;
      return res;
    },
    end() {
      ended = true;
      return res;
    },
    get headersSent() {
      return false;
    },
    get writableEnded() {
      return ended;
    },
    toResponse(): Response {
      if (body === undefined || body === null) return new Response(null, { status, headers });
      if (typeof body === 'string') return new Response(body, { status, headers });
      headers.set('content-type', 'application/json');
      return new Response(JSON.stringify(body), { status, headers });
    },
  };
  return res;
}
