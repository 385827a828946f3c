import { randomBytes } from 'node:crypto';
import { createLogger } from '../../bots/runtime/logger.ts';
import { startOutboxSweeper } from '../../bots/runtime/outbox-sweeper.ts';
import { type Signal, signal } from '../../bots/runtime/signal.ts';
import { calendarUnreachable } from '../../core/availability/calendar-failures.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import type { CalendarParser } from '../../core/ports/calendar-parser.ts';
import type { JobQueue, JobRequest } from '../../core/ports/job-queue.ts';
import { type Notifier, recordingNotifier } from '../../core/ports/notifier.ts';
import type { UnitOfWork } from '../../core/ports/unit-of-work.ts';
import { type Clock, fixedClock } from '../../core/shared/clock.ts';
import { memoryDeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import type { Database } from '../../db/database.ts';
import { type SecretBox, secretBox } from '../../db/secret-box.ts';
import { databaseUnitOfWork } from '../../db/stores/unit-of-work.ts';
import { calendarParsePool } from '../../jobs/calendar-parse-pool.ts';

/** Serves ICS feeds from memory by URL: a working fake for code that reads calendars. */
export function memoryCalendarFetcher(
  feeds: Record<string, string> = {},
): CalendarFetcher & { feeds: Record<string, string> } {
  return {
    feeds,
    async fetchIcs(url) {
      const feed = feeds[url];
      if (feed === undefined) throw calendarUnreachable('bad_status');
      return feed;
    },
  };
}

/** Remembers what was enqueued and runs nothing: for code whose jobs are tested elsewhere. */
export function recordingJobQueue(): JobQueue & { jobs: JobRequest[]; close(): Promise<void> } {
  const jobs: JobRequest[] = [];
  return {
    jobs,
    async enqueue(request) {
      jobs.push(request);
      return { jobId: String(jobs.length), isDuplicate: false };
    },
    async close() {},
  };
}

export interface TestRuntimeParts {
  database: Database;
  /** The unit of work commands run in (the local embedder); `outboxSignal` hears its commits. */
  work: UnitOfWork;
  outboxSignal: Signal;
  queue: ReturnType<typeof recordingJobQueue>;
  secrets: SecretBox;
  fetcher: ReturnType<typeof memoryCalendarFetcher>;
  calendarParser: CalendarParser;
  clock: Clock & { advance(ms: number): void; set(ms: number): void };
}

let testCalendarParser: CalendarParser | undefined;
/**
 * The real worker-thread parser, one per test process: workers start on first use and never hold it
 * open. Its budget is generous so a loaded machine never turns a bounds answer into a timeout; the
 * budget itself is tested on its own pool (jobs/calendar-parse-pool.test.ts).
 */
function sharedCalendarParser(): CalendarParser {
  testCalendarParser ??= calendarParsePool({ size: 1, budgetMs: 60_000 });
  return testCalendarParser;
}

/** The runtime pieces services need, with a fixed clock and in-memory calendars. */
export function testRuntimeParts(
  database: Database,
  nowMs = Date.parse('2026-11-23T12:00:00Z'),
): TestRuntimeParts {
  const secrets = secretBox(randomBytes(32));
  const outboxSignal = signal();
  return {
    database,
    work: databaseUnitOfWork({
      database,
      secrets,
      embedder: localHashedEmbedder(),
      onOutbox: outboxSignal.nudge,
    }),
    outboxSignal,
    queue: recordingJobQueue(),
    secrets,
    fetcher: memoryCalendarFetcher(),
    calendarParser: sharedCalendarParser(),
    clock: fixedClock(nowMs),
  };
}

/**
 * Delivers what commands put in the outbox, as the server's sweeper would, and returns how many
 * events went out. Messages go to `notifier` (a recording one by default).
 */
export async function deliverOutbox(
  parts: TestRuntimeParts,
  notifier: Notifier = recordingNotifier(),
): Promise<number> {
  const sweeper = startOutboxSweeper(
    { ...parts, logger: createLogger('silent') },
    { notifier, registry: createCommandRegistry(), deliveries: memoryDeliveryLedger(), pollMs: 3_600_000 },
  );
  try {
    return await sweeper.drain();
  } finally {
    await sweeper.stop();
  }
}
