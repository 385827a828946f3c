import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNull } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../bots/runtime/logger.ts';
import { OUTBOX_CLAIM_TIMEOUT_MS, startOutboxSweeper } from '../bots/runtime/outbox-sweeper.ts';
import { createCommandRegistry } from '../core/commands/definitions/index.ts';
import { recordingNotifier } from '../core/ports/notifier.ts';
import { sendOnce } from '../core/surface/delivery-ledger.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { outboxEvents } from '../db/schema/index.ts';
import { databaseDeliveryLedger } from '../db/stores/delivery-ledger.store.ts';
import { sessionFixture, t0 } from './support/session-fixture.ts';
import { testRuntimeParts } from './support/test-runtime.ts';

const CHILD = join(import.meta.dirname, 'fixtures/outbox-crash-child.ts');
const scratch = mkdtempSync(join(tmpdir(), 'session-align-outbox-crash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the child until it dies; resolves with the signal that killed it. */
function runChild(
  args: string[],
): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** A data dir with a session tenant (ana, ben, …); the fixture's ids go to a file for the child. */
async function preparedDataDir(name: string) {
  const dataDir = join(scratch, name);
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await migrate(database);
  const fixture = await sessionFixture(database, 'crash');
  await database.close();
  const fixturePath = join(scratch, `${name}.json`);
  writeFileSync(fixturePath, JSON.stringify(fixture));
  return { dataDir, fixturePath, fixture, sentLog: join(scratch, `${name}.sent`) };
}

/** After the restart: the server's sweeper, once the dead process's claim has run out. */
async function restartAndDeliver(dataDir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  const parts = testRuntimeParts(database, t0 + OUTBOX_CLAIM_TIMEOUT_MS + 60_000);
  const deliveries = databaseDeliveryLedger(database);
  const recorded = recordingNotifier();
  const sent: string[] = [];
  const sweeper = startOutboxSweeper(
    { ...parts, logger: createLogger('silent') },
    {
      notifier: {
        notify: (userId, message, options) =>
          sendOnce(deliveries, 'notify', `test:${options.dedupeKey}`, async () => {
            sent.push(userId);
            await recorded.notify(userId, message, options);
          }).then(() => undefined),
      },
      registry: createCommandRegistry(),
      deliveries,
      pollMs: 3_600_000,
    },
  );
  const delivered = await sweeper.drain();
  const again = await sweeper.drain();
  await sweeper.stop();
  const pending = await database.withSystem((tx) =>
    tx.select({ id: outboxEvents.id }).from(outboxEvents).where(isNull(outboxEvents.deliveredAt)),
  );
  await database.close();
  return { delivered, again, sent, messages: recorded.sent, pending: pending.length };
}

describe('the outbox across a crash between commit and delivery', () => {
  it('delivers the notification once after a restart when the process died before sending', async () => {
    const prepared = await preparedDataDir('before');
    const child = await runChild([prepared.dataDir, prepared.fixturePath, prepared.sentLog, 'before-send']);
    expect(child, child.stderr).toMatchObject({ signal: 'SIGKILL' });
    expect(existsSync(prepared.sentLog)).toBe(false);

    const after = await restartAndDeliver(prepared.dataDir);
    expect(after.delivered).toBe(1);
    expect(after.again).toBe(0);
    expect(after.pending).toBe(0);
    expect(after.sent).toEqual([prepared.fixture.ben.userId]);
    expect(JSON.stringify(after.messages[0]?.message)).toContain('proposed a session with you');
  }, 120_000);

  it('sends no second copy when the process died after sending, before marking it delivered', async () => {
    const prepared = await preparedDataDir('after');
    const child = await runChild([prepared.dataDir, prepared.fixturePath, prepared.sentLog, 'after-send']);
    expect(child, child.stderr).toMatchObject({ signal: 'SIGKILL' });
    expect(readFileSync(prepared.sentLog, 'utf8')).toBe(`${prepared.fixture.ben.userId}\n`);

    const after = await restartAndDeliver(prepared.dataDir);
    expect(after.delivered).toBe(1);
    expect(after.pending).toBe(0);
    expect(after.sent).toEqual([]);
    expect(readFileSync(prepared.sentLog, 'utf8')).toBe(`${prepared.fixture.ben.userId}\n`);
  }, 120_000);
});
