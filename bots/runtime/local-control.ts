import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { isAlive } from './data-dir-lock.ts';

/**
 * The embedded database belongs to one process. While `npm start` runs, other `session-align`
 * commands on the same DATA_DIR hand their work to the server through its loopback control listener
 * (see local-control.server.ts; URL and token in a 0600 file only this user can read) instead of
 * opening the database a second time.
 */
export interface LocalControl {
  url: string;
  token: string;
  pid: number;
}

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Bounds of one forwarded line, checked by the client before it sends and by the server as it reads. */
export const FORWARD_LIMITS = {
  maxStdinChars: 20_000_000,
  maxHeaderBytes: 64 * 1024 * 1024,
  maxFileBytes: 64 * 1024 * 1024,
  maxFiles: 4,
} as const;

const controlPath = (dataDir: string) => join(resolve(dataDir), 'control.json');

export function publishLocalControl(
  dataDir: string,
  url: string,
  token: string,
): LocalControl & { remove(): void } {
  const control = { url, token, pid: process.pid };
  mkdirSync(resolve(dataDir), { recursive: true });
  rmSync(controlPath(dataDir), { force: true });
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

/** A file the client reads and sends in place of argument `argIndex` of the line. */
export interface ForwardedFile {
  argIndex: number;
  path: string;
  bytes: number;
}

/**
 * How a forward ended. `unavailable`: no server took the line (nothing sent; run it here instead).
 * `lost`: the connection failed after the line was sent — the server may have done part of the work,
 * so it must not be re-run behind the user's back.
 */
export type ForwardOutcome =
  | { kind: 'result'; result: CliResult }
  | { kind: 'unavailable' }
  | { kind: 'lost'; hasStarted: boolean };

/**
 * Sends a CLI line (and the files it reads) to the local server and streams its progress back.
 * There is no client-side timeout: a long import runs as long as it needs while progress arrives.
 */
export async function forwardLine(
  control: LocalControl,
  line: { argv: string[]; stdin: string; files?: readonly ForwardedFile[] },
  onProgress: (progress: unknown) => void = () => {},
): Promise<ForwardOutcome> {
  const files = line.files ?? [];
  const header = `${JSON.stringify({
    argv: line.argv,
    stdin: line.stdin,
    files: files.map((file) => ({ argIndex: file.argIndex, name: basename(file.path), bytes: file.bytes })),
  })}\n`;
  return new Promise<ForwardOutcome>((settle) => {
    let isConnected = false;
    let hasStarted = false;
    let isSettled = false;
    const done = (outcome: ForwardOutcome) => {
      if (isSettled) return;
      isSettled = true;
      settle(outcome);
    };
    const request = httpRequest(`${control.url}/_local/cli`, {
      method: 'POST',
      // A fresh connection, so "connected" below means this request reached the server.
      agent: false,
      headers: {
        authorization: `Bearer ${control.token}`,
        'content-type': 'application/x-session-align-line',
      },
    });
    request.once('socket', (socket) =>
      socket.once('connect', () => {
        isConnected = true;
      }),
    );
    request.once('error', () => done(isConnected ? { kind: 'lost', hasStarted } : { kind: 'unavailable' }));
    request.once('response', (response: IncomingMessage) => {
      if (response.statusCode === 403 || response.statusCode === 404) {
        response.resume();
        return done({ kind: 'unavailable' });
      }
      if (response.statusCode !== 200) {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < 10_000) text += chunk;
        });
        response.once('end', () => {
          const error = (() => {
            try {
              return String((JSON.parse(text) as { error?: unknown }).error ?? text);
            } catch {
              return text;
            }
          })();
          done({
            kind: 'result',
            result: { stdout: '', stderr: `The server refused the line: ${error}\n`, exitCode: 2 },
          });
        });
        return;
      }
      hasStarted = true;
      const lines = createInterface({ input: response, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on('line', (text) => {
        let message: { progress?: unknown; result?: CliResult };
        try {
          message = JSON.parse(text) as typeof message;
        } catch {
          return;
        }
        if (message.result) done({ kind: 'result', result: message.result });
        else if (message.progress !== undefined) onProgress(message.progress);
      });
      // readline re-emits the response's error (the server died): both mean the line was lost.
      lines.once('error', () => done({ kind: 'lost', hasStarted }));
      lines.once('close', () => done({ kind: 'lost', hasStarted }));
    });
    void (async () => {
      try {
        if (!request.write(header)) await new Promise((drained) => request.once('drain', drained));
        for (const file of files) {
          for await (const chunk of createReadStream(file.path, {
            end: file.bytes - 1,
            highWaterMark: 64 * 1024,
          })) {
            if (!request.write(chunk)) await new Promise((drained) => request.once('drain', drained));
          }
        }
        request.end();
      } catch {
        request.destroy();
      }
    })();
  });
}

/**
 * Runs a CLI line on the local server; undefined when no server took it (then run it locally). A
 * connection lost mid-way is reported as a failed result, never as "run it locally".
 */
export async function forwardToLocalServer(
  control: LocalControl,
  argv: string[],
  stdin: string,
): Promise<CliResult | undefined> {
  const outcome = await forwardLine(control, { argv, stdin });
  if (outcome.kind === 'unavailable') return undefined;
  if (outcome.kind === 'result') return outcome.result;
  return {
    stdout: '',
    stderr: `The server (process ${control.pid}) stopped before "${argv[0]}" finished; check it, then re-run the command.\n`,
    exitCode: 1,
  };
}
