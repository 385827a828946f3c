import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CLI_BIN, freePort, waitForReady } from '../../test/support/cli-processes.ts';

const POSTGRES_URL = process.env.LOAD_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GIVE_UP_MS = 240_000;
/** A command run beside the servers (`cli`) is killed after this. */
const CLI_GIVE_UP_MS = 120_000;
/** Access-log lines kept per server (the bench sends at most 100,000 requests a run). */
const MAX_LOGGED_ACKS = 250_000;

export interface ServerUnderLoad {
  /** Each serve process's base URL (one, or several on one PostgreSQL database). */
  urls: string[];
  /** Each serve process's pid, for `ps` while it runs. */
  pids: number[];
  /**
   * The servers' own time on each `POST /slack/events` logged since `sinceMs` (from their access logs,
   * Date.now() when the line arrived), sorted: what the ack cost the server, without the time the
   * load client took to send it on the cores they share.
   */
  slackAckMs(sinceMs: number): number[];
  /**
   * A `session-align` command on the servers' database (handed to the first server through its local
   * control on PGlite, as a user's own commands would be), with `stdin`; resolves with its stdout.
   */
  cli(args: readonly string[], stdin?: string): Promise<string>;
  stop(): Promise<void>;
}

interface ServeProcess {
  url: string;
  /** The environment it was started with (its data dir, its database). */
  env: Record<string, string>;
  pid: number | undefined;
  acks: { atMs: number; durationMs: number }[];
  stop(): Promise<void>;
}

/**
 * `session-align serve` as child processes on free ports: the demo tenant seeded, Slack on with
 * SLACK_API_URL at the stand-in, and either a fresh PGlite data dir or a fresh PostgreSQL database
 * (created on LOAD_POSTGRES_URL's server, dropped by `stop`). `processes` > 1 (PostgreSQL only: a
 * PGlite data dir belongs to one process) starts them one after another on that one database, the
 * first migrating and seeding it, as replicas behind a load balancer. `env` adds settings.
 */
export async function startServerUnderLoad(input: {
  database: 'pglite' | 'postgres';
  slackApiUrl: string;
  signingSecret: string;
  env?: Record<string, string>;
  /** `bin/session-align.js` of the checkout to run (another checkout: the code before a change). */
  bin?: string;
  processes?: number;
}): Promise<ServerUnderLoad> {
  const processes = input.processes ?? 1;
  if (processes > 1 && input.database !== 'postgres')
    throw new Error('processes: several serve processes need PostgreSQL (a PGlite data dir has one owner)');
  const dbName = `sa_load_${process.pid}_${randomBytes(3).toString('hex')}`;
  let databaseUrl: string | undefined;
  if (input.database === 'postgres') {
    await adminQuery(`create database ${dbName}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  // One key for every replica, so what one seals the others can open.
  const encryptionKey = randomBytes(32).toString('base64');
  const started: ServeProcess[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((serve) => serve.stop()));
    if (databaseUrl) await adminQuery(`drop database if exists ${dbName} with (force)`);
  };
  try {
    for (let n = 0; n < processes; n += 1) {
      started.push(
        await startServe(input, {
          ENCRYPTION_KEY: encryptionKey,
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        }),
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    urls: started.map((serve) => serve.url),
    pids: started.flatMap((serve) => (serve.pid ? [serve.pid] : [])),
    slackAckMs: (sinceMs) =>
      started
        .flatMap((serve) => serve.acks)
        .filter((ack) => ack.atMs >= sinceMs)
        .map((ack) => ack.durationMs)
        .sort((a, b) => a - b),
    cli: (args, stdin) => runCli(input.bin ?? CLI_BIN, started[0]!.env, args, stdin),
    stop: stopAll,
  };
}

async function runCli(
  bin: string,
  env: Record<string, string>,
  args: readonly string[],
  stdin = '',
): Promise<string> {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  child.stdin.end(stdin);
  const timer = setTimeout(() => child.kill('SIGKILL'), CLI_GIVE_UP_MS);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`session-align ${args.join(' ')} exited ${code}:\n${stderr}`);
  return stdout;
}

async function startServe(
  input: { slackApiUrl: string; signingSecret: string; env?: Record<string, string>; bin?: string },
  shared: Record<string, string>,
): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sa-load-'));
  const port = await freePort();
  let stderr = '';
  // e.g. LOAD_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
  const nodeArgs = (process.env.LOAD_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    SLACK_SIGNING_SECRET: input.signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-load-bench',
    SLACK_API_URL: input.slackApiUrl,
    ...shared,
    ...input.env,
  };
  const child = spawn(process.execPath, [...nodeArgs, input.bin ?? CLI_BIN, 'serve'], {
    env,
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
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitForReady(port, GIVE_UP_MS, 100),
      exited.then(() => Promise.reject(new Error(`serve exited before it was healthy:\n${stderr}`))),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, env, pid: child.pid, acks, stop };
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
