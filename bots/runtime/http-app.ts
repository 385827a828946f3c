import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Admission } from './admission.ts';
import { type BodyLimits, bodyLimit } from './body-limit.ts';
import type { Logger } from './logger.ts';
import { mountTimelineImages, type TimelineImageRoutesDeps } from './timeline-image.routes.ts';
import type { Saturation } from './work-executor.ts';

export interface AppVariables {
  requestId: string;
  logger: Logger;
  /** Set by a surface once it knows which tenant a request belongs to, so the access log carries it. */
  tenantId?: string;
  /** The path the access log shows instead of the request's, when the path itself carries data (a picture's payload). */
  logPath?: string;
}

export interface HttpAppDeps {
  logger: Logger;
  readiness(): Promise<Record<string, string>>;
  /** Surfaces add their routes (Slack, Teams, Discord, the web page) here. */
  mountSurfaces?: (app: Hono<{ Variables: AppVariables }>) => void;
  newRequestId?: () => string;
  /** Serves the week timeline pictures (`/img/timeline/…`); left out when the server has no font. */
  timelineImages?: TimelineImageRoutesDeps;
  /** Every request body is capped (1 MB by default); a route that needs more gets its own limit here. */
  bodyLimits?: BodyLimits;
  /** Refuses requests beyond a bound (503 + Retry-After) before reading them; /readyz shows the count. */
  admission?: Admission;
  /** The work executor's state (queue depth, oldest waiting, in flight): /readyz shows it, 503 when saturated. */
  saturation?: () => Saturation;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The one HTTP app. Every request gets an id (the caller's `X-Request-Id` when sane) and a child
 * logger carrying it; the access log line adds the tenant id when a surface resolved one. Bodies
 * over their route's limit are refused (413) before any surface reads them.
 */
export function createHttpApp(deps: HttpAppDeps): Hono<{ Variables: AppVariables }> {
  const app = new Hono<{ Variables: AppVariables }>();
  const newRequestId = deps.newRequestId ?? randomUUID;

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newRequestId();
    const startedAt = performance.now();
    c.set('requestId', requestId);
    c.set('logger', deps.logger.child({ requestId }));
    c.header('X-Request-Id', requestId);
    await next();
    deps.logger.info(
      {
        requestId,
        tenantId: c.get('tenantId'),
        method: c.req.method,
        path: c.get('logPath') ?? c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      },
      'request',
    );
  });

  if (deps.admission) app.use('*', deps.admission.middleware);
  app.use('*', bodyLimit(deps.bodyLimits));

  app.onError((error, c) => {
    c.get('logger').error({ err: error }, 'unhandled error');
    return c.json({ error: 'internal_error', requestId: c.get('requestId') }, 500);
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const checks = await deps.readiness();
    const saturation = deps.saturation?.();
    const requests = deps.admission && {
      inFlight: deps.admission.inFlight(),
      maxInFlight: deps.admission.maxInFlight,
    };
    const isSaturated =
      (saturation?.isSaturated ?? false) || (requests ? requests.inFlight >= requests.maxInFlight : false);
    const isUp = Object.values(checks).every((value) => value === 'ok');
    const status = !isUp ? 'not_ready' : isSaturated ? 'saturated' : 'ready';
    const load = saturation || requests ? { load: { ...saturation, ...(requests ? { requests } : {}) } } : {};
    return c.json({ status, checks, ...load }, status === 'ready' ? 200 : 503);
  });
  app.get('/', (c) =>
    c.html(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Session Align</title></head>' +
        '<body><h1>Session Align</h1><p>The right writers in the right room at the right time.</p>' +
        '<p>Health: <a href="/healthz">/healthz</a> · Readiness: <a href="/readyz">/readyz</a></p></body></html>',
    ),
  );
  if (deps.timelineImages) mountTimelineImages(app, deps.timelineImages);
  deps.mountSurfaces?.(app);
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  return app;
}
