import { timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { z } from 'zod';
import { isAlive } from './data-dir-lock.ts';
import type { AppVariables } from './http-app.ts';

/**
 * The embedded database belongs to one process. While `npm start` runs, other `session-align`
 * commands on the same DATA_DIR hand their work to the server through this loopback endpoint
 * (token in a 0600 file only this user can read) instead of opening the database a second time.
 */
export interface LocalControl {
  url: string;
  token: string;
  pid: number;
}

const controlPath = (dataDir: string) => join(resolve(dataDir), 'control.json');

export function publishLocalControl(
  dataDir: string,
  url: string,
  token: string,
): LocalControl & { remove(): void } {
  const control = { url, token, pid: process.pid };
  mkdirSync(resolve(dataDir), { recursive: true });
  writeFileSync(controlPath(dataDir), JSON.stringify(control), { mode: 0o600 });
  return {
    ...control,
    remove: () => {
      const current = readControl(dataDir);
      if (current?.pid === process.pid) rmSync(controlPath(dataDir), { force: true });
    },
  };
}

function readControl(dataDir: string): LocalControl | undefined {
  const path = controlPath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalControl;
  } catch {
    return undefined;
  }
}

/** The running server for this data directory, if there is one (a stale file from a crash is ignored). */
export function findLocalServer(dataDir: string): LocalControl | undefined {
  const control = readControl(dataDir);
  return control && control.pid !== process.pid && isAlive(control.pid) ? control : undefined;
}

const requestSchema = z.object({ argv: z.array(z.string()).max(64), stdin: z.string().max(20_000_000) });

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function mountLocalControl(
  app: Hono<{ Variables: AppVariables }>,
  token: string,
  run: (argv: string[], stdin: string) => Promise<CliResult>,
): void {
  const expected = Buffer.from(`Bearer ${token}`);
  app.post('/_local/cli', async (c) => {
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return c.json({ error: 'forbidden' }, 403);
    const parsed = requestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'expected {argv: string[], stdin: string}' }, 400);
    return c.json(await run(parsed.data.argv, parsed.data.stdin));
  });
}

/** Runs a CLI line on the local server; undefined when the server did not answer (then run locally). */
export async function forwardToLocalServer(
  control: LocalControl,
  argv: string[],
  stdin: string,
): Promise<CliResult | undefined> {
  try {
    const response = await fetch(`${control.url}/_local/cli`, {
      method: 'POST',
      headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv, stdin }),
    });
    return response.ok ? ((await response.json()) as CliResult) : undefined;
  } catch {
    return undefined;
  }
}
