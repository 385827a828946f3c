import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { CALENDAR_BOUNDS } from '../core/availability/calendar-bounds.ts';
import { type CalendarFailureReason, calendarUnreachable } from '../core/availability/calendar-failures.ts';
import type { CalendarFetcher } from '../core/ports/calendar-fetcher.ts';
import { isAppError } from '../core/shared/app-error.ts';
import { isPublicAddress } from './address-policy.ts';

/** DNS answers for a host name; tests inject their own. */
export type HostResolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface HttpCalendarFetcherOptions {
  /** The whole fetch: every redirect, the headers and the last byte of the body. */
  timeoutMs?: number;
  /** Body bytes; the download is aborted as soon as one more arrives. */
  maxBytes?: number;
  maxRedirects?: number;
  /** CALENDAR_FETCH_ALLOW_PRIVATE: also fetch from loopback, private and link-local addresses. */
  allowPrivateAddresses?: boolean;
  /** Exact addresses allowed though not public (one on-premise calendar server, a test server). */
  allowedAddresses?: readonly string[];
  resolve?: HostResolver;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const SNIFF_BYTES = 64;

const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Fetches ICS feeds over HTTP(S) for users, so it refuses to be pointed inward: every host name is
 * resolved here and each answer must be a public address (address-policy.ts) — IP literals in any
 * spelling the URL parser accepts (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`) and `localhost`
 * included. The vetted answer is the one the socket connects to (a custom `lookup`), so there is no
 * window for DNS rebinding; each of at most 3 redirects is vetted again. One deadline covers the whole
 * fetch, the body is streamed under a byte cap, and a body that does not start like a calendar is
 * dropped after its first bytes. Every failure is the same AppError sentence; the real reason is only
 * `details.reason`, and neither the address nor the body ever appears in an error.
 *
 * @example
 * const fetcher = httpCalendarFetcher({ allowPrivateAddresses: config.CALENDAR_FETCH_ALLOW_PRIVATE === 'true' });
 * const icsText = await fetcher.fetchIcs('https://calendar.example.com/private-abc/basic.ics');
 */
export function httpCalendarFetcher(options: HttpCalendarFetcherOptions = {}): CalendarFetcher {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? CALENDAR_BOUNDS.feedBytes;
  const maxRedirects = options.maxRedirects ?? 3;
  const resolve = options.resolve ?? systemResolver;
  const allowed = new Set(options.allowedAddresses ?? []);
  const isAllowed = (address: string) =>
    options.allowPrivateAddresses === true || allowed.has(address) || isPublicAddress(address);

  const vettedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (answers) => {
        if (!answers.length)
          return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '');
        if (!answers.every((answer) => isAllowed(answer.address))) {
          return callback(calendarUnreachable('refused_address'), '');
        }
        if (lookupOptions.all) return callback(null, answers);
        return callback(null, answers[0]!.address, answers[0]!.family);
      },
      (error: Error) => callback(error, ''),
    );
  };

  const send = (target: URL, signal: AbortSignal): Promise<IncomingMessage> => {
    const hostname = target.hostname.replace(/^\[|\]$/g, '');
    // Node connects to an IP literal without calling `lookup`: vet it here.
    if (isIP(hostname) ? !isAllowed(hostname) : isLocalName(hostname) && !options.allowPrivateAddresses) {
      return Promise.reject(calendarUnreachable('refused_address'));
    }
    const request = (target.protocol === 'https:' ? https : http).request({
      protocol: target.protocol,
      hostname,
      port: target.port || undefined,
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      agent: false,
      lookup: vettedLookup,
      signal,
      headers: {
        accept: 'text/calendar, */*;q=0.5',
        'accept-encoding': 'identity',
        'user-agent': 'SessionAlign/0.1 (calendar sync)',
      },
      ...(target.username
        ? { auth: `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` }
        : {}),
    });
    return new Promise((resolveResponse, reject) => {
      request.once('response', resolveResponse);
      request.once('error', reject);
      request.end();
    });
  };

  const readBody = async (response: IncomingMessage): Promise<string> => {
    if (Number(response.headers['content-length'] ?? 0) > maxBytes) throw calendarUnreachable('too_large');
    const chunks: Buffer[] = [];
    let size = 0;
    let isSniffed = false;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw calendarUnreachable('too_large');
      chunks.push(chunk);
      if (!isSniffed && size >= SNIFF_BYTES) {
        if (!looksLikeCalendar(Buffer.concat(chunks))) throw calendarUnreachable('not_ics');
        isSniffed = true;
      }
    }
    const body = Buffer.concat(chunks);
    if (!looksLikeCalendar(body)) throw calendarUnreachable('not_ics');
    return new TextDecoder().decode(body);
  };

  return {
    async fetchIcs(url) {
      const controller = new AbortController();
      const deadline = setTimeout(() => controller.abort(), timeoutMs);
      let response: IncomingMessage | undefined;
      try {
        let target = new URL(url);
        if (!isHttp(target)) throw calendarUnreachable('bad_redirect');
        for (let redirects = 0; ; redirects++) {
          response = await send(target, controller.signal);
          const status = response.statusCode ?? 0;
          const location = response.headers.location;
          if (!REDIRECTS.has(status) || !location) {
            if (status < 200 || status > 299) throw calendarUnreachable('bad_status');
            return await readBody(response);
          }
          response.destroy();
          if (redirects === maxRedirects) throw calendarUnreachable('too_many_redirects');
          target = nextHop(target, location);
        }
      } catch (error) {
        throw failureOf(error, controller.signal.aborted);
      } finally {
        clearTimeout(deadline);
        response?.destroy();
      }
    },
  };
}

function isHttp(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'http:';
}

/** RFC 6761: `localhost` and `*.localhost` are this machine whatever DNS says. */
function isLocalName(hostname: string): boolean {
  return /(^|\.)localhost\.?$/i.test(hostname);
}

/** Where a redirect points; only http(s), and never from https down to http. */
function nextHop(current: URL, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    throw calendarUnreachable('bad_redirect');
  }
  if (!isHttp(next) || (current.protocol === 'https:' && next.protocol === 'http:')) {
    throw calendarUnreachable('bad_redirect');
  }
  return next;
}

function looksLikeCalendar(head: Buffer): boolean {
  const text = head
    .subarray(0, SNIFF_BYTES)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.toUpperCase().startsWith('BEGIN:VCALENDAR');
}

/** Any failure as the one calendar error; nothing of the original message (addresses, ports) survives. */
function failureOf(error: unknown, isTimedOut: boolean) {
  if (isTimedOut) return calendarUnreachable('timeout');
  if (isAppError(error)) return error;
  const code = (error as { code?: string }).code;
  const reason: CalendarFailureReason =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA' ? 'dns_failed' : 'connect_failed';
  return calendarUnreachable(reason);
}
