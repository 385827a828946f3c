import type { Hono } from 'hono';
import { decodeTimeline } from '../../core/availability/timeline.codec.ts';
import { renderTimelineSvg } from '../../core/availability/timeline.svg.ts';
import { isAppError } from '../../core/shared/app-error.ts';
import type { Config } from './config.ts';
import type { AppVariables } from './http-app.ts';
import type { Logger } from './logger.ts';
import type { Runtime } from './runtime.ts';
import { checkTimelineLink, TIMELINE_IMAGE_PATH, TIMELINE_KEY_PURPOSE } from './timeline-links.ts';
import {
  findTimelineFonts,
  noFontHint,
  type TimelinePngRenderer,
  timelinePngRenderer,
} from './timeline-png.ts';

export interface TimelineImageRoutesDeps {
  /** `secrets.deriveKey(TIMELINE_KEY_PURPOSE)`. */
  key: Buffer;
  renderer: TimelinePngRenderer;
  nowMs?: () => number;
}

/**
 * What the picture route needs from this runtime: the key the command side signs links with
 * (`bots/runtime/command-services.ts`) and a renderer with the font. Undefined when there is no
 * font, after saying once what to do.
 */
export function timelineImagesFor(
  runtime: Pick<Runtime, 'secrets' | 'clock'> & { config: Pick<Config, 'TIMELINE_FONT_FILE'> },
  logger: Logger,
): TimelineImageRoutesDeps | undefined {
  const fonts = findTimelineFonts(runtime.config.TIMELINE_FONT_FILE);
  if (!fonts) {
    logger.warn(noFontHint(runtime.config.TIMELINE_FONT_FILE));
    return undefined;
  }
  return {
    key: runtime.secrets.deriveKey(TIMELINE_KEY_PURPOSE),
    renderer: timelinePngRenderer({ fontFiles: fonts }),
    nowMs: () => runtime.clock.nowMs(),
  };
}

/** A picture is private to whoever holds its link; proxies may keep it at most a day (or until it expires). */
const MAX_CACHE_SECONDS = 86_400;

/**
 * `GET /img/timeline/<payload>.png?exp=…&sig=…`: the week picture a signed link describes, as PNG.
 * A forged link is 403 and an expired one 410, both with an empty body; a signed payload that does
 * not decode (a bug) is 400. The access log shows the path without its payload.
 */
export function mountTimelineImages(
  app: Hono<{ Variables: AppVariables }>,
  deps: TimelineImageRoutesDeps,
): void {
  const nowMs = deps.nowMs ?? Date.now;
  app.get(`${TIMELINE_IMAGE_PATH}:file`, async (c) => {
    c.set('logPath', `${TIMELINE_IMAGE_PATH}…`);
    const file = c.req.param('file');
    const payload = file.endsWith('.png') ? file.slice(0, -'.png'.length) : '';
    const now = nowMs();
    const link = checkTimelineLink(
      deps.key,
      { payload, exp: c.req.query('exp'), sig: c.req.query('sig') },
      now,
    );
    if (link.kind === 'forged') return c.body(null, 403);
    if (link.kind === 'expired') return c.body(null, 410);
    let model: ReturnType<typeof decodeTimeline>;
    try {
      model = decodeTimeline(link.payload);
    } catch (error) {
      if (!isAppError(error)) throw error;
      c.get('logger').warn(
        { code: error.code, details: error.details },
        'signed timeline payload did not decode',
      );
      return c.body(null, 400);
    }
    const outcome = await deps.renderer.render(payload, () => renderTimelineSvg(model));
    if (outcome.kind !== 'png') {
      c.get('logger').warn({ outcome: outcome.kind }, 'timeline picture not drawn in time');
      return c.body(null, 503, { 'Retry-After': '2' });
    }
    const maxAge = Math.max(0, Math.min(MAX_CACHE_SECONDS, Math.floor((link.expiresAtMs - now) / 1000)));
    return c.body(new Uint8Array(outcome.png), 200, {
      'Content-Type': 'image/png',
      'Content-Length': String(outcome.png.length),
      'Cache-Control': `private, max-age=${maxAge}`,
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
