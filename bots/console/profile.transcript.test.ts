import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { auditEvents, creators } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { insertCreatorForTest } from '../../test/support/fixtures.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { deliverOutbox, testRuntimeParts } from '../../test/support/test-runtime.ts';
import { createLogger } from '../runtime/logger.ts';
import { openConsoleSession } from './console-session.ts';

let database: Database;
let tenantId: string;
let parts: ReturnType<typeof testRuntimeParts>;
const as = async (who: string) =>
  openConsoleSession({ ...parts, logger: createLogger('silent') }, { tenantSlug: 'demo', as: who });

beforeAll(async () => {
  database = await openTestPglite();
  parts = testRuntimeParts(database);
  tenantId = (await seedTenant(database, { slug: 'demo', creatorCount: 0, seed: 1 })).tenant.id;
  await insertCreatorForTest(database, tenantId, {
    handle: 'ana',
    displayName: 'Ana Silva',
    timeZone: 'Europe/London',
  });
  await insertCreatorForTest(database, tenantId, {
    handle: 'ben',
    displayName: 'Ben Ito',
    timeZone: 'America/New_York',
  });
});
afterAll(() => database.close());

describe('/profile transcript', () => {
  it('normalises genres through the taxonomy and keeps unknown ones as tags', async () => {
    const answer = await (await as('ana')).send(
      '/profile set genres:"Alt Pop, alternative pop, sad girl autumn" roles:"top-liner, beatmaker" inspirations:"Robyn; lorde"',
    );
    expect(answer).toContain('✓ Updated genres, tags, roles, inspirations.');
    expect(answer).toContain('Genres: Alt-pop, #sad-girl-autumn');
    expect(answer).toContain('Roles: topliner, producer');
    const [row] = await database.withTenant(tenantId, (tx) =>
      tx.select().from(creators).where(eq(creators.handle, 'ana')),
    );
    expect(row!.genres).toEqual(['alt-pop']);
  });

  it('audits the edit and enqueues re-embedding keyed by the new content', async () => {
    const audit = await database.withTenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.action, 'creator.profile_updated')),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorLabel).toBe('Ana Silva');
    // Re-embedding is a side effect: written to the outbox with the edit, enqueued when it is delivered.
    expect(parts.queue.jobs).toEqual([]);
    expect(await deliverOutbox(parts)).toBe(1);
    expect(parts.queue.jobs.map((job) => job.name)).toEqual(['creators.recompute']);
  });

  it('shows the city only as the creator chose', async () => {
    const answer = await (await as('ana')).send('/profile set city:stockholm location:off');
    expect(answer).toContain('City: Stockholm (hidden)');
    expect(await (await as('ana')).send('/profile set location:on')).toContain('City: Stockholm\n');
  });

  it('answers bad input with the field and what it expects, changing nothing', async () => {
    const ana = await as('ana');
    expect(await ana.send('/profile set roles:kazoo')).toContain(
      '✗ roles[0]: "kazoo" is not a role we know (try topliner, producer, lyricist, artist, engineer)',
    );
    expect(await ana.send('/profile set city:Atlantis')).toContain(
      '✗ city: "Atlantis" is not a city we know',
    );
    expect(await ana.send('/profile set timezone:Mars/Base')).toContain(
      '✗ timezone: "Mars/Base" is not an IANA time zone',
    );
    expect(await ana.send('/profile set colour:blue')).toContain('✗ colour: not a profile field');
    expect(await ana.send('/profile')).toContain('Roles: topliner, producer');
  });

  it('lets creators edit only themselves', async () => {
    expect(await (await as('ben')).send('/profile @ana set bio:"hi"')).toBe(
      '✗ You can only change your own profile.\n',
    );
    expect(await (await as('ben')).send('/profile @ana')).toContain('Ana Silva (@ana)');
    expect(await (await as('admin')).send('/profile @ana set bio:"Swedish-pop obsessive"')).toContain(
      'Bio: Swedish-pop obsessive',
    );
  });
});
