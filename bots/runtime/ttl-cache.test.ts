import { describe, expect, it } from 'vitest';
import { ttlCache } from './ttl-cache.ts';

describe('ttlCache', () => {
  it('asks once within the ttl, again after it, and never keeps a miss or a failure', async () => {
    let now = 0;
    const cache = ttlCache<string>({ ttlMs: 1000, maxEntries: 10, nowMs: () => now });
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
});
