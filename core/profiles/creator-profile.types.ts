/**
 * The clean, normalised shapes the rest of the core works with. The DB layer loads rows, passes them through
 * `validateCreatorProfile`, and hands these to matching.
 */
import type { Inspiration } from './inspirations.ts';
import type { RoleId } from './roles.ts';

export type ContactPreference = 'chat' | 'email' | 'none';

export interface Credit {
  title: string;
  artist?: string;
  year?: number;
  role?: RoleId;
  /** Canonical compact ISRC, e.g. `USRC17607839`. */
  isrc?: string;
  /** Canonical dotted ISWC, e.g. `T-034.524.680-1`. */
  iswc?: string;
  /** "Same work" key: see `workKey`. Credits of different creators with the same key are co-writes. */
  workKey: string;
}

/** City-level only, and only when the creator opted in. */
export interface CreatorLocation {
  /** Gazetteer id (`us-nashville`) or `custom` for coordinates outside it. */
  cityId: string;
  city: string;
  country?: string;
  lat: number;
  lon: number;
}

export interface ProfileLink {
  label?: string;
  url: string;
}

export interface CreatorProfile {
  handle: string;
  displayName: string;
  bio?: string;
  timeZone?: string;
  /** Free-form skills, tidied ("Vocal comping"). */
  skills: string[];
  /** Folded instrument names ("guitar", "piano"). */
  instruments: string[];
  roles: RoleId[];
  /** Taxonomy genre ids. */
  genres: string[];
  /** Free-form slugs, including genres outside the taxonomy. */
  tags: string[];
  inspirations: Inspiration[];
  credits: Credit[];
  links: ProfileLink[];
  location?: CreatorLocation;
  isLocationOptIn: boolean;
  pro?: string;
  /** 11-digit IPI name number. */
  ipi?: string;
  contactPreference: ContactPreference;
  isWritingOptIn: boolean;
}

/** One thing wrong with an input, naming the field (dotted path) and a stable code. */
export interface ProfileProblem {
  field: string;
  code: string;
  problem: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: ProfileProblem[] };
