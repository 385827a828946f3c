/**
 * What matching reads from a profile, precomputed once: weighted genre features (taxonomy ancestors count
 * less), named-entity keys with display names, credit artists, activity and the embedding input.
 */
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { genreAncestors, genreById } from '../profiles/genres.ts';
import { foldText } from '../profiles/text.normalise.ts';
import { normaliseArtistName, splitCreditedArtists } from '../profiles/work-key.ts';
import type { EmbeddingInput, WeightedFeature } from './embedder.port.ts';

/** Weight of a parent genre relative to the genre itself; halves again per level. */
export const ANCESTOR_GENRE_WEIGHT = 0.5;

export interface CreatorFeatures {
  handle: string;
  /** `genre:<id>` / `tag:<slug>` -> weight (1 for the genre or tag itself, less for ancestors). */
  genreWeights: Map<string, number>;
  /** Feature key -> display label (genre label or tag). */
  genreLabels: Map<string, string>;
  /** Inspiration key -> display name. */
  inspirations: Map<string, string>;
  /** Artists written for: normalised key -> display name. */
  creditArtists: Map<string, string>;
  workKeys: Set<string>;
  roles: string[];
  instruments: string[];
  /** Latest credit year, if any credit has a year. */
  lastCreditYear?: number;
  /** Work key -> its credit year, for dated credits (when a co-write happened). */
  workYears: Map<string, number>;
}

export function creatorFeatures(profile: CreatorProfile): CreatorFeatures {
  const genreWeights = new Map<string, number>();
  const genreLabels = new Map<string, string>();
  const addGenre = (key: string, label: string, weight: number) => {
    genreWeights.set(key, Math.max(genreWeights.get(key) ?? 0, weight));
    if (!genreLabels.has(key)) genreLabels.set(key, label);
  };
  for (const id of profile.genres) {
    addGenre(`genre:${id}`, genreById(id)?.label ?? id, 1);
    for (const [depth, ancestor] of genreAncestors(id).entries()) {
      addGenre(
        `genre:${ancestor}`,
        genreById(ancestor)?.label ?? ancestor,
        ANCESTOR_GENRE_WEIGHT ** (depth + 1),
      );
    }
  }
  for (const tag of profile.tags) addGenre(`tag:${tag}`, tag, 1);
  const creditArtists = new Map<string, string>();
  const workKeys = new Set<string>();
  const workYears = new Map<string, number>();
  let lastCreditYear: number | undefined;
  for (const credit of profile.credits) {
    workKeys.add(credit.workKey);
    if (credit.year !== undefined) {
      lastCreditYear = Math.max(lastCreditYear ?? credit.year, credit.year);
      workYears.set(credit.workKey, Math.max(workYears.get(credit.workKey) ?? credit.year, credit.year));
    }
    for (const artist of credit.artist ? splitCreditedArtists(credit.artist) : []) {
      const key = normaliseArtistName(artist);
      if (key && !creditArtists.has(key)) creditArtists.set(key, artist);
    }
  }
  const features: CreatorFeatures = {
    handle: profile.handle,
    genreWeights,
    genreLabels,
    inspirations: new Map(profile.inspirations.map((inspiration) => [inspiration.key, inspiration.name])),
    creditArtists,
    workKeys,
    workYears,
    roles: [...profile.roles],
    instruments: [...profile.instruments],
  };
  if (lastCreditYear !== undefined) features.lastCreditYear = lastCreditYear;
  return features;
}

/** Relative weights of each feature family in the profile embedding. */
const FAMILY_WEIGHTS = { genre: 1, inspiration: 1, artist: 0.75, role: 0.5, instrument: 0.4 } as const;

/**
 * The embedding input for a profile: structured features for the local embedder and a sentence of the same
 * facts (plus bio) for text-model embedders.
 */
export function profileEmbeddingInput(profile: CreatorProfile): EmbeddingInput {
  const f = creatorFeatures(profile);
  const features: WeightedFeature[] = [
    ...[...f.genreWeights].map(([name, weight]) => ({ name, weight: weight * FAMILY_WEIGHTS.genre })),
    ...[...f.inspirations.keys()].map((key) => ({
      name: `inspiration:${key}`,
      weight: FAMILY_WEIGHTS.inspiration,
    })),
    ...[...f.creditArtists.keys()].map((key) => ({ name: `artist:${key}`, weight: FAMILY_WEIGHTS.artist })),
    ...f.roles.map((role) => ({ name: `role:${role}`, weight: FAMILY_WEIGHTS.role })),
    ...f.instruments.map((instrument) => ({
      name: `instrument:${foldText(instrument)}`,
      weight: FAMILY_WEIGHTS.instrument,
    })),
  ];
  const parts = [
    f.genreLabels.size > 0 ? `Genres: ${[...f.genreLabels.values()].join(', ')}.` : '',
    profile.roles.length > 0 ? `Roles: ${profile.roles.join(', ')}.` : '',
    profile.instruments.length > 0 ? `Instruments: ${profile.instruments.join(', ')}.` : '',
    f.inspirations.size > 0 ? `Inspired by ${[...f.inspirations.values()].join(', ')}.` : '',
    f.creditArtists.size > 0 ? `Wrote for ${[...f.creditArtists.values()].join(', ')}.` : '',
    profile.bio ?? '',
  ];
  return { text: parts.filter(Boolean).join(' '), features };
}
