import type { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { SurfaceDeliverer } from '../../core/surface/notifier-router.ts';
import type { AppVariables } from '../runtime/http-app.ts';
import {
  completeInstall,
  readAttachToken,
  type SlackOAuthOptions,
  STATE_COOKIE,
  startInstall,
} from './oauth.ts';
import { createSlackApp, type SlackAppOptions } from './slack-app.ts';

export interface SlackSurfaceOptions extends Omit<SlackAppOptions, 'installUrl'> {
  /** OAuth v2 install (multi-workspace); without it only single-workspace mode works. */
  oauth?: Pick<SlackOAuthOptions, 'clientId' | 'clientSecret' | 'redirectUri' | 'authorizeUrl' | 'nowMs'>;
}

export interface SlackSurface {
  mount(app: Hono<{ Variables: AppVariables }>): void;
  /** Binds SLACK_BOT_TOKEN to its workspace (`auth.test`); a failure is logged and retried on use. */
  start(): Promise<void>;
  /** Lets listeners still answering (after their ack) finish; call before closing the database. */
  stop(): Promise<void>;
  /** DMs through each person's own workspace installation (for the notifier router). */
  deliverer: SurfaceDeliverer;
}

/**
 * The Slack surface's routes on the one Hono app:
 * `POST /slack/events` (commands, interactivity, options, events), `GET /slack/install` and
 * `GET /slack/oauth_redirect` (OAuth v2 install).
 *
 * @example
 * const slack = createSlackSurface({ runtime, signingSecret, clientOptions, singleWorkspace });
 * createHttpApp({ logger, readiness, mountSurfaces: slack.mount });
 */
export function createSlackSurface(options: SlackSurfaceOptions): SlackSurface {
  const { kit } = options;
  const installUrl = options.oauth && new URL('/slack/install', options.oauth.redirectUri).toString();
  const { receiver, executor, tenancy, deliverer } = createSlackApp({
    ...options,
    ...(installUrl ? { installUrl } : {}),
  });
  const oauth: SlackOAuthOptions | undefined = options.oauth && {
    ...options.oauth,
    installations: kit.installations,
    identities: kit.identities,
    tenants: kit.tenants,
    logger: options.runtime.logger,
    clientOptions: options.clientOptions,
  };
  return {
    deliverer,
    start: async () => {
      await tenancy.start();
    },
    stop: () => receiver.stop(),
    mount(app) {
      app.post('/slack/events', (c) => {
        // Refused before the body is read, so a burst costs no memory; Slack retries events on 503.
        if (executor.isSaturated()) return busyResponse(executor.retryAfterSeconds);
        return receiver.handle(c.req.raw, { requestId: c.get('requestId') });
      });
      app.get('/slack/install', (c) => {
        if (!oauth)
          return c.text(
            'Slack install is not configured here: set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.',
            404,
          );
        const attachToken = c.req.query('attach');
        const attach = attachToken === undefined ? undefined : readAttachToken(oauth, attachToken);
        if (attachToken !== undefined && !attach) {
          return c.html(
            page(
              'Install link expired',
              'This link is no longer valid. Ask an admin of your Session Align workspace for a new one (/install slack).',
            ),
            403,
          );
        }
        const { location, state } = startInstall(oauth, attach);
        setCookie(c, STATE_COOKIE, state, {
          httpOnly: true,
          sameSite: 'Lax',
          secure: new URL(c.req.url).protocol === 'https:',
          path: '/slack',
          maxAge: 600,
        });
        return c.redirect(location, 302);
      });
      app.get('/slack/oauth_redirect', async (c) => {
        if (!oauth) return c.text('Slack install is not configured here.', 404);
        const outcome = await completeInstall(
          oauth,
          { code: c.req.query('code'), state: c.req.query('state'), error: c.req.query('error') },
          getCookie(c, STATE_COOKIE),
        );
        if (!outcome.isInstalled)
          return c.html(page('Install not completed', outcome.message), outcome.status);
        return c.html(
          page(
            'Session Align is installed',
            `${outcome.teamName} is connected${outcome.isNewTenant ? ` as the new workspace “${outcome.tenantSlug}”` : ''}. ` +
              'Open Slack and type /align help.',
          ),
        );
      });
    },
  };
}

function busyResponse(retryAfterSeconds: number): Response {
  return new Response('Session Align is busy, try again in a minute.', {
    status: 503,
    headers: { 'retry-after': String(retryAfterSeconds), connection: 'close' },
  });
}

function page(title: string, body: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1><p>${esc(body)}</p></body></html>`;
}
