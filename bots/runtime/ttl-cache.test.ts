import { describe, expect, it } from 'vitest';
import { ttlCache } from './ttl-cache.ts';

describe('ttlCache', () => {
  it('asks once within the ttl, again after it, and never keeps a miss or a failure', async () => {
    let now = 0;
    const cache = ttlCache<string>({ ttlMs: 1000, maxEntries: 10, staleMs: 0, nowMs: () => now });
    let asked = 0;
    const load = async () => `value ${++asked}`;
    expect(await cache.get('a', load)).toBe('value 1');
    now = 999;
    expect(await cache.get('a', load)).toBe('value 1');
    now = 1000;
    expect(await cache.get('a', load)).toBe('value 2');

    expect(await cache.get('missing', async () => undefined)).toBeUndefined();
    expect(await cache.get('missing', async () => 'created since')).toBe('created since');
    await expect(cache.get('broken', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('broken', async () => 'back')).toBe('back');
  });

  it('shares one look-up between concurrent callers and drops the oldest key past maxEntries', async () => {
    const cache = ttlCache<number>({ ttlMs: 60_000, maxEntries: 2 });
    let asked = 0;
    const load = async () => ++asked;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    await cache.get('b', load);
    await cache.get('c', load);
    expect(await cache.get('a', load)).toBe(4);
    cache.delete('a');
    expect(await cache.get('a', load)).toBe(5);
  });

  it('after the ttl, answers at once with the stale value while one refresh runs, then with the new one', async () => {
    let now = 0;
    const cache = ttlCache<string>({ ttlMs: 1000, staleMs: 5000, maxEntries: 10, nowMs: () => now });
    let finish: (value: string | undefined) => void = () => {};
    let asked = 0;
    const slow = () => {
      asked += 1;
      return new Promise<string | undefined>((resolve) => {
        finish = resolve;
      });
    };
    expect(await cache.get('a', async () => 'old')).toBe('old');
    now = 1500;
    // The database is busy: callers are not held up by the refresh, and only one refresh is asked.
    expect(await Promise.all([cache.get('a', slow), cache.get('a', slow)])).toEqual(['old', 'old']);
    expect(asked).toBe(1);
    finish('new');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('a', slow)).toBe('new');
    expect(asked).toBe(1);

    // A refresh that finds nothing (uninstalled) drops the entry; a failed one keeps it for a retry.
    now = 3000;
    expect(await cache.get('a', slow)).toBe('new');
    finish(undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('a', async () => undefined)).toBeUndefined();
    expect(await cache.get('b', async () => 'kept')).toBe('kept');
    now = 4500;
    expect(await cache.get('b', () => Promise.reject(new Error('down')))).toBe('kept');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('b', async () => 'again')).toBe('kept');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('b', async () => 'unused')).toBe('again');
    // Past ttl + staleMs the caller waits for a fresh look-up.
    now = 20_000;
    expect(await cache.get('b', async () => 'fresh')).toBe('fresh');
  });
});
