import { createServer, type Server, type ServerResponse } from 'node:http';

/** A small valid feed: one busy hour on Tuesday 24 Nov 2026. */
export const SMALL_FEED =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\n' +
  'DTSTART:20261124T100000Z\r\nDURATION:PT1H\r\nSUMMARY:Secret meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

export interface HostileCalendarServer {
  /** `http://host:port`, no trailing slash. */
  origin: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Feeds by path, served as text/calendar (add your own). */
  feeds: Record<string, string>;
  /** Paths answered as another path: a calendar's address that starts misbehaving later. */
  rewrites: Record<string, string>;
  /** Whether a response was cut off by the client before the server finished writing it. */
  wasCutOff: () => boolean;
  close(): Promise<void>;
}

/**
 * A calendar server that misbehaves on request, bound to a loopback address. Paths:
 * `/feed/*` a known feed (see `feeds`), `/to?url` a 302 to `url`, `/hops/N` N redirects then a feed,
 * `/loop/N` redirects forever, `/huge` an endless chunked calendar, `/lying` a content-length far
 * past any cap, `/slow` headers and then a line a second, `/silent` no answer at all, `/html` a web
 * page, `/status/N` that status.
 */
export async function hostileCalendarServer(host = '127.0.0.1'): Promise<HostileCalendarServer> {
  const requests: string[] = [];
  const feeds: Record<string, string> = { '/feed/small': SMALL_FEED };
  const rewrites: Record<string, string> = {};
  let isCutOff = false;
  const server: Server = createServer((request, response) => {
    const requested = new URL(request.url ?? '/', 'http://x');
    requests.push(requested.pathname);
    const rewrite = rewrites[requested.pathname];
    const url = rewrite ? new URL(rewrite, 'http://x') : requested;
    const [, verb = '', arg = ''] = url.pathname.split('/');
    const feed = feeds[url.pathname];
    if (feed !== undefined) return send(response, 200, feed);
    switch (verb) {
      case 'to':
        return redirect(response, decodeURIComponent(url.search.slice(1)));
      case 'hops':
        return Number(arg) > 0
          ? redirect(response, `/hops/${Number(arg) - 1}`)
          : send(response, 200, SMALL_FEED);
      case 'loop':
        return redirect(response, `/loop/${Number(arg) + 1}`);
      case 'huge':
        return void endless(response, () => {
          isCutOff = true;
        });
      case 'lying':
        response.writeHead(200, {
          'content-type': 'text/calendar',
          'content-length': String(50 * 1024 * 1024),
        });
        return void response.write('BEGIN:VCALENDAR\r\n');
      case 'slow': {
        response.writeHead(200, { 'content-type': 'text/calendar' });
        response.write('BEGIN:VCALENDAR\r\n');
        const timer = setInterval(() => response.write('X-FILLER:slow\r\n'), 1_000);
        return void response.on('close', () => clearInterval(timer));
      }
      case 'silent':
        return;
      case 'html':
        return send(response, 200, '<html><body>internal admin: secret-token-123</body></html>', 'text/html');
      case 'status':
        return send(response, Number(arg), 'BEGIN:VCALENDAR\r\nX-ERROR:internal detail\r\n');
      default:
        return send(response, 404, 'not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    feeds,
    rewrites,
    wasCutOff: () => isCutOff,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(response: ServerResponse, status: number, body: string, type = 'text/calendar') {
  response.writeHead(status, { 'content-type': type });
  response.end(body);
}

function redirect(response: ServerResponse, location: string) {
  response.writeHead(302, { location });
  response.end();
}

/** Writes a calendar that never ends (with back-pressure) until the client goes away. */
async function endless(response: ServerResponse, onCutOff: () => void) {
  response.writeHead(200, { 'content-type': 'text/calendar' });
  const filler = Buffer.from(`${'X-FILLER:'.padEnd(74, 'x')}\r\n`.repeat(1_000));
  let isOpen = true;
  response.on('close', () => {
    isOpen = false;
    if (!response.writableFinished) onCutOff();
  });
  response.write('BEGIN:VCALENDAR\r\n');
  const drainedOrClosed = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        response.off('drain', done).off('close', done);
        resolve();
      };
      response.on('drain', done).on('close', done);
    });
  while (isOpen) {
    if (!response.write(filler)) await drainedOrClosed();
  }
}
