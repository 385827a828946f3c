import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createControlApp, type ForwardedRequest, startLocalControl } from './local-control.server.ts';
import { findLocalServer, forwardLine, type LocalControl } from './local-control.ts';
import { createLogger } from './logger.ts';

const dir = mkdtempSync(join(tmpdir(), 'local-control-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logger = createLogger('silent');

describe('local control listener', { timeout: 30_000 }, () => {
  it('takes uploaded files in place of paths, streams progress, then the result, and cleans up', async () => {
    const dataDir = join(dir, 'data');
    const seen: { request?: ForwardedRequest; bytes?: string; mode?: number } = {};
    const control = await startLocalControl({
      dataDir,
      logger,
      timeoutMs: 5_000,
      run: async (request, context) => {
        seen.request = request;
        seen.bytes = readFileSync(request.files[0]!.path, 'utf8');
        seen.mode = statSync(request.files[0]!.path).mode & 0o777;
        context.onProgress({ phase: 'writing', written: 1, total: 2 });
        context.onProgress({ phase: 'writing', written: 2, total: 2 });
        return { stdout: 'done\n', stderr: '', exitCode: 0 };
      },
    });
    try {
      expect(new URL(control.url).hostname).toBe('127.0.0.1');
      expect(statSync(join(dataDir, 'control.json')).mode & 0o777).toBe(0o600);
      // findLocalServer ignores this process's own file; read it as another process would.
      expect(findLocalServer(dataDir)).toBeUndefined();
      const published = JSON.parse(readFileSync(join(dataDir, 'control.json'), 'utf8')) as LocalControl;
      const roster = join(dir, 'my roster.csv');
      writeFileSync(roster, 'handle,name\nana,Ana\n');
      const progress: unknown[] = [];
      const outcome = await forwardLine(
        published,
        {
          argv: ['import', '--tenant', 'demo', 'my roster.csv'],
          stdin: '',
          files: [{ argIndex: 3, path: roster, bytes: statSync(roster).size }],
        },
        (p) => progress.push(p),
      );
      expect(outcome).toEqual({ kind: 'result', result: { stdout: 'done\n', stderr: '', exitCode: 0 } });
      expect(progress).toEqual([
        { phase: 'writing', written: 1, total: 2 },
        { phase: 'writing', written: 2, total: 2 },
      ]);
      expect(seen.request!.argv).toEqual(['import', '--tenant', 'demo', 'my roster.csv']);
      const spooled = seen.request!.files[0]!.path;
      expect(spooled.startsWith(join(dataDir, 'uploads'))).toBe(true);
      expect(spooled.endsWith('/my roster.csv')).toBe(true);
      expect(seen.bytes).toBe('handle,name\nana,Ana\n');
      expect(seen.mode).toBe(0o600);
      expect(existsSync(dirname(dirname(spooled)))).toBe(false);
    } finally {
      await control.close();
    }
    expect(existsSync(join(dataDir, 'control.json'))).toBe(false);
  });

  it('refuses a wrong token, a malformed header, a path as a file name and a short upload', async () => {
    const uploadsDir = join(dir, 'uploads-app');
    let runs = 0;
    const app = createControlApp({
      token: 'secret',
      uploadsDir,
      logger,
      shutdown: new AbortController().signal,
      run: async () => {
        runs += 1;
        return { stdout: '', stderr: '', exitCode: 0 };
      },
    });
    const post = (body: string, token = 'secret') =>
      app.request('/_local/cli', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
    const header = (files: unknown[]) => `${JSON.stringify({ argv: ['import'], stdin: '', files })}\n`;
    expect((await post(header([]), 'wrong')).status).toBe(403);
    expect((await post('not json\n')).status).toBe(400);
    expect((await post(header([{ argIndex: 1, name: '../../etc/passwd', bytes: 1 }]))).status).toBe(400);
    const short = await post(`${header([{ argIndex: 1, name: 'a.csv', bytes: 10 }])}abc`);
    expect(short.status).toBe(400);
    expect(await short.json()).toEqual({ error: 'the request ended inside file 1 (a.csv)' });
    expect(runs).toBe(0);
  });

  it('tells "no server took it" apart from "the server went away after taking it"', async () => {
    const refused = await forwardLine(
      { url: 'http://127.0.0.1:1', token: 't', pid: 1 },
      { argv: ['tenants'], stdin: '' },
    );
    expect(refused).toEqual({ kind: 'unavailable' });
    // A server that starts answering, sends one progress line, then dies.
    const dying = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/x-ndjson' });
        response.write(`${JSON.stringify({ progress: { phase: 'writing', written: 500, total: 900 } })}\n`);
        setTimeout(() => response.socket?.destroy(), 50);
      });
    });
    await new Promise<void>((listening) => dying.listen(0, '127.0.0.1', listening));
    const { port } = dying.address() as { port: number };
    const progress: unknown[] = [];
    const lost = await forwardLine(
      { url: `http://127.0.0.1:${port}`, token: 't', pid: 1 },
      { argv: ['import'], stdin: '' },
      (p) => progress.push(p),
    );
    dying.close();
    expect(lost).toEqual({ kind: 'lost', hasStarted: true });
    expect(progress).toHaveLength(1);
  });

  it('signals the command to stop when the client goes away (Ctrl-C)', async () => {
    let isAborted = false;
    const dataDir = join(dir, 'cancel');
    const control = await startLocalControl({
      dataDir,
      logger,
      timeoutMs: 5_000,
      run: async (_request, context) => {
        context.onProgress({ phase: 'writing', written: 500, total: 1_000 });
        await new Promise<void>((stopped) =>
          context.signal.addEventListener('abort', () => {
            isAborted = true;
            stopped();
          }),
        );
        return { stdout: '', stderr: '', exitCode: 1 };
      },
    });
    try {
      const { token } = JSON.parse(readFileSync(join(dataDir, 'control.json'), 'utf8')) as LocalControl;
      await new Promise<void>((gone) => {
        const client = request(
          `${control.url}/_local/cli`,
          { method: 'POST', agent: false, headers: { authorization: `Bearer ${token}` } },
          (response) => response.once('data', () => client.destroy()),
        );
        client.once('error', () => {});
        client.once('close', gone);
        client.end(`${JSON.stringify({ argv: ['import'], stdin: '', files: [] })}\n`);
      });
      await new Promise<void>((settled) => {
        const poll = setInterval(() => {
          if (!isAborted) return;
          clearInterval(poll);
          settled();
        }, 20);
      });
      expect(isAborted).toBe(true);
    } finally {
      await control.close();
    }
  });
});
