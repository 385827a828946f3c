import { AppError } from '../shared/app-error.ts';

/**
 * The longest text each stored field takes, in characters: the CHECKs in db/migrations, checked
 * here first so a long value is a clear answer naming the field, not a failed query.
 */
export const TEXT_LIMITS = {
  sessionTitle: 200,
  sessionNotes: 4000,
  /** sessions.cancel_reason; a reschedule reason is held to the same. */
  sessionReason: 1000,
  feedbackNote: 1000,
  campaignBrief: 2000,
  studioName: 120,
  studioCity: 120,
  studioAddress: 300,
  roomName: 120,
  roomGear: 1000,
  availabilityNote: 500,
  doNotPairReason: 500,
  displayName: 120,
  /** A call link is stored in the session's location: bounded like any other text. */
  remoteUrl: 500,
} as const;

/**
 * Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): in a name or title
 * they make the text display as something other than what it is.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Characters as PostgreSQL's `length()` counts them: code points, not UTF-16 units. */
const characters = (text: string) => [...text].length;

/**
 * A typed text value, trimmed and checked against its limit; names and titles (`isLabel`) also lose
 * bidi controls. Throws `commands.bad_args` naming the field: `title: expected at most 200
 * characters (got 250)`.
 *
 * @example
 * textField('title', args.title, TEXT_LIMITS.sessionTitle, { isLabel: true });
 */
export function textField(
  field: string,
  value: string,
  maxChars: number,
  options: { isLabel?: boolean; isRequired?: boolean } = {},
): string {
  const cleaned = (options.isLabel ? value.replace(BIDI_CONTROLS, '') : value).trim();
  // A UTF-16 length within the limit is within it in code points too: skip the count.
  const length = cleaned.length <= maxChars ? cleaned.length : characters(cleaned);
  if (length > maxChars) {
    throw new AppError(
      'commands.bad_args',
      `${field}: expected at most ${maxChars} characters (got ${length})`,
      {
        field,
        maxChars,
        length,
      },
    );
  }
  if (options.isRequired && length === 0) {
    throw new AppError('commands.bad_args', `${field}: expected 1 to ${maxChars} characters`, {
      field,
      maxChars,
    });
  }
  return cleaned;
}

/** Like textField for an optional value: undefined stays undefined, and so does one left empty. */
export function optionalTextField(
  field: string,
  value: string | undefined,
  maxChars: number,
  options: { isLabel?: boolean } = {},
): string | undefined {
  if (value === undefined) return undefined;
  return textField(field, value, maxChars, options) || undefined;
}
