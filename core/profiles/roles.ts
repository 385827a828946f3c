/**
 * The role vocabulary: what a person does in a session. Aliases fold to one id so
 * "top-liner", "Top Liner" and "melody writer" are all `topliner`.
 */
import { foldText } from './text.normalise.ts';

export const ROLE_IDS = [
  'topliner',
  'producer',
  'lyricist',
  'composer',
  'songwriter',
  'artist',
  'vocalist',
  'musician',
  'engineer',
  'arranger',
  'dj',
] as const;

export type RoleId = (typeof ROLE_IDS)[number];

const ALIASES: Record<RoleId, readonly string[]> = {
  topliner: ['top-liner', 'top liner', 'topline', 'topline writer', 'melody writer', 'melodist', 'toplining'],
  producer: [
    'beatmaker',
    'beat maker',
    'beats',
    'prod',
    'track producer',
    'tracker',
    'track maker',
    'programmer',
  ],
  lyricist: ['lyric writer', 'lyrics', 'wordsmith', 'lyricists'],
  composer: ['music writer', 'composer arranger', 'score composer'],
  songwriter: ['writer', 'song writer', 'songwriters', 'author', 'co-writer', 'cowriter'],
  artist: ['recording artist', 'singer-songwriter', 'singer songwriter', 'performer', 'featured artist'],
  vocalist: ['singer', 'vocals', 'vox', 'demo singer', 'backing vocalist'],
  musician: [
    'instrumentalist',
    'session musician',
    'player',
    'multi-instrumentalist',
    'multi instrumentalist',
  ],
  engineer: [
    'mix engineer',
    'mixing engineer',
    'recording engineer',
    'mastering engineer',
    'mixer',
    'audio engineer',
  ],
  arranger: ['orchestrator', 'string arranger'],
  dj: ['deejay', 'disc jockey'],
};

const BY_KEY = new Map<string, RoleId>();
for (const id of ROLE_IDS) {
  for (const spelling of [id, ...ALIASES[id]]) BY_KEY.set(foldText(spelling), id);
}

/**
 * @example
 * normaliseRole('Beat Maker') // 'producer'
 * normaliseRole('kazoo')      // undefined
 */
export function normaliseRole(text: string): RoleId | undefined {
  return BY_KEY.get(foldText(text));
}

/** Pairs that make a session work together; everything else different scores in between. */
const COMPLEMENTS: ReadonlyArray<readonly [RoleId, RoleId, number]> = [
  ['topliner', 'producer', 1],
  ['lyricist', 'composer', 1],
  ['lyricist', 'producer', 0.9],
  ['artist', 'producer', 1],
  ['artist', 'songwriter', 0.9],
  ['artist', 'topliner', 0.9],
  ['songwriter', 'producer', 0.9],
  ['vocalist', 'producer', 0.8],
  ['topliner', 'musician', 0.7],
  ['lyricist', 'musician', 0.7],
  ['topliner', 'composer', 0.8],
];

const SAME_ROLE = 0.3;
const OTHER_DIFFERENT = 0.6;

/**
 * How well two people's roles complement each other, 0..1: the best of all their role combinations.
 * Undefined when either has no roles (nothing to judge).
 */
export function roleComplementarity(a: readonly string[], b: readonly string[]): number | undefined {
  return bestRolePairing(a, b)?.value;
}

/** The role combination behind `roleComplementarity`: which of a's roles meets which of b's. */
export function bestRolePairing(
  a: readonly string[],
  b: readonly string[],
): { value: number; roles: [string, string] } | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  let best: { value: number; roles: [string, string] } | undefined;
  for (const x of a) {
    for (const y of b) {
      const listed = COMPLEMENTS.find(([p, q]) => (p === x && q === y) || (p === y && q === x));
      const value = listed ? listed[2] : x === y ? SAME_ROLE : OTHER_DIFFERENT;
      if (!best || value > best.value) best = { value, roles: [x, y] };
    }
  }
  return best;
}
