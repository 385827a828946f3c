import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_UNREACHABLE_MESSAGE } from '../core/availability/calendar-failures.ts';
import { type HostResolver, httpCalendarFetcher } from './http-calendar-fetcher.ts';
import {
  type HostileCalendarServer,
  hostileCalendarServer,
  SMALL_FEED,
} from './testing/hostile-calendar-server.ts';

let server: HostileCalendarServer;
/** A second server on another loopback address: the private place redirects try to reach. */
let inside: HostileCalendarServer;
let port: string;

beforeAll(async () => {
  server = await hostileCalendarServer('127.0.0.1');
  inside = await hostileCalendarServer('127.0.0.2');
  port = new URL(server.origin).port;
});
afterAll(async () => {
  await server.close();
  await inside.close();
});

const refusal = (reason: string) => ({
  name: 'AppError',
  code: 'availability.calendar_unreachable',
  message: CALENDAR_UNREACHABLE_MESSAGE,
  details: { reason },
});
/** DNS that answers from a table; every other name does not exist. */
const dns =
  (table: Record<string, string[]>, calls: string[] = []): HostResolver =>
  async (hostname) => {
    calls.push(hostname);
    const answers = table[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('httpCalendarFetcher refuses to be pointed inward (CALENDAR_FETCH_ALLOW_PRIVATE unset)', () => {
  const fetcher = httpCalendarFetcher({ timeoutMs: 5_000 });

  it('refuses loopback in every spelling, and every private, link-local, CGNAT and multicast address', async () => {
    const hosts = [
      '127.0.0.1',
      'localhost',
      'LOCALHOST.',
      'app.localhost',
      '2130706433',
      '0x7f.1',
      '0177.0.0.1',
      '127.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '0.0.0.0',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.0.1',
      '100.64.0.1',
      '169.254.169.254',
      '169.254.10.10',
      '[fc00::1]',
      '[fd00:ec2::254]',
      '[fe80::1]',
      '224.0.0.1',
      '[ff02::1]',
    ];
    for (const host of hosts) {
      await expect(fetcher.fetchIcs(`http://${host}:${port}/feed/small`), host).rejects.toMatchObject(
        refusal('refused_address'),
      );
    }
    expect(server.requests).toEqual([]);
  });

  it('refuses a public-looking name whose DNS answer is private, before connecting', async () => {
    const calls: string[] = [];
    const resolving = httpCalendarFetcher({
      resolve: dns(
        {
          'calendar.example.com': ['127.0.0.1'],
          'intranet.example.com': ['10.0.0.5'],
          'mixed.example.com': ['93.184.216.34', '192.168.1.10'],
          'metadata.example.com': ['169.254.169.254'],
          'v6.example.com': ['fd12::1'],
        },
        calls,
      ),
    });
    for (const host of ['calendar', 'intranet', 'mixed', 'metadata', 'v6']) {
      await expect(resolving.fetchIcs(`http://${host}.example.com:${port}/feed/small`)).rejects.toMatchObject(
        refusal('refused_address'),
      );
    }
    expect(calls).toHaveLength(5);
    expect(server.requests).toEqual([]);
  });

  it('vets every redirect: an allowed host cannot send the fetch to a private one', async () => {
    // The first hop is allowed by exact address (as an on-premise server would be); 127.0.0.2 is not.
    const fetcher = httpCalendarFetcher({
      allowedAddresses: ['127.0.0.1'],
      resolve: dns({ 'inside.example.com': ['127.0.0.2'] }),
    });
    const insidePort = new URL(inside.origin).port;
    for (const target of [
      `${inside.origin}/feed/small`,
      `http://inside.example.com:${insidePort}/feed/small`,
      `http://[::ffff:127.0.0.2]:${insidePort}/feed/small`,
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      await expect(
        fetcher.fetchIcs(`${server.origin}/to?${encodeURIComponent(target)}`),
      ).rejects.toMatchObject(refusal('refused_address'));
    }
    expect(inside.requests).toEqual([]);
    // The same redirect is followed when its target is allowed too: the refusal above is the policy's.
    const both = httpCalendarFetcher({ allowedAddresses: ['127.0.0.1', '127.0.0.2'] });
    expect(
      await both.fetchIcs(`${server.origin}/to?${encodeURIComponent(`${inside.origin}/feed/small`)}`),
    ).toBe(SMALL_FEED);
    expect(inside.requests).toEqual(['/feed/small']);
    inside.requests.length = 0;
    server.requests.length = 0;
  });

  it('connects to the address it vetted: one DNS answer per connection, no rebinding window', async () => {
    const calls: string[] = [];
    let answer = '127.0.0.1';
    const rebinding: HostResolver = async (hostname) => {
      calls.push(hostname);
      const address = answer;
      answer = '127.0.0.2'; // every later answer points inside
      return [{ address, family: 4 }];
    };
    const fetcher = httpCalendarFetcher({ allowedAddresses: ['127.0.0.1'], resolve: rebinding });
    expect(await fetcher.fetchIcs(`http://rebind.example.com:${port}/feed/small`)).toBe(SMALL_FEED);
    expect(calls).toEqual(['rebind.example.com']);
    expect(inside.requests).toEqual([]);
    // A second fetch asks DNS again, gets the inside address, and is refused.
    await expect(fetcher.fetchIcs(`http://rebind.example.com:${port}/feed/small`)).rejects.toMatchObject(
      refusal('refused_address'),
    );
    expect(inside.requests).toEqual([]);
    server.requests.length = 0;
  });
});

describe('httpCalendarFetcher bounds (CALENDAR_FETCH_ALLOW_PRIVATE=true)', () => {
  const fetcher = httpCalendarFetcher({ allowPrivateAddresses: true, timeoutMs: 1_500 });

  it('reads a feed, following up to 3 redirects', async () => {
    expect(await fetcher.fetchIcs(`${server.origin}/feed/small`)).toBe(SMALL_FEED);
    expect(await fetcher.fetchIcs(`${server.origin}/hops/3`)).toBe(SMALL_FEED);
    expect(await fetcher.fetchIcs(`http://localhost:${port}/feed/small`)).toBe(SMALL_FEED);
  });

  it('stops at the 4th redirect', async () => {
    server.requests.length = 0;
    await expect(fetcher.fetchIcs(`${server.origin}/loop/0`)).rejects.toMatchObject(
      refusal('too_many_redirects'),
    );
    expect(server.requests).toEqual(['/loop/0', '/loop/1', '/loop/2', '/loop/3']);
  });

  it('aborts an endless body at the byte cap instead of reading it whole', async () => {
    await expect(fetcher.fetchIcs(`${server.origin}/huge`)).rejects.toMatchObject({
      code: 'availability.calendar_too_big',
      message: `${CALENDAR_UNREACHABLE_MESSAGE} That calendar is too large to import: more than 2 MB.`,
      details: { reason: 'too_large' },
    });
    await expect.poll(() => server.wasCutOff()).toBe(true);
    await expect(fetcher.fetchIcs(`${server.origin}/lying`)).rejects.toMatchObject({
      details: { reason: 'too_large' },
    });
  });

  it('gives up on a slow body or silent server when the one deadline passes', async () => {
    await expect(fetcher.fetchIcs(`${server.origin}/slow`)).rejects.toMatchObject(refusal('timeout'));
    await expect(fetcher.fetchIcs(`${server.origin}/silent`)).rejects.toMatchObject(refusal('timeout'));
  });

  it('says the same sentence for a web page, an error status, a closed port, a bad redirect and no DNS', async () => {
    const failures = [
      [`${server.origin}/html`, 'not_ics'],
      [`${server.origin}/status/500`, 'bad_status'],
      [`${server.origin}/status/404`, 'bad_status'],
      ['http://127.0.0.1:1/feed/small', 'connect_failed'],
      [`${server.origin}/to?${encodeURIComponent('file:///etc/passwd')}`, 'bad_redirect'],
      [`http://no-such-host.invalid:${port}/feed/small`, 'dns_failed'],
    ] as const;
    for (const [url, reason] of failures) {
      const error = await fetcher.fetchIcs(url).catch((failure: unknown) => failure);
      expect(error, url).toMatchObject(refusal(reason));
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toMatch(
        /secret-token|internal detail|127\.0\.0\.1|feed\/small|passwd/,
      );
    }
  });
});
