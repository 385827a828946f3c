import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where distributions put DejaVu Sans (Debian/Ubuntu `fonts-dejavu-core`, Fedora, Arch, Alpine). */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

/**
 * The font files pictures are drawn with: TIMELINE_FONT_FILE when set (undefined if it does not
 * exist), else the first DejaVu Sans found; its bold face beside it when present. Undefined when
 * there is none: the server then draws no pictures and says so once at start.
 */
export function findTimelineFonts(configured?: string, candidates = FONT_CANDIDATES): string[] | undefined {
  const regular = configured
    ? existsSync(configured)
      ? configured
      : undefined
    : candidates.find(existsSync);
  if (!regular) return undefined;
  const bold = join(dirname(regular), 'DejaVuSans-Bold.ttf');
  return bold !== regular && existsSync(bold) ? [regular, bold] : [regular];
}

/** What the server logs at start when it has no font, naming what to do. */
export function noFontHint(configured?: string): string {
  const what = configured
    ? `TIMELINE_FONT_FILE ${configured} does not exist`
    : 'No font to draw the week timeline picture';
  return `${what}: install fonts-dejavu-core (apt-get install -y fonts-dejavu-core) or set TIMELINE_FONT_FILE to a .ttf file. Replies go without the picture until then.`;
}

export interface TimelinePngOptions {
  fontFiles: readonly string[];
  /** Time a request may wait for and spend on one render before it is answered 503. */
  budgetMs?: number;
  /** Renders at once (each takes a libuv thread, off the event loop). */
  maxConcurrent?: number;
  /** Requests that may wait for a render; one more is answered busy at once. */
  maxWaiting?: number;
  /** Rendered pictures kept, by payload, so Slack's repeated fetches cost nothing. */
  cacheEntries?: number;
  cacheBytes?: number;
  /** SVG to PNG bytes; resvg on the libuv thread pool unless a test passes its own. */
  rasterize?: (svg: string) => Promise<Buffer>;
}

export type PngOutcome = { kind: 'png'; png: Buffer } | { kind: 'busy' } | { kind: 'over_budget' };

export interface TimelinePngRenderer {
  /** The PNG of `svg()` under `key` (the signed payload): from the cache, or rendered within the budget. */
  render(key: string, svg: () => string): Promise<PngOutcome>;
}

/**
 * SVG to PNG with resvg, bounded: a few renders at once off the event loop, a short wait queue,
 * a time budget per request, and an LRU cache of finished pictures. A render that outlasts its
 * budget keeps its slot until it really ends, so slow renders cannot pile up behind the answer.
 */
export function timelinePngRenderer(options: TimelinePngOptions): TimelinePngRenderer {
  const budgetMs = options.budgetMs ?? 5000;
  const maxConcurrent = options.maxConcurrent ?? 2;
  const maxWaiting = options.maxWaiting ?? 16;
  const cache = lruCache(options.cacheEntries ?? 200, options.cacheBytes ?? 32 * 1024 * 1024);
  const inFlight = new Map<string, Promise<Buffer>>();
  const waiting: (() => void)[] = [];
  let running = 0;
  const rasterize = options.rasterize ?? resvgRasterizer(options.fontFiles);

  // A counting semaphore: a finished render hands its slot straight to the next in line.
  const acquire = async () => {
    if (running < maxConcurrent) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
    });
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const draw = async (key: string, svg: () => string) => {
    await acquire();
    try {
      const png = await rasterize(svg());
      cache.set(key, png);
      return png;
    } finally {
      release();
      inFlight.delete(key);
    }
  };

  return {
    async render(key, svg) {
      const cached = cache.get(key);
      if (cached) return { kind: 'png', png: cached };
      let work = inFlight.get(key);
      if (!work) {
        if (running >= maxConcurrent && waiting.length >= maxWaiting) return { kind: 'busy' };
        work = draw(key, svg);
        // Awaited below, unless the budget ran out first: then nobody is left to hear a failure.
        work.catch(() => {});
        inFlight.set(key, work);
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(resolve, budgetMs, 'late');
      });
      try {
        const png = await Promise.race([work, late]);
        return png === 'late' ? { kind: 'over_budget' } : { kind: 'png', png };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** resvg with only these fonts (no system font scan: faster, and the same picture on every machine). */
function resvgRasterizer(fontFiles: readonly string[]): (svg: string) => Promise<Buffer> {
  const options = {
    font: {
      loadSystemFonts: false,
      fontFiles: [...fontFiles],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    logLevel: 'off' as const,
  };
  // resvg (a native addon) loads with the first picture, not with every command context.
  return async (svg) => {
    const { renderAsync } = await import('@resvg/resvg-js');
    return (await renderAsync(svg, options)).asPng();
  };
}

/** Least recently used first out, by count and by total bytes. */
function lruCache(maxEntries: number, maxBytes: number) {
  const entries = new Map<string, Buffer>();
  let bytes = 0;
  return {
    get(key: string): Buffer | undefined {
      const value = entries.get(key);
      if (value) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: string, value: Buffer) {
      if (value.length > maxBytes) return;
      const old = entries.get(key);
      if (old) bytes -= old.length;
      entries.delete(key);
      entries.set(key, value);
      bytes += value.length;
      for (const [oldest, buffer] of entries) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= buffer.length;
      }
    },
  };
}
