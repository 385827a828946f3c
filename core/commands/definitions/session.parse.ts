import type { SessionPolicy } from '../../sessions/index.ts';
import { AppError } from '../../shared/app-error.ts';
import type { CommandLine } from '../command-line.ts';
import { optionalTextField, TEXT_LIMITS, textField } from '../text-field.ts';
import { parseYesNo, readTimeAndDuration, requireRef, type TypedTime } from './session-args.ts';

/** What `/session …` asks for, parsed from the typed line. */
export type SessionArgs =
  | { action: 'list'; scope: 'mine' | 'all' }
  | { action: 'show' | 'invite' | 'confirm'; ref: string }
  | { action: 'accept' | 'decline'; ref: string; forHandle?: string }
  | {
      action: 'propose';
      handles: string[];
      when: TypedTime;
      durationMinutes: number;
      room?: string;
      title?: string;
      notes?: string;
      /** A video-call link: the session happens remotely. */
      remoteUrl?: string;
    }
  | { action: 'reschedule'; ref: string; when: TypedTime; durationMinutes?: number; reason?: string }
  | { action: 'cancel'; ref: string; reason?: string }
  | { action: 'feedback'; ref: string; rating: number; wouldWriteAgain: boolean; note?: string }
  | { action: 'settings'; patch: Partial<SessionPolicy> };

export const sessionUsage =
  '/session [list [all]] | show ID | propose @a @b DATE TIME [DURATION] [room:NAME | remote:URL] [title:"…"] [notes:"…"] | accept ID | decline ID | confirm ID | reschedule ID DATE TIME [DURATION] [reason:"…"] | cancel ID [REASON] | feedback ID 1-5 yes|no ["note"] | invite ID | settings';

const bad = (message: string) => new AppError('commands.bad_args', message);
export const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined || value.trim() === '' ? {} : { [key]: value }) as Partial<Record<K, string>>;

/** Reads `/session VERB …`; bad input is `commands.bad_args` naming what was expected. */
export function parseSessionLine(line: CommandLine): SessionArgs {
  const [verb = 'list', ref] = line.words;
  switch (verb.toLowerCase()) {
    case 'list':
    case 'mine':
      return { action: 'list', scope: ref === 'all' ? 'all' : 'mine' };
    case 'show':
    case 'invite':
    case 'confirm':
      return { action: verb.toLowerCase() as 'show', ref: requireRef(ref, `/session ${verb} 1a2b3c4d`) };
    case 'accept':
    case 'decline':
      return {
        action: verb.toLowerCase() as 'accept',
        ref: requireRef(ref, `/session ${verb} 1a2b3c4d`),
        ...optional('forHandle', line.mentions[0]),
      };
    case 'propose': {
      const { when, durationMinutes } = readTimeAndDuration(line, 1);
      if (line.mentions.length === 0) throw bad('expected who to invite, like @ana @ben');
      if (when === undefined)
        throw bad('expected when, like 2030-12-03 17:00 (your time) or at:2030-12-03T22:00Z');
      return {
        action: 'propose',
        handles: line.mentions,
        when,
        durationMinutes: durationMinutes ?? 120,
        ...optional('room', line.options.room?.[0]),
        ...optional(
          'title',
          optionalTextField('title', line.options.title?.[0], TEXT_LIMITS.sessionTitle, { isLabel: true }),
        ),
        ...optional('notes', optionalTextField('notes', line.options.notes?.[0], TEXT_LIMITS.sessionNotes)),
        ...optional('remoteUrl', remoteLink(line.options.remote?.[0], line.options.room?.[0])),
      };
    }
    case 'reschedule':
    case 'move': {
      const { when, durationMinutes } = readTimeAndDuration(line, 2);
      if (when === undefined) throw bad('expected the new time, like 2030-12-04 17:00');
      return {
        action: 'reschedule',
        ref: requireRef(ref, '/session reschedule 1a2b3c4d 2030-12-04 17:00'),
        when,
        ...(durationMinutes === undefined ? {} : { durationMinutes }),
        ...optional(
          'reason',
          optionalTextField('reason', line.options.reason?.[0], TEXT_LIMITS.sessionReason),
        ),
      };
    }
    case 'cancel':
      return {
        action: 'cancel',
        ref: requireRef(ref, '/session cancel 1a2b3c4d flu'),
        ...optional(
          'reason',
          optionalTextField(
            'reason',
            line.options.reason?.[0] ?? line.words.slice(2).join(' '),
            TEXT_LIMITS.sessionReason,
          ),
        ),
      };
    case 'feedback': {
      const rating = Number(line.words[2]);
      const again = parseYesNo(line.words[3]);
      if (!Number.isInteger(rating) || rating < 1 || rating > 5)
        throw bad('rating: expected a whole number from 1 to 5');
      if (again === undefined) throw bad('expected yes or no: would you write together again?');
      return {
        action: 'feedback',
        ref: requireRef(ref, '/session feedback 1a2b3c4d 5 yes'),
        rating,
        wouldWriteAgain: again,
        ...optional(
          'note',
          optionalTextField('note', line.words.slice(4).join(' '), TEXT_LIMITS.feedbackNote),
        ),
      };
    }
    case 'settings':
      return { action: 'settings', patch: parsePolicyPatch(line) };
    default:
      throw bad(`unknown action "${verb}"`);
  }
}

function parsePolicyPatch(line: CommandLine): Partial<SessionPolicy> {
  const patch: Partial<SessionPolicy> = {};
  const fullControl = line.options['full-control']?.[0];
  if (fullControl !== undefined) {
    if (!['on', 'off'].includes(fullControl)) throw bad('full-control: expected on or off');
    patch.isFullControl = fullControl === 'on';
  }
  for (const [key, field] of [
    ['hold-hours', 'holdHours'],
    ['late-change-hours', 'lateChangeWindowHours'],
  ] as const) {
    const value = line.options[key]?.[0];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value)) throw bad(`${key}: expected a whole number of hours`);
    patch[field] = Number(value);
  }
  const confirm = line.options.confirm?.[0];
  if (confirm !== undefined) {
    if (confirm !== 'publisher' && confirm !== 'automatic')
      throw bad('confirm: expected publisher or automatic');
    patch.scheduleConfirmation = confirm;
  }
  return patch;
}

/** `remote:https://meet.example/abc`: a session in a call instead of a room (never both). */
function remoteLink(link: string | undefined, room: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  if (room !== undefined) throw bad('remote: a session takes a room or a call link, not both');
  textField('remote', link, TEXT_LIMITS.remoteUrl);
  if (!/^https:\/\/[^\s"]+$/.test(link)) throw bad(`remote: expected a https:// call link, got "${link}"`);
  return link;
}
