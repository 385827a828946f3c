import { readPlainWords } from '../../core/availability/plain-words/index.ts';
import { isAppError } from '../../core/shared/app-error.ts';
import { type CliOutcome, fail, ok } from './cli-outcome.ts';

/** Far above any reply the reader takes (2,000 characters, JSON-escaped): more is refused unread. */
export const MAX_STDIN_BYTES = 64 * 1024;
const FIELDS = ['text', 'timeZone', 'now'] as const;

/** Reads stdin, stopping once it passes `maxBytes` (the caller then refuses it whole). */
export async function readStdinUpTo(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chunks.push(buffer);
    bytes += buffer.length;
    if (bytes > maxBytes) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The request's one problem, as "field: what is wrong", or its fields. */
function requestOf(stdin: string): { text: string; timeZone: string; now: string } | string {
  if (Buffer.byteLength(stdin, 'utf8') > MAX_STDIN_BYTES) return `stdin: more than ${MAX_STDIN_BYTES} bytes`;
  if (!stdin.trim()) return 'stdin: expected {"text":…,"timeZone":…,"now":…}, got nothing';
  let request: unknown;
  try {
    request = JSON.parse(stdin);
  } catch (error) {
    return `stdin: not valid JSON (${(error as Error).message.split('\n')[0]})`;
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    return 'stdin: expected a JSON object {"text":…,"timeZone":…,"now":…}';
  const fields = request as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) return `${unknown}: unknown field (expected text, timeZone, now)`;
  for (const field of FIELDS) {
    if (fields[field] === undefined) return `${field}: is required`;
    if (typeof fields[field] !== 'string')
      return `${field}: expected a string, got ${JSON.stringify(fields[field])}`;
  }
  return fields as { text: string; timeZone: string; now: string };
}

/**
 * `session-align availability parse --json`: reads `{"text","timeZone","now"}` on stdin and prints
 * what the plain-word reader understood, as one JSON line: `{"understood":[{kind,start,end,rrule?}],
 * "notUnderstood":[…]}` in time order. Bad input: exit 1 and one line naming the field, nothing on
 * stdout. (The line itself, `--json` included, was checked against the spec in cli-usage.ts.)
 */
export function availabilityCli(_argv: string[], stdin: string): CliOutcome {
  const request = requestOf(stdin);
  if (typeof request === 'string') return fail(`${request}\n`);
  try {
    const result = readPlainWords(request);
    const understood = result.understood.map(({ kind, start, end, rrule }) => ({
      kind,
      start,
      end,
      ...(rrule === undefined ? {} : { rrule }),
    }));
    return ok(`${JSON.stringify({ understood, notUnderstood: result.notUnderstood })}\n`);
  } catch (error) {
    if (isAppError(error)) return fail(`${error.message.split('\n')[0]}\n`);
    throw error;
  }
}
