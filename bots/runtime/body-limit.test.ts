import { request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchReceiver } from '../slack/fetch-receiver.ts';
import { DEFAULT_BODY_LIMIT_BYTES, readBodyCapped } from './body-limit.ts';
import { type AppVariables, createHttpApp } from './http-app.ts';
import { createLogger } from './logger.ts';

const MB = 1024 * 1024;
/** The client gives up here: an answer before it means the server did not wait for the body's end. */
const CLIENT_GIVES_UP_AT = 48 * MB;

const received: { path: string; bytes: number }[] = [];
const logLines: string[] = [];
const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
const slackReceiver = new FetchReceiver({ signingSecret: 'test-secret', logger });
const app = createHttpApp({
  logger,
  readiness: async () => ({}),
  bodyLimits: { byPath: { '/big': 4 * MB } },
  mountSurfaces: (routes: Hono<{ Variables: AppVariables }>) => {
    for (const path of ['/echo', '/big']) {
      routes.post(path, async (c) => {
        const bytes = (await c.req.arrayBuffer()).byteLength;
        received.push({ path, bytes });
        return c.json({ bytes });
      });
    }
    routes.post('/slack/events', (c) => slackReceiver.handle(c.req.raw));
  },
});
let server: Server;
let port: number;

beforeAll(async () => {
  server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started as Server),
    );
  });
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/**
 * POSTs a chunked body (no Content-Length) that does not end: 64 KB chunks, as fast as the server
 * reads them, until an answer comes or CLIENT_GIVES_UP_AT bytes have gone.
 */
function endlessChunkedPost(path: string): Promise<{ status: number; sentBytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sentBytes = 0;
    let isAnswered = false;
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST' }, (response) => {
      isAnswered = true;
      let body = '';
      response.on('data', (part) => (body += part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, sentBytes, body }));
      response.on('error', reject);
    });
    request.on('error', () => {}); // the server cuts the connection after answering: expected
    const pump = () => {
      while (!isAnswered && sentBytes < CLIENT_GIVES_UP_AT) {
        sentBytes += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      if (!isAnswered) request.end();
    };
    pump();
  });
}

/** Raw HTTP/1.1 over a socket: the headers only, then whatever the server answers before any body. */
function headersOnly(path: string, headers: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n\r\n`);
    });
    let answer = '';
    socket.on('data', (part) => {
      answer += part;
      if (answer.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', reject);
  });
}

describe('the request body cap', () => {
  it('answers 413 to a chunked body past the cap while it is still arriving, and no handler sees it', {
    timeout: 60_000,
  }, async () => {
    received.length = 0;
    const outcome = await endlessChunkedPost('/echo');
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toEqual({
      error: 'payload_too_large',
      limitBytes: DEFAULT_BODY_LIMIT_BYTES,
    });
    expect(outcome.sentBytes).toBeLessThan(CLIENT_GIVES_UP_AT);
    expect(received).toEqual([]);
  });

  it('does the same on the Slack route, before the signature check reads a byte', {
    timeout: 60_000,
  }, async () => {
    logLines.length = 0;
    const outcome = await endlessChunkedPost('/slack/events');
    expect(outcome.status).toBe(413);
    expect(outcome.sentBytes).toBeLessThan(CLIENT_GIVES_UP_AT);
    expect(logLines.join('')).not.toContain('bad signature');
    expect(logLines.map((line) => JSON.parse(line).status)).toEqual([413]);
  });

  it('refuses a declared Content-Length over the cap before the body is sent', async () => {
    const answer = await headersOnly('/echo', `Content-Length: ${2 * MB}\r\nContent-Type: text/plain`);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
  });

  it('counts the bytes themselves: a Content-Length that lies about a bigger body changes nothing', async () => {
    received.length = 0;
    const twoMegabytes = new Uint8Array(2 * MB);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < twoMegabytes.length; offset += 64 * 1024)
          controller.enqueue(twoMegabytes.subarray(offset, offset + 64 * 1024));
        controller.close();
      },
    });
    const response = await app.fetch(
      new Request('http://localhost/echo', {
        method: 'POST',
        headers: { 'content-length': '10' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(received).toEqual([]);
  });

  it('passes a body within its route limit through whole, and a route may have a larger limit', async () => {
    received.length = 0;
    const small = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: 'x'.repeat(1000) });
    expect(await small.json()).toEqual({ bytes: 1000 });
    const threeMegabytes = new Uint8Array(3 * MB);
    expect(
      (await fetch(`http://127.0.0.1:${port}/big`, { method: 'POST', body: threeMegabytes })).status,
    ).toBe(200);
    expect(
      (await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: threeMegabytes })).status,
    ).toBe(413);
    expect(received).toEqual([
      { path: '/echo', bytes: 1000 },
      { path: '/big', bytes: 3 * MB },
    ]);
  });
});

describe('readBodyCapped', () => {
  const streamOf = (...chunks: number[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const size of chunks) controller.enqueue(new Uint8Array(size).fill(7));
        controller.close();
      },
    });

  it('returns the bytes up to and at the cap, undefined past it', async () => {
    expect((await readBodyCapped(streamOf(3, 4), 7))?.byteLength).toBe(7);
    expect(await readBodyCapped(streamOf(3, 4, 1), 7)).toBeUndefined();
    expect((await readBodyCapped(null, 7))?.byteLength).toBe(0);
  });
});
