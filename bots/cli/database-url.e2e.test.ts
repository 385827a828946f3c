import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/session-align.js');

/** A port nothing listens on: bound, read, released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('DATABASE_URL pointing at a closed port', { timeout: 300_000 }, () => {
  it.each([['migrate'], ['serve']])('`%s` exits 1 with one line naming the variable', async (command) => {
    const port = await closedPort();
    const result = spawnSync(process.execPath, [BIN, command], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: `postgres://postgres:s3cret-pass@127.0.0.1:${port}/sa`,
        LOG_LEVEL: 'silent',
        PORT: String(port),
      },
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `DATABASE_URL: could not connect to 127.0.0.1:${port}: connection refused (is PostgreSQL running there?)`,
    ]);
    expect(result.stderr).not.toContain('s3cret-pass');
    expect(result.stdout).toBe('');
  });
});
