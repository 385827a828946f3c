/**
 * "Same work" identity for credits. Two credits are the same work when they carry the same ISWC, otherwise
 * when their normalised title and normalised primary artist agree. Co-writers are found by this key.
 */
import { parseIswc } from './identifiers.ts';
import { foldText } from './text.normalise.ts';

const FEATURE_CLAUSE = /\s*[([]?\s*\b(?:feat\.?|ft\.?|featuring|with)\s[^)\]]*[)\]]?/i;
const VERSION_WORDS =
  /[([]\s*[^)\]]*\b(?:remix|mix|edit|version|live|remaster(?:ed)?|acoustic|mono|stereo|demo|instrumental)\b[^)\]]*[)\]]/gi;

/**
 * Title key: version descriptors "(Radio Edit)", "[Remix]" and featured-artist clauses dropped,
 * then folded (case, accents, punctuation).
 *
 * @example
 * normaliseTitle("Don't Stop the Music (Radio Edit) [feat. X]") // 'dont stop the music'
 */
export function normaliseTitle(title: string): string {
  return foldText(title.replace(VERSION_WORDS, ' ').replace(FEATURE_CLAUSE, ' '));
}

/** Featured artists split off the credited artist: "Rihanna feat. Drake" -> ["Rihanna", "Drake"]. */
export function splitCreditedArtists(artist: string): string[] {
  return artist
    .split(/\s+(?:feat\.?|ft\.?|featuring|with|x)\s+|\s*[,/]\s*/i)
    .map((part) => part.replace(/^[([]|[)\]]$/g, '').trim())
    .filter((part) => part.length > 0);
}

/** Artist key: folded, leading "the" dropped ("The Beatles" = "Beatles"), primary artist only. */
export function normaliseArtistName(artist: string): string {
  return foldText(artist.replace(FEATURE_CLAUSE, ' ')).replace(/^the /, '');
}

/**
 * The key that makes two credits "the same work".
 *
 * @example
 * workKey({ title: 'Umbrella', artist: 'Rihanna feat. Jay-Z' }) === workKey({ title: 'UMBRELLA', artist: 'rihanna' })
 */
export function workKey(credit: {
  title: string;
  artist?: string | undefined;
  iswc?: string | undefined;
}): string {
  const iswc = credit.iswc ? parseIswc(credit.iswc) : undefined;
  if (iswc) return `iswc:${iswc}`;
  return `work:${normaliseTitle(credit.title)}|${credit.artist ? normaliseArtistName(credit.artist) : ''}`;
}
