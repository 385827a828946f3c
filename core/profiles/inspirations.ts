/**
 * Inspirations are named entities (artists, records, producers). People see what they typed, tidied;
 * matching compares a folded key where case, accents, punctuation and a leading "The" do not count
 * ("The Weeknd" = "weeknd", "Beyoncé" = "Beyonce").
 */
import { cleanDisplay, foldText } from './text.normalise.ts';

export interface Inspiration {
  /** Folded matching key. */
  key: string;
  /** The tidied form to show. */
  name: string;
}

export function inspirationKey(text: string): string {
  return foldText(text).replace(/^the /, '');
}

/** Undefined for blank input. */
export function normaliseInspiration(text: string): Inspiration | undefined {
  const name = cleanDisplay(text);
  const key = inspirationKey(name);
  return key ? { key, name } : undefined;
}

/** Normalised and de-duplicated by key, keeping the first display form. */
export function normaliseInspirations(texts: readonly string[]): Inspiration[] {
  const byKey = new Map<string, Inspiration>();
  for (const text of texts) {
    const inspiration = normaliseInspiration(text);
    if (inspiration && !byKey.has(inspiration.key)) byKey.set(inspiration.key, inspiration);
  }
  return [...byKey.values()];
}
