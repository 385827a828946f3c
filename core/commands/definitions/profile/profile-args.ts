import { isValidTimeZone } from '../../../availability/local-time.ts';
import { findCity } from '../../../profiles/cities.ts';
import { classifyGenres } from '../../../profiles/genres.ts';
import { normaliseInspirations } from '../../../profiles/inspirations.ts';
import { normaliseRole } from '../../../profiles/roles.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { CommandLine } from '../../command-line.ts';
import type { ProfileChanges } from '../../services.ts';
import { TEXT_LIMITS, textField } from '../../text-field.ts';

export type ProfileArgs =
  | { action: 'show'; target?: string }
  | { action: 'set'; target?: string; changes: ProfileChanges };

const bad = (message: string) => new AppError('commands.bad_args', message);
const SETTABLE = [
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

/** Lists in options: `genres:"pop, alt-pop"`, `inspirations:"Robyn; Lorde"` (commas, semicolons or pipes). */
const splitList = (value: string) =>
  value
    .split(/[,;|]/)
    .map((item) => item.trim())
    .filter(Boolean);

function onOff(value: string, field: string): boolean {
  if (/^(on|yes|true)$/i.test(value)) return true;
  if (/^(off|no|false)$/i.test(value)) return false;
  throw bad(`${field}: expected on or off, got "${value}"`);
}

/** Turns `key:value` options into validated profile changes; only the keys given change. */
export function parseProfileChanges(options: Record<string, string[]>): ProfileChanges {
  const unknown = Object.keys(options).filter((key) => !(SETTABLE as readonly string[]).includes(key));
  if (unknown.length) throw bad(`${unknown[0]}: not a profile field; you can set ${SETTABLE.join(', ')}`);
  const value = (key: (typeof SETTABLE)[number]) => options[key]?.at(-1);
  const changes: ProfileChanges = {};
  const genres = value('genres');
  if (genres !== undefined) Object.assign(changes, classifyGenres(splitList(genres)));
  const roles = value('roles');
  if (roles !== undefined) {
    changes.roles = splitList(roles).map((role) => {
      const id = normaliseRole(role);
      if (!id)
        throw bad(
          `roles: "${role}" is not a role we know (try topliner, producer, lyricist, artist, engineer)`,
        );
      return id;
    });
    changes.roles = [...new Set(changes.roles)];
  }
  const inspirations = value('inspirations');
  if (inspirations !== undefined)
    changes.inspirations = normaliseInspirations(splitList(inspirations)).map((i) => i.name);
  const city = value('city');
  if (city !== undefined) {
    if (city.trim() === '') changes.location = null;
    else {
      const found = findCity(city);
      if (!found) throw bad(`city: "${city}" is not a city we know; name the nearest major city`);
      changes.location = {
        city: found.name,
        cityId: found.id,
        country: found.country,
        lat: found.lat,
        lon: found.lon,
      };
    }
  }
  const location = value('location');
  if (location !== undefined) changes.isLocationOptIn = onOff(location, 'location');
  const timeZone = value('timezone');
  if (timeZone !== undefined) {
    if (!isValidTimeZone(timeZone))
      throw bad(`timezone: "${timeZone}" is not an IANA time zone (e.g. Europe/London)`);
    changes.timeZone = timeZone;
  }
  const name = value('name');
  if (name !== undefined) {
    changes.displayName = textField('name', name, TEXT_LIMITS.displayName, {
      isLabel: true,
      isRequired: true,
    });
  }
  const bio = value('bio');
  if (bio !== undefined) {
    if (bio.length > 2_000) throw bad('bio: expected at most 2000 characters');
    changes.bio = bio.trim();
  }
  const writing = value('writing');
  if (writing !== undefined) changes.isWritingOptIn = onOff(writing, 'writing');
  return changes;
}

export function parseProfileArgs(line: CommandLine): ProfileArgs {
  const target = line.mentions[0];
  const [verb = 'show'] = line.words.map((word) => word.toLowerCase());
  if (verb === 'show') return target ? { action: 'show', target } : { action: 'show' };
  if (verb !== 'set') throw bad(`"${line.words[0]}" is not something /profile does: try show or set`);
  const changes = parseProfileChanges(line.options);
  if (Object.keys(changes).length === 0)
    throw bad(`set: name at least one field, like genres:"pop, alt-pop"`);
  return target ? { action: 'set', target, changes } : { action: 'set', changes };
}
