/**
 * The server side of local control: a second HTTP listener on 127.0.0.1 only (an ephemeral port, published
 * with its token in DATA_DIR/control.json, 0600), never on the public interface. A forwarded line arrives
 * as one JSON header line followed by the bytes of the files it reads, which the client read with its own
 * permissions: the server spools them into a private directory and opens no path the caller named. The
 * answer streams back as NDJSON: `{"progress":…}` lines while the command runs, then one `{"result":…}`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { closeHttpServer } from './close-http-server.ts';
import { type CliResult, FORWARD_LIMITS, publishLocalControl } from './local-control.ts';
import type { Logger } from './logger.ts';

export interface ForwardedRequest {
  argv: string[];
  stdin: string;
  /** The uploaded files: which argument each replaces, and where the server spooled it. */
  files: { argIndex: number; path: string }[];
}

export interface ForwardedContext {
  onProgress(progress: unknown): void;
  /** Aborted when the server shuts down or the client goes away. */
  signal: AbortSignal;
}

export type RunForwarded = (request: ForwardedRequest, context: ForwardedContext) => Promise<CliResult>;

const headerSchema = z.object({
  argv: z.array(z.string().max(4_096)).min(1).max(64),
  stdin: z.string().max(FORWARD_LIMITS.maxStdinChars),
  files: z
    .array(
      z.object({
        argIndex: z.number().int().min(1).max(63),
        // A bare file name (kept so commands that label by file name see the caller's name).
        name: z.string().regex(/^(?!\.{1,2}$)[^/\\\0]{1,255}$/),
        bytes: z.number().int().min(0).max(FORWARD_LIMITS.maxFileBytes),
      }),
    )
    .max(FORWARD_LIMITS.maxFiles),
});

class BadUpload extends Error {}

/** Reads the header line, then spools each file's bytes; throws BadUpload on a malformed or short body. */
async function receive(body: ReadableStream<Uint8Array> | null, dir: string): Promise<ForwardedRequest> {
  if (!body) throw new BadUpload('expected a request body');
  const reader = body.getReader();
  let pending: Buffer = Buffer.alloc(0);
  const next = async (): Promise<Buffer | undefined> => {
    if (pending.length > 0) {
      const out = pending;
      pending = Buffer.alloc(0);
      return out;
    }
    const { value, done } = await reader.read();
    return done ? undefined : Buffer.from(value);
  };
  const headerChunks: Buffer[] = [];
  let headerBytes = 0;
  for (;;) {
    const chunk = await next();
    if (!chunk) throw new BadUpload('the request ended inside its header line');
    const newline = chunk.indexOf(0x0a);
    headerChunks.push(newline === -1 ? chunk : chunk.subarray(0, newline));
    headerBytes += newline === -1 ? chunk.length : newline;
    if (headerBytes > FORWARD_LIMITS.maxHeaderBytes)
      throw new BadUpload(`the header line is over ${FORWARD_LIMITS.maxHeaderBytes} bytes`);
    if (newline !== -1) {
      pending = chunk.subarray(newline + 1);
      break;
    }
  }
  let header: z.infer<typeof headerSchema>;
  try {
    header = headerSchema.parse(JSON.parse(Buffer.concat(headerChunks).toString('utf8')));
  } catch {
    throw new BadUpload(
      'expected a JSON header {argv: string[], stdin: string, files: [{argIndex, name, bytes}]} on the first line',
    );
  }
  const files: ForwardedRequest['files'] = [];
  for (const [i, file] of header.files.entries()) {
    const fileDir = join(dir, String(i));
    await mkdir(fileDir, { recursive: true, mode: 0o700 });
    const path = join(fileDir, file.name);
    const handle = await open(path, 'wx', 0o600);
    try {
      let left = file.bytes;
      while (left > 0) {
        const chunk = await next();
        if (!chunk) throw new BadUpload(`the request ended inside file ${i + 1} (${file.name})`);
        const part = chunk.subarray(0, left);
        if (chunk.length > left) pending = chunk.subarray(left);
        await handle.write(part);
        left -= part.length;
      }
    } finally {
      await handle.close();
    }
    files.push({ argIndex: file.argIndex, path });
  }
  if ((await next()) !== undefined)
    throw new BadUpload('the request has more bytes than its header announced');
  return { argv: header.argv, stdin: header.stdin, files };
}

/**
 * The control app (tests call `app.request(...)` on it directly). `shutdown` aborts every running line.
 *
 * @example
 * const app = createControlApp({ token, uploadsDir, run, shutdown: controller.signal, logger });
 */
export function createControlApp(options: {
  token: string;
  uploadsDir: string;
  run: RunForwarded;
  shutdown: AbortSignal;
  logger: Logger;
}): Hono {
  const app = new Hono();
  const expected = Buffer.from(`Bearer ${options.token}`);
  app.post('/_local/cli', async (c) => {
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return c.json({ error: 'forbidden' }, 403);
    const dir = join(options.uploadsDir, randomBytes(12).toString('hex'));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let request: ForwardedRequest;
    try {
      request = await receive(c.req.raw.body, dir);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      if (error instanceof BadUpload) return c.json({ error: error.message }, 400);
      throw error;
    }
    const stop = new AbortController();
    const onShutdown = () => stop.abort();
    options.shutdown.addEventListener('abort', onShutdown, { once: true });
    let send: (line: unknown) => void = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        send = (line) => {
          try {
            controller.enqueue(Buffer.from(`${JSON.stringify(line)}\n`));
          } catch {
            // The client went away: the command is being stopped (cancel below).
          }
        };
        void (async () => {
          let result: CliResult;
          try {
            result = await options.run(request, {
              onProgress: (progress) => send({ progress }),
              signal: stop.signal,
            });
          } catch (error) {
            options.logger.error({ err: error }, 'forwarded command failed');
            result = {
              stdout: '',
              stderr: 'The command failed inside the server; see its log.\n',
              exitCode: 1,
            };
          }
          options.shutdown.removeEventListener('abort', onShutdown);
          await rm(dir, { recursive: true, force: true });
          send({ result });
          try {
            controller.close();
          } catch {
            // Already cancelled.
          }
        })();
      },
      // The client closed the connection (Ctrl-C): stop the command at its next safe point.
      cancel: () => stop.abort(),
    });
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
  });
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  return app;
}

/**
 * Starts the loopback listener and publishes it for `findLocalServer`. `close()` stops running lines,
 * waits for them (up to `timeoutMs`) and removes control.json.
 */
export async function startLocalControl(options: {
  dataDir: string;
  run: RunForwarded;
  logger: Logger;
  timeoutMs: number;
}): Promise<{ url: string; close(): Promise<void> }> {
  const token = randomBytes(24).toString('base64url');
  const uploadsDir = join(resolve(options.dataDir), 'uploads');
  await rm(uploadsDir, { recursive: true, force: true });
  await mkdir(uploadsDir, { recursive: true, mode: 0o700 });
  const shutdown = new AbortController();
  const app = createControlApp({
    token,
    uploadsDir,
    run: options.run,
    shutdown: shutdown.signal,
    logger: options.logger,
  });
  const server = await new Promise<Server>((done) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      done(started as Server),
    );
  });
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const published = publishLocalControl(options.dataDir, url, token);
  return {
    url,
    async close() {
      published.remove();
      shutdown.abort();
      await closeHttpServer(server, options.timeoutMs);
      await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}
