import { runOverlapRequest } from '../../core/availability/overlap-request.ts';
import { isAppError } from '../../core/shared/app-error.ts';
import { type CliOutcome, fail, ok } from './cli-outcome.ts';

/**
 * `session-align overlap --json`: reads an availability query (JSON) from stdin and prints the
 * overlap windows as one JSON line. Bad input: exit 1 and one line naming the field, nothing on
 * stdout. A missing `--json` flag: exit 2.
 */
export async function overlapCli(argv: string[], stdin: string): Promise<CliOutcome> {
  const unknown = argv.filter((arg) => arg !== '--json');
  if (unknown.length > 0)
    return fail(`overlap: unknown argument "${unknown[0]}"; usage: overlap --json < query.json\n`, 2);
  if (!argv.includes('--json'))
    return fail('overlap: the --json flag is required (input and output are JSON)\n', 2);
  let input: unknown;
  try {
    input = JSON.parse(stdin);
  } catch (error) {
    return fail(`stdin: not valid JSON (${(error as Error).message.split('\n')[0]})\n`);
  }
  try {
    return ok(`${JSON.stringify(runOverlapRequest(input))}\n`);
  } catch (error) {
    if (isAppError(error)) return fail(`${error.message.split('\n')[0]}\n`);
    throw error;
  }
}
