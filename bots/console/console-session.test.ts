import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import type { Database } from '../../db/database.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { createLogger } from '../runtime/logger.ts';
import { type ConsoleSession, openConsoleSession } from './console-session.ts';

let database: Database;
let admin: ConsoleSession;
const logger = createLogger('silent');

beforeAll(async () => {
  database = await openTestPglite();
  await seedTenant(database, { slug: 'demo', creatorCount: 12, seed: 3 });
  await seedTenant(database, { slug: 'other', creatorCount: 4, seed: 99 });
  admin = await openConsoleSession(
    { ...testRuntimeParts(database), logger },
    { tenantSlug: 'demo', as: 'admin' },
  );
});
afterAll(() => database.close());

describe('console transcript', () => {
  it('/help lists every command with its usage', async () => {
    const answer = await admin.send('/help');
    expect(answer).toContain('== Session Align commands ==');
    expect(answer).toContain('/roster [genre:GENRE] [role:ROLE] [limit:N]');
    expect(answer).toContain('/whoami');
    expect(answer).toContain('/help [command]');
  });

  it('/help roster describes one command with examples', async () => {
    const answer = await admin.send('/help roster');
    expect(answer).toContain('== /roster ==');
    expect(answer).toContain('/roster genre:pop role:topliner limit:5');
  });

  it('/roster lists the tenant’s creators, with a count of the rest', async () => {
    const answer = await admin.send('/roster limit:3');
    expect(answer).toMatch(/^== Roster: 12 creators ==/);
    expect(answer).toContain('… and 9 more');
    const demoHandles = (await admin.send('/roster limit:50')).match(/@[a-z0-9.-]+/g) ?? [];
    expect(demoHandles).toHaveLength(12);
  });

  it('runs a command typed after /align, as Slack’s one slash command does; /align alone is /help', async () => {
    expect(await admin.send('/align roster limit:3')).toBe(await admin.send('/roster limit:3'));
    expect(await admin.send('/align /roster limit:3')).toBe(await admin.send('/roster limit:3'));
    expect(await admin.send('/align help roster')).toBe(await admin.send('/help roster'));
    expect(await admin.send('/align')).toBe(await admin.send('/help'));
    expect(await admin.send('/align frobnicate')).toBe(
      '✗ Unknown command /frobnicate. Type /help to see them all.\n',
    );
  });

  it('answers bad arguments with the field, what it expects, and the usage', async () => {
    expect(await admin.send('/roster limit:0')).toBe(
      '✗ limit: expected a whole number from 1 to 50\nUsage: /roster [genre:GENRE] [role:ROLE] [limit:N]\n',
    );
  });

  it('answers unknown commands and plain text helpfully', async () => {
    expect(await admin.send('/frobnicate')).toBe(
      '✗ Unknown command /frobnicate. Type /help to see them all.\n',
    );
    expect(await admin.send('hello')).toBe('i Commands start with "/". Type /help to see them all.\n');
  });

  it('speaks as a creator when asked to', async () => {
    const handle = (await admin.send('/roster limit:1')).match(/@([a-z0-9.-]+)/)![1]!;
    const creator = await openConsoleSession(
      { ...testRuntimeParts(database), logger },
      { tenantSlug: 'demo', as: `@${handle}` },
    );
    const answer = await creator.send('/whoami');
    expect(answer).toContain('Role: Creator');
    expect(answer).toContain(`Creator profile: @${handle}`);
  });

  it('lets everyone set their own time zone, staff without a creator profile included', async () => {
    const runtime = { ...testRuntimeParts(database), logger };
    const own = await openConsoleSession(runtime, { tenantSlug: 'other', as: 'admin' });
    expect(await own.send('/whoami timezone:Mars/Olympus')).toContain(
      'timeZone: "Mars/Olympus" is not an IANA time zone',
    );
    expect(await own.send('/whoami timezone:America/Chicago')).toContain(
      'Your time zone is now America/Chicago',
    );
    expect(await own.send('/profile set timezone:Europe/Paris')).toContain(
      'Your time zone is now Europe/Paris',
    );
    const again = await openConsoleSession(runtime, { tenantSlug: 'other', as: 'admin' });
    expect(await again.send('/whoami')).toContain('Time zone: Europe/Paris');
    expect(await again.send('/profile set genres:pop')).toContain('/whoami timezone:ZONE');

    const handle = (await again.send('/roster limit:1')).match(/@([a-z0-9.-]+)\)/)![1]!;
    const creator = await openConsoleSession(runtime, { tenantSlug: 'other', as: handle });
    await creator.send('/whoami timezone:Asia/Tokyo');
    expect(await creator.send('/profile')).toContain('Asia/Tokyo');
  });

  it('refuses unknown tenants, unknown users and suspended tenants with a clear message', async () => {
    await expect(
      openConsoleSession({ ...testRuntimeParts(database), logger }, { tenantSlug: 'nope', as: 'admin' }),
    ).rejects.toThrow('No tenant with slug "nope"');
    await expect(
      openConsoleSession({ ...testRuntimeParts(database), logger }, { tenantSlug: 'demo', as: 'ghost' }),
    ).rejects.toThrow('No console user "ghost"');
    await databaseTenantDirectory(database).setStatus('other', 'suspended', 'test');
    await expect(
      openConsoleSession({ ...testRuntimeParts(database), logger }, { tenantSlug: 'other', as: 'admin' }),
    ).rejects.toThrow('Tenant "other" is suspended.');
  });
});

describe('console logging', () => {
  it('logs a command that failed unexpectedly by its name only, never the line typed', async () => {
    const lines: string[] = [];
    const explode = defineCommand({
      name: 'explode.now',
      summary: 'fails the way a bug does',
      examples: [],
      effect: 'read',
      input: z.object({ text: z.string() }),
      chat: { command: 'explode', usage: '/explode TEXT', parse: (line) => ({ text: line.rest }) },
      handle: async (): Promise<{ result: never }> => {
        throw new Error('exploded');
      },
      present: () => ({ blocks: [] }),
    });
    const session = await openConsoleSession(
      {
        ...testRuntimeParts(database),
        logger: createLogger('debug', { write: (line: string) => void lines.push(line) }),
      },
      {
        tenantSlug: 'demo',
        as: 'admin',
        registry: createCommandRegistry().add({ name: 'explode', summary: 'fails', commands: [explode] }),
      },
    );
    const answer = await session.send('/explode my unreleased album title');
    expect(answer).toContain('Something went wrong on our side');
    const failures = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'command failed');
    expect(failures).toEqual([
      expect.objectContaining({ command: 'explode', err: expect.objectContaining({ message: 'exploded' }) }),
    ]);
    expect(lines.join('')).not.toContain('unreleased');
  });
});
