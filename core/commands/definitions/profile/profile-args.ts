import { z } from 'zod';
import { isValidTimeZone } from '../../../availability/local-time.ts';
import { findCity } from '../../../profiles/cities.ts';
import { classifyGenres } from '../../../profiles/genres.ts';
import { normaliseInspirations } from '../../../profiles/inspirations.ts';
import type { ProfileChanges } from '../../../profiles/profile.store.ts';
import { normaliseRole } from '../../../profiles/roles.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { CommandLine } from '../../command-line.ts';
import { boundedText, handle } from '../../input-schema.ts';

/** The fields `/profile set` knows, by the name people type. */
export const SETTABLE = [
  'genres',
  'roles',
  'inspirations',
  'city',
  'location',
  'timezone',
  'name',
  'bio',
  'writing',
] as const;

const listOf = (max: number, what: string) =>
  z
    .array(boundedText(80), { error: `expected a list of ${what}` })
    .max(max, { error: `expected at most ${max} ${what}` });

export const timeZone = z
  .string()
  .trim()
  .refine(isValidTimeZone, {
    error: (issue) => `"${String(issue.input)}" is not an IANA time zone (e.g. Europe/London)`,
  });

/** The typed changes of `/profile set …` (forms and tools send the same object). */
export const profileChangeFields = {
  genres: listOf(20, 'genres').optional(),
  roles: z
    .array(
      z.string().refine((role) => normaliseRole(role) !== undefined, {
        error: (issue) =>
          `"${String(issue.input)}" is not a role we know (try topliner, producer, lyricist, artist, engineer)`,
      }),
    )
    .max(10)
    .optional(),
  inspirations: listOf(30, 'inspirations').optional(),
  /** A city name, or empty to clear it. */
  city: z
    .string()
    .trim()
    .max(120)
    .refine((city) => city === '' || findCity(city) !== undefined, {
      error: (issue) => `"${String(issue.input)}" is not a city we know; name the nearest major city`,
    })
    .optional(),
  location: z.boolean({ error: 'expected on or off' }).optional(),
  timezone: timeZone.optional(),
  name: boundedText(120).optional(),
  bio: boundedText(2000, { min: 0 }).optional(),
  writing: z.boolean({ error: 'expected on or off' }).optional(),
};
type ProfileChangesInput = {
  [K in keyof typeof profileChangeFields]?: z.output<(typeof profileChangeFields)[K]>;
};

/** Whether an input names at least one field to change. */
export const hasChanges = (input: Record<string, unknown>) =>
  Object.keys(input).some((key) => key !== 'creator' && input[key] !== undefined);

/** The store's change set for validated input: genres classified, roles and cities normalised. */
export function toProfileChanges(input: ProfileChangesInput): ProfileChanges {
  const changes: ProfileChanges = {};
  if (input.genres) Object.assign(changes, classifyGenres(input.genres));
  if (input.roles) changes.roles = [...new Set(input.roles.map((role) => normaliseRole(role)!))];
  if (input.inspirations) changes.inspirations = normaliseInspirations(input.inspirations).map((i) => i.name);
  if (input.city !== undefined) {
    const found = input.city === '' ? undefined : findCity(input.city);
    changes.location = found
      ? { city: found.name, cityId: found.id, country: found.country, lat: found.lat, lon: found.lon }
      : null;
  }
  if (input.location !== undefined) changes.isLocationOptIn = input.location;
  if (input.timezone !== undefined) changes.timeZone = input.timezone;
  if (input.name !== undefined) changes.displayName = input.name;
  if (input.bio !== undefined) changes.bio = input.bio;
  if (input.writing !== undefined) changes.isWritingOptIn = input.writing;
  return changes;
}

const bad = (message: string) => new AppError('commands.bad_args', message);

/** Lists in options: `genres:"pop, alt-pop"`, `inspirations:"Robyn; Lorde"` (commas, semicolons or pipes). */
const splitList = (value: string) =>
  value
    .split(/[,;|]/)
    .map((item) => item.trim())
    .filter(Boolean);

function onOff(value: string): boolean | string {
  if (/^(on|yes|true)$/i.test(value)) return true;
  if (/^(off|no|false)$/i.test(value)) return false;
  return value; // the schema says what is expected
}

/** `key:value` options onto the changes object; the last value of a repeated key counts. */
export function readProfileOptions(options: Record<string, string[]>): Record<string, unknown> {
  const unknown = Object.keys(options).find((key) => !(SETTABLE as readonly string[]).includes(key));
  if (unknown) throw bad(`${unknown}: not a profile field; you can set ${SETTABLE.join(', ')}`);
  const out: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(options)) {
    const value = values.at(-1)!;
    if (key === 'genres' || key === 'roles' || key === 'inspirations') out[key] = splitList(value);
    else if (key === 'location' || key === 'writing') out[key] = onOff(value);
    else out[key] = value;
  }
  return out;
}

export const profileTarget = { creator: handle.optional() };

export function readTarget(line: CommandLine): { creator?: string } {
  const target = line.mentions[0];
  return target ? { creator: target } : {};
}
