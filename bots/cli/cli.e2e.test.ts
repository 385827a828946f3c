import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CLI_BIN,
  freePort,
  spawnCli,
  waitForHealth,
  waitForReady,
} from '../../test/support/cli-processes.ts';

const BIN = CLI_BIN;
const dataDir = mkdtempSync(join(tmpdir(), 'session-align-e2e-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'info' };

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { env: { ...baseEnv, ...env }, encoding: 'utf8' });
}

/** Like `cli`, but without blocking the event loop, so a server child process keeps being served. */
async function cliAsync(
  args: string[],
  env: Record<string, string | undefined> = {},
  stdin = '',
  cwd?: string,
) {
  const run = spawnCli(args, { ...baseEnv, ...env }, { stdin, ...(cwd ? { cwd } : {}) });
  const status = await run.exited;
  return { status, stdout: run.stdout(), stderr: run.stderr() };
}

async function startServer(port: number) {
  const run = spawnCli(['serve'], { ...baseEnv, PORT: String(port), HOST: '127.0.0.1' });
  return { child: run.child, output: () => run.stdout() + run.stderr(), exited: run.exited };
}

// Generous limits: on a loaded 2-core machine a first start can take 20 s or more. How long it takes
// is a figure for `npm run bench` (bench/startup), not something a test asserts.
const HEALTHY_WITHIN_MS = 120_000;

