import { z } from 'zod';

/**
 * The pieces command input schemas are made of, each with one limit and one message that names
 * what is expected. Every adapter (chat, forms, buttons, `--json`, LLM tools) goes through them.
 */

/** Bidirectional overrides and isolates: they can make a name read as something else. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0 controls but tab, newline and carriage return; PostgreSQL refuses NUL in text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Text of `min`..`max` characters (code points, as PostgreSQL counts them), trimmed, with control
 * and bidi-override characters removed: `title: expected at most 200 characters (got 250)`.
 */
export function boundedText(max: number, options: { min?: number } = {}) {
  const min = options.min ?? 1;
  return z
    .string({ error: `expected text of at most ${max} characters` })
    .transform((value, context) => {
      const cleaned = value.replace(BIDI_CONTROLS, '').replace(CONTROL_CHARS, '').trim();
      const length = [...cleaned].length;
      if (length > max) {
        context.addIssue({ code: 'custom', message: `expected at most ${max} characters (got ${length})` });
        return z.NEVER;
      }
      if (length < min) {
        context.addIssue({ code: 'custom', message: `expected ${min} to ${max} characters` });
        return z.NEVER;
      }
      return cleaned;
    })
    .meta({ maxLength: max, ...(min > 0 ? { minLength: min } : {}) });
}

/** A creator handle as typed (`@Ana-Rossi`), normalised (`ana-rossi`). */
export const handle = z
  .string({ error: 'expected a creator handle like @ana-rossi' })
  .transform((value) => value.trim().replace(/^@/, '').toLowerCase())
  .pipe(
    z.string().regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, { error: 'expected a creator handle like @ana-rossi' }),
  )
  .meta({ description: 'A creator handle, like ana-rossi (a leading @ is dropped)' });

/** A session or campaign id, or a prefix of 4 or more characters of it (what people see: 8). */
export const reference = (what: string) =>
  z
    .string({ error: `expected a ${what} id, like 1a2b3c4d` })
    .transform((value) => value.trim().toLowerCase())
    .pipe(
      z.string().regex(/^[0-9a-f-]{4,36}$/, {
        error: (issue) => `"${String(issue.input).slice(0, 40)}" is not a ${what} id (like 1a2b3c4d)`,
      }),
    )
    .meta({ description: `A ${what} id, or its first 4 or more characters (like 1a2b3c4d)` });

/** A whole number in `min..max`, from a number or its text. */
export const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });

/** An instant with its UTC offset (`2030-12-03T22:00Z`, `2030-12-03T17:00-05:00`). */
export const instant = z
  .string({ error: 'expected a date and time with its offset, like 2030-12-03T22:00Z' })
  .refine((value) => /(Z|[+-]\d{2}:?\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)), {
    error: 'expected a date and time with its offset, like 2030-12-03T22:00Z',
  })
  .meta({ description: 'An ISO 8601 date and time with its offset, like 2030-12-03T17:00-05:00' });

/** An `https://` link of at most 500 characters (video calls). */
export const httpsLink = z
  .string({ error: 'expected a https:// link' })
  .trim()
  .max(500, { error: (issue) => `expected at most 500 characters (got ${String(issue.input).length})` })
  .regex(/^https:\/\/[^\s"]+$/, { error: 'expected a https:// link' });

export const noInput = z.object({}).strict();
