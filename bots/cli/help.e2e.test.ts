import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnCli } from '../../test/support/cli-processes.ts';
import { CLI_SPECS, type CommandSpec } from './cli-specs.ts';
import { COMMAND_NAMES } from './main.ts';

// A data directory that claims a running server (this test process), whose control listener records
// every line it is sent: a `--help` must neither open the database nor be handed to the server.
const dataDir = join(mkdtempSync(join(tmpdir(), 'sa-help-')), 'data');
const forwarded: string[] = [];
const recorder = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    forwarded.push(body);
    response.end(
      `${JSON.stringify({ result: { stdout: 'ran in the server\n', stderr: '', exitCode: 0 } })}\n`,
    );
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  const { port } = recorder.address() as { port: number };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(dataDir, 'control.json'),
    JSON.stringify({ url: `http://127.0.0.1:${port}`, token: 'test', pid: process.pid }),
    { mode: 0o600 },
  );
});
afterAll(async () => {
  await new Promise((resolve) => recorder.close(resolve));
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

async function cli(args: string[]) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
  };
  const run = spawnCli(args, env);
  // A command that acted instead (`serve --help` serving) would not exit: stop it, and the test fails.
  const stop = setTimeout(() => run.child.kill('SIGKILL'), 120_000);
  const status = await run.exited;
  clearTimeout(stop);
  return { status, stdout: run.stdout(), stderr: run.stderr() };
}

/** Every command of the CLI's table, and each action of those that have some. */
const topics = COMMAND_NAMES.flatMap((name) => [
  [name],
  ...Object.keys((CLI_SPECS[name] as CommandSpec).verbs ?? {}).map((verb) => [name, verb]),
]);

describe('session-align COMMAND --help, as a newcomer runs it', { timeout: 300_000 }, () => {
  it('prints the usage, exits 0 and does nothing, for every command and action', async () => {
    expect(topics.length).toBeGreaterThanOrEqual(COMMAND_NAMES.length + 5);
    for (const topic of topics) {
      const result = await cli([...topic, '--help']);
      expect({ topic, status: result.status, stderr: result.stderr }).toEqual({
        topic,
        status: 0,
        stderr: '',
      });
      const [name, verb] = topic;
      expect(result.stdout).toMatch(
        new RegExp(`^Usage: session-align ${name}${verb ? ` \\[?${verb}` : ''}\\b`),
      );
    }
    expect(readdirSync(dataDir)).toEqual(['control.json']);
    expect(forwarded).toEqual([]);
  });

  it('answers `help COMMAND` and -h the same way, and names an unknown flag with exit 2', async () => {
    const help = await cli(['help', 'migrate']);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: session-align migrate\n/);
    expect(await cli(['tenants', '-h'])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('Actions:'),
    });
    expect(await cli(['tenants', '--bogus'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'tenants list: unknown option --bogus. Usage: session-align tenants [list] [--json]\n',
    });
    expect(readdirSync(dataDir)).toEqual(['control.json']);
    expect(forwarded).toEqual([]);
  });

  it('does hand a database command to the running server when it is not asking for help', async () => {
    // The check above can fail: without --help the same line reaches the recording server.
    expect(await cli(['tenants'])).toEqual({ status: 0, stdout: 'ran in the server\n', stderr: '' });
    expect(forwarded).toHaveLength(1);
    expect(JSON.parse(forwarded[0]!.split('\n')[0]!).argv).toEqual(['tenants']);
  });
});
