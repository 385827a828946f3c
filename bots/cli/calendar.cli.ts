import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CALENDAR_BOUNDS } from '../../core/availability/calendar-bounds.ts';
import { calendarBoundError } from '../../core/availability/calendar-failures.ts';
import { importCalendarFile } from '../../db/repositories/calendars.repository.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { type CliOutcome, fail, ok } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';
import { CLI_SPECS } from './cli-specs.ts';

/**
 * `session-align calendar import`: an ICS file becomes busy time for one creator (times only).
 * Importing the same label again replaces that calendar's previous busy set. The file is bounded like
 * a fetched feed (2 MB, busy times and repeats in the next 8 weeks) and read on a worker thread.
 */
export async function calendarCli(argv: string[]): Promise<CliOutcome> {
  // The line was checked against the spec (cli-usage.ts): `import`, one FILE and --creator are there.
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: CLI_SPECS.calendar.verbs.import.options,
  });
  const file = positionals[1]!;
  let icsText: string;
  try {
    // Bounded before it is read into memory.
    if ((await stat(file)).size > CALENDAR_BOUNDS.feedBytes) {
      return fail(`FILE: ${calendarBoundError('too_large').message}\n`);
    }
    icsText = await readFile(file, 'utf8');
  } catch {
    return fail(`FILE: cannot read "${file}"\n`);
  }
  return withRuntime(async (runtime) => {
    const tenant = await databaseTenantDirectory(runtime.database).findBySlug(values.tenant);
    if (!tenant) return fail(`--tenant: no tenant with slug "${values.tenant}"\n`);
    const result = await importCalendarFile(runtime, {
      tenantId: tenant.id,
      handle: values.creator!.replace(/^@/, '').toLowerCase(),
      label: values.label ?? file.split('/').at(-1)!,
      icsText,
      nowMs: runtime.clock.nowMs(),
    });
    return ok(`Imported ${result.busyCount} busy blocks for @${values.creator!.replace(/^@/, '')}.\n`);
  });
}
