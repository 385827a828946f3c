import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CLI_BIN, freePort, waitForHealth } from '../../test/support/cli-processes.ts';

const POSTGRES_URL = process.env.LOAD_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GIVE_UP_MS = 240_000;
/** Access-log lines kept per server (the bench sends at most 100,000 requests a run). */
const MAX_LOGGED_ACKS = 250_000;

export interface ServerUnderLoad {
  url: string;
  /** Each serve process's pid, for `ps` while it runs. */
  pids: number[];
  /**
   * The server's own time on each `POST /slack/events` logged since `sinceMs` (from its access log,
   * Date.now() when the line arrived), sorted: what the ack cost the server, without the time the
   * load client took to send it on the cores they share.
   */
  slackAckMs(sinceMs: number): number[];
  stop(): Promise<void>;
}

/**
 * `session-align serve` as a child process on a free port: the demo tenant seeded, Slack on with
 * SLACK_API_URL at the stand-in, and either a fresh PGlite data dir or a fresh PostgreSQL database
 * (created on LOAD_POSTGRES_URL's server, dropped by `stop`). `env` adds settings (the baseline's).
 */
export async function startServerUnderLoad(input: {
  database: 'pglite' | 'postgres';
  slackApiUrl: string;
  signingSecret: string;
  env?: Record<string, string>;
  /** `bin/session-align.js` of the checkout to run (another checkout: the code before a change). */
  bin?: string;
}): Promise<ServerUnderLoad> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sa-load-'));
  const dbName = `sa_load_${process.pid}_${randomBytes(3).toString('hex')}`;
  let databaseUrl: string | undefined;
  if (input.database === 'postgres') {
    await adminQuery(`create database ${dbName}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const port = await freePort();
  let stderr = '';
  // e.g. LOAD_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
  const nodeArgs = (process.env.LOAD_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, input.bin ?? CLI_BIN, 'serve'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      SLACK_SIGNING_SECRET: input.signingSecret,
      SLACK_BOT_TOKEN: 'xoxb-load-bench',
      SLACK_API_URL: input.slackApiUrl,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...input.env,
    },
    // The access log is written as in production; only the Slack requests' durations are kept.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks: { atMs: number; durationMs: number }[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + String(chunk)).split('\n');
    partial = lines.pop()!.slice(-10_000);
    for (const line of lines) {
      if (!line.includes('"/slack/events"') || acks.length >= MAX_LOGGED_ACKS) continue;
      const durationMs = loggedDuration(line);
      if (durationMs !== undefined) acks.push({ atMs: Date.now(), durationMs });
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const cleanUp = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await adminQuery(`drop database if exists ${dbName} with (force)`);
  };
  try {
    await Promise.race([
      waitForHealth(port, GIVE_UP_MS, 100),
      exited.then(() => Promise.reject(new Error(`serve exited before it was healthy:\n${stderr}`))),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await cleanUp();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pids: child.pid ? [child.pid] : [],
    slackAckMs: (sinceMs) =>
      acks
        .filter((ack) => ack.atMs >= sinceMs)
        .map((ack) => ack.durationMs)
        .sort((a, b) => a - b),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await cleanUp();
    },
  };
}

function loggedDuration(line: string): number | undefined {
  try {
    const { durationMs } = JSON.parse(line) as { durationMs?: unknown };
    return typeof durationMs === 'number' ? durationMs : undefined;
  } catch {
    return undefined;
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
