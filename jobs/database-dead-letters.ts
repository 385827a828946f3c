import type { Database } from '../db/database.ts';
import { jobDeadLetters } from '../db/schema/index.ts';
import type { DeadLetterSink } from './job-runtime.ts';

/** Dead letters in PostgreSQL, next to the data the jobs were about. */
export function databaseDeadLetters(database: Database): DeadLetterSink {
  return {
    async record(letter) {
      await database.withSystem((tx) =>
        tx.insert(jobDeadLetters).values({
          tenantId: letter.tenantId ?? null,
          queue: letter.queue,
          jobName: letter.jobName,
          jobId: letter.jobId,
          payload: (letter.payload ?? null) as object,
          error: letter.error.slice(0, 4000),
          attempts: letter.attempts,
        }),
      );
    },
  };
}

/** Keeps dead letters in memory: for tests and for tools that only want to look. */
export function memoryDeadLetters(): DeadLetterSink & { letters: Parameters<DeadLetterSink['record']>[0][] } {
  const letters: Parameters<DeadLetterSink['record']>[0][] = [];
  return {
    letters,
    async record(letter) {
      letters.push(letter);
    },
  };
}
