import { Socket } from 'node:net';

/** Under REQUIRE_SERVICES=1 (CI) a missing server fails the run instead of skipping tests. */
export const isServiceRequired = process.env.REQUIRE_SERVICES === '1';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function canConnect(url: string, timeoutMs = 1_500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (isUp: boolean) => {
      socket.destroy();
      resolve(isUp);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), hostname, () => done(true));
  });
}

/**
 * Whether a service is reachable. When it is not: fails under REQUIRE_SERVICES=1, otherwise returns
 * false so the caller can `describe.skipIf(!up)` with the reason printed.
 */
export async function serviceAvailable(name: 'postgres' | 'redis'): Promise<boolean> {
  const url = name === 'postgres' ? POSTGRES_URL : REDIS_URL;
  const isUp = await canConnect(url);
  if (!isUp && isServiceRequired) {
    throw new Error(`${name} at ${url} is required (REQUIRE_SERVICES=1) but not reachable`);
  }
  if (!isUp) console.warn(`[skip] ${name} at ${url} is not reachable: its tests are skipped`);
  return isUp;
}

/** Deletes every Redis key under a test's prefix. */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
