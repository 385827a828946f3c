/**
 * Validation and normalisation of creator profiles and credits into the clean shapes matching uses,
 * and the canonical content string whose hash tells when a profile's embedding must be recomputed.
 */
import { IANAZone } from 'luxon';
import type { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { findCity } from './cities.ts';
import { creatorProfileInputSchema, creditInputSchema, HANDLE_PATTERN } from './creator-profile.schema.ts';
import type {
  CreatorLocation,
  CreatorProfile,
  Credit,
  ProfileProblem,
  Validated,
} from './creator-profile.types.ts';
import { classifyGenres } from './genres.ts';
import { parseIpi, parseIsrc, parseIswc } from './identifiers.ts';
import { normaliseInspirations } from './inspirations.ts';
import { normaliseRole, ROLE_IDS, type RoleId } from './roles.ts';
import { cleanDisplay, foldText, slugify, uniqueInOrder } from './text.normalise.ts';
import { normaliseArtistName, workKey } from './work-key.ts';

function zodProblems(error: z.ZodError, prefix = ''): ProfileProblem[] {
  return error.issues.map((issue) => ({
    field: prefix + (issue.path.join('.') || '(root)'),
    code: 'profiles.invalid_field',
    problem: issue.message,
  }));
}

/** Validates one credit. `field` prefixes problem paths (e.g. `credits.2.`). */
export function validateCredit(input: unknown, prefix = ''): Validated<Credit> {
  const parsed = creditInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, prefix) };
  const { title, artist, year, role, isrc, iswc } = parsed.data;
  const problems: ProfileProblem[] = [];
  const credit: Credit = { title: cleanDisplay(title), workKey: workKey({ title, artist, iswc: undefined }) };
  if (artist) credit.artist = cleanDisplay(artist);
  if (year !== undefined) credit.year = year;
  if (role) {
    const roleId = normaliseRole(role);
    if (roleId) credit.role = roleId;
    else problems.push(unknownRole(`${prefix}role`, role));
  }
  if (isrc) {
    const canonical = parseIsrc(isrc);
    if (canonical) credit.isrc = canonical;
    else
      problems.push({
        field: `${prefix}isrc`,
        code: 'profiles.bad_isrc',
        problem: `"${isrc}" is not an ISRC (CC-XXX-YY-NNNNN)`,
      });
  }
  if (iswc) {
    const canonical = parseIswc(iswc);
    if (canonical) {
      credit.iswc = canonical;
      credit.workKey = workKey({ title, iswc: canonical });
    } else {
      problems.push({
        field: `${prefix}iswc`,
        code: 'profiles.bad_iswc',
        problem: `"${iswc}" is not an ISWC (T-DDD.DDD.DDD-C with a valid check digit)`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: credit };
}

function unknownRole(field: string, role: string): ProfileProblem {
  return {
    field,
    code: 'profiles.unknown_role',
    problem: `unknown role "${role}"; use one of ${ROLE_IDS.join(', ')}`,
  };
}

/** Same work twice on one profile (a re-release, a duplicate import row) is kept once, with its earliest year. */
export function mergeCredits(credits: readonly Credit[]): Credit[] {
  const byWork = new Map<string, Credit>();
  for (const credit of credits) {
    const existing = byWork.get(credit.workKey);
    if (!existing) byWork.set(credit.workKey, { ...credit });
    else if (credit.year !== undefined && (existing.year === undefined || credit.year < existing.year))
      existing.year = credit.year;
  }
  return [...byWork.values()];
}

function resolveLocation(
  location: { city?: string | undefined; lat?: number | undefined; lon?: number | undefined },
  problems: ProfileProblem[],
): CreatorLocation | undefined {
  const coarse = (value: number) => Math.round(value * 100) / 100;
  if (location.lat !== undefined && location.lon !== undefined) {
    const city = location.city ? findCity(location.city) : undefined;
    return {
      cityId: city?.id ?? 'custom',
      city: city?.name ?? cleanDisplay(location.city ?? ''),
      lat: coarse(location.lat),
      lon: coarse(location.lon),
      ...(city ? { country: city.country } : {}),
    };
  }
  if (!location.city) return undefined;
  const city = findCity(location.city);
  if (!city) {
    problems.push({
      field: 'location.city',
      code: 'profiles.unknown_city',
      problem: `unknown city "${location.city}"; use a major city nearby`,
    });
    return undefined;
  }
  return { cityId: city.id, city: city.name, country: city.country, lat: city.lat, lon: city.lon };
}

/**
 * Zones found valid so far: luxon builds an Intl.DateTimeFormat per check, the largest cost of validating
 * a 200,000-row import. Only valid names are kept (a finite set), so the cache stays small.
 */
const validZones = new Set<string>();
function isValidZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  validZones.add(zone);
  return true;
}

/**
 * Validates and normalises a creator profile. Genres outside the taxonomy become tags; roles fold to the
 * role vocabulary; location is dropped unless the creator opted in.
 */
export function validateCreatorProfile(input: unknown): Validated<CreatorProfile> {
  const parsed = creatorProfileInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const data = parsed.data;
  const problems: ProfileProblem[] = [];
  if (!HANDLE_PATTERN.test(data.handle)) {
    problems.push({
      field: 'handle',
      code: 'profiles.bad_handle',
      problem: `"${data.handle}" is not a handle: 2-32 of a-z, 0-9, ".", "_", "-", starting with a letter or digit`,
    });
  }
  if (data.timeZone && !isValidZone(data.timeZone)) {
    problems.push({
      field: 'timeZone',
      code: 'profiles.bad_time_zone',
      problem: `"${data.timeZone}" is not an IANA time zone such as Europe/London`,
    });
  }
  const roles: RoleId[] = [];
  for (const [index, role] of data.roles.entries()) {
    const roleId = normaliseRole(role);
    if (roleId) roles.push(roleId);
    else if (role.trim()) problems.push(unknownRole(`roles.${index}`, role));
  }
  const ipi = data.ipi ? parseIpi(data.ipi) : undefined;
  if (data.ipi && !ipi)
    problems.push({
      field: 'ipi',
      code: 'profiles.bad_ipi',
      problem: `"${data.ipi}" is not an IPI name number (9-11 digits)`,
    });
  const credits: Credit[] = [];
  for (const [index, raw] of data.credits.entries()) {
    const credit = validateCredit(raw, `credits.${index}.`);
    if (credit.ok) credits.push(credit.value);
    else problems.push(...credit.problems);
  }
  const location =
    data.isLocationOptIn && data.location ? resolveLocation(data.location, problems) : undefined;
  if (problems.length > 0) return { ok: false, problems };
  const { genres, tags } = classifyGenres(data.genres);
  const profile: CreatorProfile = {
    handle: data.handle,
    displayName: cleanDisplay(data.displayName),
    skills: uniqueInOrder(data.skills.map(cleanDisplay).filter(Boolean)),
    instruments: uniqueInOrder(data.instruments.map(foldText).filter(Boolean)),
    roles: uniqueInOrder(roles),
    genres,
    tags: uniqueInOrder([...tags, ...data.tags.map(slugify)].filter(Boolean)),
    inspirations: normaliseInspirations(data.inspirations),
    credits: mergeCredits(credits),
    links: data.links.map((link) => (link.label ? { label: link.label, url: link.url } : { url: link.url })),
    isLocationOptIn: data.isLocationOptIn,
    contactPreference: data.contactPreference,
    isWritingOptIn: data.isWritingOptIn,
  };
  if (data.bio) profile.bio = data.bio;
  if (data.timeZone) profile.timeZone = data.timeZone;
  if (location) profile.location = location;
  if (data.pro) profile.pro = data.pro;
  if (ipi) profile.ipi = ipi;
  return { ok: true, value: profile };
}

/** Like `validateCreatorProfile`, throwing an AppError that carries the first problem's code and every problem. */
export function parseCreatorProfile(input: unknown): CreatorProfile {
  const result = validateCreatorProfile(input);
  if (result.ok) return result.value;
  const [first] = result.problems;
  throw new AppError(first!.code, `Profile field "${first!.field}": ${first!.problem}`, {
    field: first!.field,
    problems: result.problems,
  });
}

/**
 * Canonical JSON of everything that affects matching and embeddings (sorted, no display-only fields).
 * Hash it (e.g. sha256 in the caller) and recompute the embedding only when the hash changes.
 */
export function profileContentKey(profile: CreatorProfile): string {
  const sorted = (values: readonly string[]) => [...values].sort();
  return JSON.stringify({
    v: 1,
    genres: sorted(profile.genres),
    tags: sorted(profile.tags),
    roles: sorted(profile.roles),
    instruments: sorted(profile.instruments),
    skills: sorted(profile.skills.map(foldText)),
    inspirations: sorted(profile.inspirations.map((inspiration) => inspiration.key)),
    credits: sorted(
      profile.credits.map((c) =>
        JSON.stringify([
          c.workKey,
          c.artist ? normaliseArtistName(c.artist) : '',
          c.year ?? null,
          c.role ?? null,
        ]),
      ),
    ),
    bio: profile.bio ? cleanDisplay(profile.bio) : '',
    city: profile.location?.cityId ?? null,
    isWritingOptIn: profile.isWritingOptIn,
  });
}
