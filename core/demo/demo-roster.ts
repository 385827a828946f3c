import {
  ARTISTS_WRITTEN_FOR,
  FIRST_NAMES,
  GENRES,
  HOME_BASES,
  INSPIRATIONS,
  LAST_NAMES,
  ROLE_MIX,
  TITLE_WORDS,
} from './demo-vocabulary.ts';
import { seededRandom } from './seeded-random.ts';

export interface DemoCredit {
  title: string;
  artist: string;
  year: number;
  role: string;
}

export interface DemoAvailabilityRule {
  rrule: string;
  start: string;
  end: string;
}

export interface DemoCreator {
  handle: string;
  displayName: string;
  timeZone: string;
  city: string;
  region: string;
  genres: string[];
  roles: string[];
  inspirations: string[];
  credits: DemoCredit[];
  availability: DemoAvailabilityRule[];
  isWritingOptIn: boolean;
}

const WEEKDAY_SETS = [
  'MO,WE,FR',
  'TU,TH',
  'MO,TU,WE,TH',
  'WE,TH,FR',
  'SA,SU',
  'MO,FR',
  'TU,WE,TH,FR',
] as const;
const SESSION_HOURS = [
  ['10:00', '14:00'],
  ['11:00', '17:00'],
  ['13:00', '19:00'],
  ['16:00', '22:00'],
  ['18:00', '23:30'],
  ['09:30', '13:30'],
] as const;

/**
 * A deterministic, realistic roster: the same (count, seed) always yields the same creators.
 * Co-writes are shared between creators (same title + artist), so collaboration history exists.
 *
 * @example
 * generateDemoRoster(40, 1).map((c) => c.handle);
 */
export function generateDemoRoster(count: number, seed: number): DemoCreator[] {
  const random = seededRandom(seed);
  const usedHandles = new Set<string>();
  const creators: DemoCreator[] = [];
  for (let index = 0; index < count; index++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const home = HOME_BASES[index % HOME_BASES.length]!;
    const primaryGenre = random.pick(GENRES);
    const rules: DemoAvailabilityRule[] = [];
    for (let r = random.int(1, 3); r > 0; r--) {
      const [start, end] = random.pick(SESSION_HOURS);
      const interval = random.next() < 0.2 ? ';INTERVAL=2' : '';
      rules.push({ rrule: `FREQ=WEEKLY${interval};BYDAY=${random.pick(WEEKDAY_SETS)}`, start, end });
    }
    creators.push({
      handle: uniqueHandle(`${first}-${last}`, usedHandles),
      displayName: `${first} ${last}`,
      timeZone: home.timeZone,
      city: home.city,
      region: home.region,
      genres: [primaryGenre, ...random.sample(GENRES, random.int(0, 2))].filter(
        (g, i, all) => all.indexOf(g) === i,
      ),
      roles: [...random.pick(ROLE_MIX)],
      inspirations: random.sample(INSPIRATIONS, random.int(2, 4)),
      credits: [],
      availability: rules,
      isWritingOptIn: random.next() > 0.05,
    });
  }
  addSharedCredits(creators, random);
  return creators;
}

/**
 * Up to this many creators, co-writers are sampled from everyone who shares a genre (the rosters the
 * tests and the demo know, unchanged). Past it, that filter is quadratic (100,000 creators: hours), so
 * co-writers are drawn from the first writer's main genre instead, and every song gets its own title:
 * the vocabulary names only 5,292 distinct works (21 × 21 title words × 12 artists), so 80,000 songs
 * would merge into works of 38 writers on average, a co-writing graph no real roster has.
 */
const EXACT_PEERS_UP_TO = 20_000;

function addSharedCredits(creators: DemoCreator[], random: ReturnType<typeof seededRandom>): void {
  const songCount = Math.ceil(creators.length * 0.8);
  const byGenre = new Map<string, DemoCreator[]>();
  if (creators.length > EXACT_PEERS_UP_TO)
    for (const creator of creators) {
      const genre = creator.genres[0] ?? '';
      const bucket = byGenre.get(genre);
      if (bucket) bucket.push(creator);
      else byGenre.set(genre, [creator]);
    }
  // Co-writers mostly share a genre: that is how real rooms form.
  const coWriters = (first: DemoCreator, count: number): DemoCreator[] => {
    if (creators.length <= EXACT_PEERS_UP_TO) {
      const peers = creators.filter((c) => c !== first && c.genres.some((g) => first.genres.includes(g)));
      return random.sample(peers.length ? peers : creators, count);
    }
    const pool = byGenre.get(first.genres[0] ?? '') ?? creators;
    return Array.from({ length: count }, () => random.pick(pool)).filter((c) => c !== first);
  };
  const titlesTaken = new Map<string, number>();
  const distinctTitle = (title: string, artist: string): string => {
    if (creators.length <= EXACT_PEERS_UP_TO) return title;
    const key = `${title}\u0000${artist}`;
    const seen = (titlesTaken.get(key) ?? 0) + 1;
    titlesTaken.set(key, seen);
    return seen === 1 ? title : `${title} ${seen}`;
  };
  for (let song = 0; song < songCount; song++) {
    const words = `${random.pick(TITLE_WORDS)} ${random.pick(TITLE_WORDS)}`;
    const artist = random.pick(ARTISTS_WRITTEN_FOR);
    const title = distinctTitle(words, artist);
    const year = random.int(2012, 2025);
    const first = random.pick(creators);
    const writers = [first, ...coWriters(first, random.int(1, 2))];
    for (const writer of new Set(writers)) {
      if (writer.credits.some((credit) => credit.title === title && credit.artist === artist)) continue;
      writer.credits.push({ title, artist, year, role: writer.roles[0] ?? 'writer' });
    }
  }
}

function uniqueHandle(base: string, used: Set<string>): string {
  const slug = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 28);
  let handle = slug;
  for (let n = 2; used.has(handle); n++) handle = `${slug}-${n}`;
  used.add(handle);
  return handle;
}
