/**
 * A roster whose history has one signal that decides who writes together next: every creator has one
 * style (a free genre tag) and a solo credit every year 2000-2020, so popularity and recency say
 * nothing; new co-writes pair creators of the same style, each creator at most twice, so the
 * co-writing graph barely forms. Weight-fit tests expect the fit to find the style.
 */
import { seededRandom } from '../demo/seeded-random.ts';
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { creator } from './roster.fixture.ts';

interface HistoryCredit {
  title: string;
  artist: string;
  year: number;
}

export function styleDrivenHistory(creators = 120, styles = 6) {
  const random = seededRandom(7);
  const handles = Array.from({ length: creators }, (_, i) => `writer-${String(i).padStart(3, '0')}`);
  const styleOf = (handle: string) => `style${Number(handle.slice(-3)) % styles}`;
  const credits = new Map<string, HistoryCredit[]>(
    handles.map((handle) => [
      handle,
      Array.from({ length: 21 }, (_, k) => ({
        title: `${handle} solo ${k}`,
        artist: `Act ${handle}`,
        year: 2000 + k,
      })),
    ]),
  );
  const coWrites = new Map(handles.map((handle) => [handle, 0]));
  for (let year = 2001; year <= 2020; year += 1) {
    for (let song = 0; song < 4; song += 1) {
      const free = handles.filter((handle) => coWrites.get(handle)! < 2);
      const a = random.pick(free);
      const partners = free.filter((handle) => handle !== a && styleOf(handle) === styleOf(a));
      if (partners.length === 0) continue;
      const b = random.pick(partners);
      for (const handle of [a, b]) {
        coWrites.set(handle, coWrites.get(handle)! + 1);
        credits.get(handle)!.push({ title: `duet ${year}-${song}`, artist: `Duo ${year}-${song}`, year });
      }
    }
  }
  return { handles, styleOf, credits };
}

export function styleDrivenRoster(creators?: number, styles?: number): CreatorProfile[] {
  const { handles, styleOf, credits } = styleDrivenHistory(creators, styles);
  return handles.map((handle) =>
    creator(handle, { genres: [styleOf(handle)], credits: credits.get(handle)! }),
  );
}

/** The same roster as roster-import CSV text. */
export function styleDrivenCsv(
  creators?: number,
  styles?: number,
): { creatorsCsv: string; creditsCsv: string } {
  const { handles, styleOf, credits } = styleDrivenHistory(creators, styles);
  const creatorsCsv = ['handle,name,genres', ...handles.map((h) => `${h},${h.toUpperCase()},${styleOf(h)}`)];
  const creditsCsv = [
    'handle,title,artist,year,role',
    ...handles.flatMap((h) => credits.get(h)!.map((c) => `${h},${c.title},${c.artist},${c.year},writer`)),
  ];
  return { creatorsCsv: `${creatorsCsv.join('\n')}\n`, creditsCsv: `${creditsCsv.join('\n')}\n` };
}
