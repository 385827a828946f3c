/**
 * The session sweep with 100,000 sessions due in a day (BENCH_SWEEP_SESSIONS), on the PostgreSQL
 * server: scheduled sessions starting evenly over the next 24 h, two participants each, in the steady
 * state a server running every minute leaves behind (every reminder already sent except those whose
 * window opened in the last minute). One sweep finds and sends the newly due reminders; the baseline
 * in the same run is the same sweep over 1,000 sessions with the same number newly due, so the ratio
 * says what the day's volume costs on top of the sending.
 */
import { randomUUID } from 'node:crypto';
import { eq, isNotNull, sql } from 'drizzle-orm';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { recordingNotifier } from '../../core/ports/notifier.ts';
import { fixedClock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import { creators, tenants, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { runSessionSweep } from '../../jobs/handlers/session-sweep.job.ts';
import { serviceAvailable } from '../../test/support/services.ts';
import { openTestPostgres } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';

const SESSIONS = Number(process.env.BENCH_SWEEP_SESSIONS ?? 100_000);
const BASELINE_SESSIONS = 1_000;
/** Sessions whose 24 h reminder window opened in the last minute (and as many whose 1 h one did). */
const NEWLY_DUE = 35;
const hourMs = 3_600_000;
const minuteMs = 60_000;
export const NOW_MS = Date.parse('2026-12-07T09:00:00Z');

/**
 * `count` scheduled sessions starting over (now, now + 24 h]; the notifications a sweep a minute ago
 * would have sent are marked sent. The newest NEWLY_DUE in each reminder window are left due.
 */
export async function bookDay(database: Database, tenantId: string, count: number): Promise<void> {
  const people = await database.withTenant(tenantId, (tx) =>
    tx
      .select({ id: creators.userId })
      .from(creators)
      .where(isNotNull(creators.userId))
      .orderBy(creators.handle),
  );
  const userIds = people.map((row) => row.id!);
  const [admin] = await database.withTenant(tenantId, (tx) =>
    tx.select({ id: users.id }).from(users).where(eq(users.role, 'tenant_admin')).limit(1),
  );
  // Spacing so that exactly NEWLY_DUE sessions start in the minute after now + 24 h - 1 min, and as many
  // in the minute after now + 1 h - 1 min; the rest spread over the day.
  const starts: number[] = [];
  for (let i = 0; i < NEWLY_DUE; i += 1) {
    starts.push(NOW_MS + 24 * hourMs - minuteMs + ((i + 1) * minuteMs) / (NEWLY_DUE + 1));
    starts.push(NOW_MS + hourMs - minuteMs + ((i + 1) * minuteMs) / (NEWLY_DUE + 1));
  }
  const rest = count - starts.length;
  for (let i = 0; i < rest; i += 1) {
    // Over (now + 2 min, now + 24 h - 2 min), avoiding both minutes above.
    let at = NOW_MS + 2 * minuteMs + ((i + 0.5) * (24 * hourMs - 4 * minuteMs)) / rest;
    if (Math.abs(at - (NOW_MS + hourMs - minuteMs / 2)) < minuteMs) at += 2 * minuteMs;
    starts.push(at);
  }
  const batch = 5_000;
  for (let offset = 0; offset < starts.length; offset += batch) {
    const rows = starts.slice(offset, offset + batch).map((startsAtMs, i) => {
      const n = offset + i;
      return {
        id: randomUUID(),
        startsAtMs,
        people: [userIds[n % userIds.length]!, userIds[(n * 7 + 1) % userIds.length]!].filter(
          (id, j, all) => all.indexOf(id) === j,
        ),
      };
    });
    await database.withTenant(tenantId, async (tx) => {
      const sessions = rows.map((row) => ({
        id: row.id,
        starts: new Date(row.startsAtMs).toISOString(),
        ends: new Date(row.startsAtMs + hourMs).toISOString(),
      }));
      await tx.execute(
        sql.raw(`insert into sessions (id, tenant_id, title, state, starts_at, ends_at, location, created_by_user_id, scheduled_at)
         select (s->>'id')::uuid, '${tenantId}', 'Writing session', 'scheduled', (s->>'starts')::timestamptz,
                (s->>'ends')::timestamptz, '{"kind":"tbd"}'::jsonb, '${admin!.id}', now()
         from jsonb_array_elements('${JSON.stringify(sessions).replaceAll("'", "''")}'::jsonb) s`),
      );
      const participants = rows.flatMap((row) => row.people.map((userId) => ({ s: row.id, u: userId })));
      await tx.execute(
        sql.raw(`insert into session_participants (tenant_id, session_id, user_id, state)
         select '${tenantId}', (p->>'s')::uuid, (p->>'u')::uuid, 'accepted'
         from jsonb_array_elements('${JSON.stringify(participants)}'::jsonb) p`),
      );
      // What the sweeps before now sent: the 24 h reminder of sessions starting more than an hour and
      // less than 24 h - 1 min away, the 1 h reminder of those starting within the hour less a minute.
      const sent = rows.flatMap((row) => {
        const kind =
          row.startsAtMs <= NOW_MS + hourMs - minuteMs
            ? 'reminder_1h'
            : row.startsAtMs > NOW_MS + hourMs && row.startsAtMs <= NOW_MS + 24 * hourMs - minuteMs
              ? 'reminder_24h'
              : undefined;
        return kind ? row.people.map((userId) => ({ s: row.id, u: userId, k: kind })) : [];
      });
      if (sent.length > 0)
        await tx.execute(
          sql.raw(`insert into session_notifications (tenant_id, session_id, user_id, kind, dedupe_key, claimed_at, sent_at)
           select '${tenantId}', (n->>'s')::uuid, (n->>'u')::uuid, n->>'k',
                  (n->>'k') || ':' || (n->>'s') || ':' || (n->>'u'), now(), now()
           from jsonb_array_elements('${JSON.stringify(sent)}'::jsonb) n`),
        );
    });
  }
  await database.withOwner((q) =>
    q.query('analyze sessions; analyze session_participants; analyze session_notifications'),
  );
}

async function sweepOnce(database: Database, count: number) {
  const server = database;
  const { tenant } = await seedTenant(server, { slug: `sweep-${count}`, creatorCount: 200, seed: 3 });
  await bookDay(server, tenant.id, count);
  const parts = testRuntimeParts(server, NOW_MS);
  const notifier = recordingNotifier();
  const registry = createCommandRegistry();
  const options = { notifier, work: parts.work, registry, clock: fixedClock(NOW_MS) };
  const started = performance.now();
  const report = await runSessionSweep(server, options);
  const firstMs = performance.now() - started;
  const again = performance.now();
  const second = await runSessionSweep(server, options);
  const secondMs = performance.now() - again;
  // Only this tenant's sessions are due: sweep it alone next time (the next size seeds its own tenant).
  await server.withSystem((tx) =>
    tx.update(tenants).set({ status: 'suspended' }).where(eq(tenants.id, tenant.id)),
  );
  return { report, firstMs, second, secondMs };
}

export async function runSweepBench(): Promise<string[]> {
  if (!(await serviceAvailable('postgres'))) return ['PostgreSQL server not reachable: skipped'];
  const server = await openTestPostgres();
  try {
    const lines = [];
    const figures = [];
    for (const count of [BASELINE_SESSIONS, SESSIONS]) {
      const run = await sweepOnce(server.database, count);
      figures.push(run);
      lines.push(
        `${count.toLocaleString('en')} sessions due within 24 h (2 participants each): one sweep sent ${run.report.sent} newly due reminders in ${(run.firstMs / 1000).toFixed(2)} s; the next sweep (nothing due) ${(run.secondMs / 1000).toFixed(2)} s, sent ${run.second.sent}`,
      );
    }
    lines.push(
      `ratio ${SESSIONS.toLocaleString('en')} vs ${BASELINE_SESSIONS.toLocaleString('en')} sessions: sweep with sends ${(figures[1]!.firstMs / figures[0]!.firstMs).toFixed(1)}x, idle sweep ${(figures[1]!.secondMs / figures[0]!.secondMs).toFixed(1)}x (the sweep runs every SESSION_SWEEP_INTERVAL_MS, default 60 s)`,
    );
    return lines;
  } finally {
    await server.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const line of await runSweepBench()) console.log(line);
