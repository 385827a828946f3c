import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The CLI entry point, run as a real process by end-to-end tests. */
export const CLI_BIN = join(import.meta.dirname, '../../bin/session-align.js');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves once stderr (or stdout) has matched `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
}

/** `session-align ARGS` as a child process, without blocking the event loop (a server child keeps being served). */
export function spawnCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { stdin?: string; cwd?: string } = {},
): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters])
      if (waiter.pattern.test(stderr) || waiter.pattern.test(stdout)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
  };
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
    check();
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
    check();
  });
  child.stdin!.end(options.stdin ?? '');
  // 'close', not 'exit': by then stdout and stderr are read to the end, however busy the machine.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ pattern, resolve });
        check();
        void exited.then(() => {
          if (waiters.some((waiter) => waiter.pattern === pattern))
            reject(new Error(`exited before printing ${pattern}:\n${stdout}\n${stderr}`));
        });
      }),
  };
}

/** Polls /healthz (every `pollMs`) until it answers 200; returns how long that took. */
export async function waitForHealth(port: number, timeoutMs: number, pollMs = 200): Promise<number> {
  return waitFor200(port, '/healthz', timeoutMs, pollMs);
}

/** As `waitForHealth`, until /readyz answers 200: the background warm-up (seed, statistics, match index) is done. */
export async function waitForReady(port: number, timeoutMs: number, pollMs = 200): Promise<number> {
  return waitFor200(port, '/readyz', timeoutMs, pollMs);
}

async function waitFor200(port: number, path: string, timeoutMs: number, pollMs: number): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < timeoutMs) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      if (response.status === 200) return Date.now() - startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`no 200 from ${path} on port ${port} within ${timeoutMs} ms`);
}
