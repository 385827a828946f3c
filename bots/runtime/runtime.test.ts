import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openRuntime, secureDataDir } from './runtime.ts';

const BIN = join(import.meta.dirname, '../../bin/session-align.js');
const root = mkdtempSync(join(tmpdir(), 'session-align-runtime-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (path: string) => (statSync(path).mode & 0o7777).toString(8);

function recordNotices() {
  const notices: { fields: Record<string, unknown>; sentence: string }[] = [];
  return {
    notices,
    notice: (fields: Record<string, unknown>, sentence: string) => notices.push({ fields, sentence }),
  };
}

describe('the data directory', () => {
  it('is created 0700, and an existing one open to others is restricted, saying so', () => {
    const fresh = join(root, 'fresh', 'data');
    const { notices, notice } = recordNotices();
    secureDataDir(fresh, notice);
    expect(modeOf(fresh)).toBe('700');
    expect(notices).toEqual([]);

    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    secureDataDir(open, notice);
    expect(modeOf(open)).toBe('700');
    expect(notices).toEqual([
      {
        fields: { dataDir: open, mode: '0755' },
        sentence: `DATA_DIR ${open} was open to other users (mode 0755); restricted it to 0700.`,
      },
    ]);
    secureDataDir(open, notice);
    expect(notices).toHaveLength(1);
  });

  it('leaves a shared sticky directory such as /tmp alone, and says why', () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const { notices, notice } = recordNotices();
    secureDataDir(shared, notice);
    expect(modeOf(shared)).toBe('1777');
    expect(notices.map((n) => n.sentence)).toEqual([
      `DATA_DIR ${shared} is a shared directory; give Session Align a directory of its own.`,
    ]);
  });

  it('the server logs the restriction and the generated key as JSON lines', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(root, 'server');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir }), createLogger('warn', sink));
    await runtime.close();
    expect(modeOf(dataDir)).toBe('700');
    expect(modeOf(join(dataDir, 'secret.key'))).toBe('600');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        dataDir,
        mode: '0755',
        msg: expect.stringContaining('restricted'),
      }),
      expect.objectContaining({ level: 40, path: join(dataDir, 'secret.key') }),
    ]);
    expect(lines[1]!.msg).toMatch(/^ENCRYPTION_KEY is not set/);
  });

  it('a CLI command on a fresh data dir prints one sentence about the key, then never again', {
    timeout: 120_000,
  }, () => {
    const dataDir = join(root, 'cli');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir };
    const run = () => spawnSync(process.execPath, [BIN, 'tenants', 'list'], { env, encoding: 'utf8' });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toBe(
      `ENCRYPTION_KEY is not set, so a key to seal tokens and calendar addresses was generated in ${join(dataDir, 'secret.key')}. ` +
        'Keep that file with the data; in production set ENCRYPTION_KEY (openssl rand -base64 32).\n',
    );
    expect(modeOf(dataDir)).toBe('700');
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
  });
});