describe('npm start on a fresh data directory', { timeout: 600_000 }, () => {
  it('answers /healthz, seeds the demo once, and stops gracefully on SIGTERM', async () => {
    const port = await freePort();
    const first = await startServer(port);
    await waitForHealth(port, HEALTHY_WITHIN_MS);
    expect(first.output()).toContain(`Session Align is running at http://localhost:${port}`);
    expect(first.output()).toContain('session-align chat');
    // Seeding, planner statistics and the match index follow /healthz; /readyz says when they are done.
    await waitForReady(port, HEALTHY_WITHIN_MS);
    expect(first.output()).toContain('seeded the demo tenant');
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toMatchObject({
      checks: { warmUp: 'ok' },
    });

    // While the server owns the embedded database, database commands run inside it.
    const forwarded = await cliAsync(['chat', '--once', '/roster limit:1']);
    expect(forwarded.stdout).toMatch(/^== Roster: 40 creators ==/);
    expect(forwarded.status).toBe(0);
    // The REPL sends each line to the server as it was typed, even one that looks like a flag.
    const repl = await cliAsync(['chat'], {}, '-h\n/quit\n');
    expect(repl.stdout).toContain('(via the running server)');
    expect(repl.stdout).toContain('Commands start with "/"');
    expect(repl.stdout).not.toContain('Usage:');
    // The exit code of an error answer comes back with it.
    expect(await cliAsync(['chat', '--once', '/frobnicate'])).toMatchObject({
      status: 1,
      stdout: expect.stringMatching(/^✗ Unknown command \/frobnicate\./),
    });
    expect((await cliAsync(['tenants'])).stdout).toContain('demo');
    const handle = /@([a-z0-9.-]+)/.exec(forwarded.stdout)![1]!;
    const paired = await cliAsync(
      ['pair', '--json'],
      {},
      JSON.stringify({ tenant: 'demo', creators: [handle], k: 2 }),
    );
    expect(paired.status).toBe(0);
    expect(JSON.parse(paired.stdout).suggestions).toHaveLength(2);
    const csv = join(dataDir, 'roster.csv');
    writeFileSync(csv, 'handle,name\nnew-writer,New Writer\n');
    const imported = await cliAsync(['import', '--tenant', 'demo', 'roster.csv'], {}, '', dataDir);
    expect(imported.stderr + imported.stdout).toMatch(/1 created/);
    const second = await cliAsync(['serve'], { PORT: String(await freePort()) });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/^The embedded database in .* is in use by process \d+\. Stop it first/);
    // The control endpoint is not on the public port, and its own loopback port wants the token.
    const line = JSON.stringify({ argv: ['tenants'], stdin: '', files: [] });
    const onMainPort = await fetch(`http://127.0.0.1:${port}/_local/cli`, { method: 'POST', body: line });
    expect(onMainPort.status).toBe(404);
    const control = JSON.parse(readFileSync(join(dataDir, 'control.json'), 'utf8')) as { url: string };
    expect(new URL(control.url).hostname).toBe('127.0.0.1');
    const forged = await fetch(`${control.url}/_local/cli`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong' },
      body: `${line}\n`,
    });
    expect(forged.status).toBe(403);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');

    const restarted = await startServer(port);
    await waitForHealth(port, HEALTHY_WITHIN_MS);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect(restarted.output()).not.toContain('seeded the demo tenant');
    expect(restarted.output()).not.toContain('database migrated');

    // 40 seeded + the one imported through the running server.
    const roster = cli(['chat', '--once', '/roster limit:1']);
    expect(roster.stdout).toMatch(/^== Roster: 41 creators ==/);
  });

  it('chat --once "/help" prints the command list and exits 0', () => {
    const result = cli(['chat', '--once', '/help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('== Session Align commands ==');
    expect(result.stdout).toContain('/roster');
  });

  it('chat --once prints an error answer and exits 1: unknown command, bad input, refused', () => {
    expect(cli(['chat', '--once', '/frobnicate'])).toMatchObject({
      status: 1,
      stdout: '✗ Unknown command /frobnicate. Type /help to see them all.\n',
    });
    const bad = cli(['chat', '--once', '/roster limit:abc']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^✗ limit: expected a whole number from 1 to 50\n/);
    const handle = /@([a-z0-9.-]+)/.exec(cli(['chat', '--once', '/roster limit:1']).stdout)![1]!;
    const refused = cli(['chat', '--as', handle, '--once', `/donotpair @${handle} @someone`]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/^✗ \/donotpair add is for: Admin, Staff\./);
    expect(cli(['chat', '--as', handle, '--once', '/whoami'])).toMatchObject({ status: 0 });
  });

  it('stops at once with one clear line on a malformed variable', () => {
    const result = cli(['serve'], { PORT: 'abc' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Invalid configuration: PORT: expected a TCP port number (1-65535)\n');
  });

  it('manages tenants from the CLI', () => {
    expect(
      cli(['tenants', 'create', 'acme', '--name', 'Acme Music', '--admin-email', 'ops@acme.example']),
    ).toMatchObject({
      status: 0,
      stdout:
        'Created tenant "acme" (Acme Music, plan free) with its first admin, "Acme Music Admin" <ops@acme.example>.\n' +
        'Chat as them: session-align chat --tenant acme --as admin\n',
    });
    // The first admin can chat straight away.
    const whoami = cli(['chat', '--tenant', 'acme', '--as', 'admin', '--once', '/whoami']);
    expect(whoami.status).toBe(0);
    expect(whoami.stdout).toMatch(/^Name: Acme Music Admin\nRole: Admin\n/);
    expect(cli(['tenants', 'create', 'acme', '--name', 'Again'])).toMatchObject({
      status: 1,
      stderr: 'A tenant with slug "acme" already exists\n',
    });
    expect(cli(['tenants', 'create', 'Bad Slug', '--name', 'x']).stderr).toMatch(/^slug: expected a slug/);
    expect(cli(['tenants', 'create', 'beta', '--admin-email', 'nope'])).toMatchObject({
      status: 1,
      stderr: '--admin-email: expected an e-mail address such as ops@acme.example\n',
    });
    // --name defaults to the slug; the refused line above left no "beta" behind.
    expect(cli(['tenants', 'create', 'beta']).stdout).toMatch(/^Created tenant "beta" \(beta, plan free\)/);
    expect(cli(['tenants', 'suspend', 'acme']).stdout).toBe('Tenant "acme" is suspended.\n');
    const list = JSON.parse(cli(['tenants', 'list', '--json']).stdout) as {
      tenants: { slug: string; status: string }[];
    };
    expect(list.tenants.map((t) => [t.slug, t.status])).toContainEqual(['acme', 'suspended']);
    expect(cli(['chat', '--tenant', 'acme', '--once', '/help']).stderr).toBe('Tenant "acme" is suspended.\n');
  });

  it('seeds a named tenant deterministically and idempotently', () => {
    expect(cli(['seed', '--tenant', 'label-x', '--creators', '7', '--seed', '42']).stdout).toBe(
      'Created tenant "label-x": 7 creators added.\n',
    );
    expect(cli(['seed', '--tenant', 'label-x', '--creators', '7', '--seed', '42']).stdout).toBe(
      'Updated tenant "label-x": 0 creators added.\n',
    );
    expect(cli(['seed', '--creators', 'many']).stderr).toBe(
      '--creators: expected a whole number from 0 to 100000, got "many"\n',
    );
  });
});
