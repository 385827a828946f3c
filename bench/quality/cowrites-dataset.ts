/**
 * The co-writing benchmark data set (/work/shared/benchmarks/cowrites): songs, the time split, and the
 * roster-import CSVs the history becomes. See that folder's README for the protocol.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvRow } from '../../core/profiles/index.ts';

export const SONGS_CSV_URL = new URL('../../../shared/benchmarks/cowrites/songs.csv', import.meta.url);
export const HISTORY_LAST_YEAR = 2010;

export interface Song {
  year: number;
  artist: string;
  title: string;
  /** `writers_norm`, de-duplicated, in credited order. */
  writers: string[];
}

export interface CowritesSplit {
  historySongs: Song[];
  /** Every writer with a history song, sorted. */
  historyWriters: string[];
  /** Writer -> writers they shared a history song with. */
  pastCowriters: Map<string, Set<string>>;
  /** Query writer -> their new (post-history, never before) co-writers who are also history writers. */
  truth: Map<string, Set<string>>;
  queryWriters: string[];
  newPairCount: number;
}

export function parseSongsCsv(text: string): Song[] {
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) => ({
    year: Number(record.year),
    artist: record.artist ?? '',
    title: record.title ?? '',
    writers: [...new Set((record.writers_norm ?? '').split('|').map((w) => w.trim()))].filter(Boolean),
  }));
}

function addEdge(graph: Map<string, Set<string>>, a: string, b: string): void {
  if (!graph.has(a)) graph.set(a, new Set());
  graph.get(a)!.add(b);
}

function cowriterGraph(songs: readonly Song[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const song of songs) {
    for (const a of song.writers) {
      if (!graph.has(a)) graph.set(a, new Set());
      for (const b of song.writers) if (a !== b) addEdge(graph, a, b);
    }
  }
  return graph;
}

/** The README's protocol: history = year <= 2010; test pairs = new after-2010 co-writers who are both in history. */
export function deriveSplit(songs: readonly Song[], lastHistoryYear = HISTORY_LAST_YEAR): CowritesSplit {
  const historySongs = songs.filter((song) => song.year <= lastHistoryYear);
  const pastCowriters = cowriterGraph(historySongs);
  const historyWriters = [...pastCowriters.keys()].sort();
  const later = cowriterGraph(songs.filter((song) => song.year > lastHistoryYear));
  const truth = new Map<string, Set<string>>();
  let newPairCount = 0;
  for (const [a, partners] of later) {
    if (!pastCowriters.has(a)) continue;
    for (const b of partners) {
      if (!pastCowriters.has(b) || pastCowriters.get(a)!.has(b)) continue;
      addEdge(truth, a, b);
      if (a < b) newPairCount += 1;
    }
  }
  const queryWriters = [...truth.keys()].sort();
  return { historySongs, historyWriters, pastCowriters, truth, queryWriters, newPairCount };
}

export async function loadCowrites(url: URL = SONGS_CSV_URL): Promise<CowritesSplit> {
  return deriveSplit(parseSongsCsv(await readFile(url, 'utf8')));
}

/** Roster handles from names: "max martin" -> "max-martin", made unique with -2, -3 … and fitted to 32 chars. */
export function handlesForWriters(writers: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const handles = new Map<string, string>();
  for (const writer of writers) {
    let base = writer
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 28);
    if (base.length < 2) base = `${base || 'w'}-writer`;
    let handle = base;
    for (let n = 2; taken.has(handle); n += 1) handle = `${base}-${n}`;
    taken.add(handle);
    handles.set(writer, handle);
  }
  return handles;
}

/** One line without its line break, written (and neutralised) as the roster export writes it. */
function csvLine(values: readonly (string | number | undefined)[]): string {
  return csvRow(values).slice(0, -1);
}

function displayName(writer: string): string {
  return writer.replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
}

/** The history as roster-import CSV text: creators.csv and credits.csv with the exact import headers. */
export function rosterCsv(split: CowritesSplit): {
  creatorsCsv: string;
  creditsCsv: string;
  handles: Map<string, string>;
} {
  const handles = handlesForWriters(split.historyWriters);
  const creators = ['handle,name,time_zone,genres,roles,inspirations,city'];
  for (const writer of split.historyWriters)
    creators.push(csvLine([handles.get(writer), displayName(writer)]) + ',,,,,');
  const credits = ['handle,title,artist,year,role,isrc,iswc'];
  for (const song of split.historySongs) {
    for (const writer of song.writers) {
      credits.push(csvLine([handles.get(writer), song.title, song.artist, song.year, 'writer', '', '']));
    }
  }
  return { creatorsCsv: `${creators.join('\n')}\n`, creditsCsv: `${credits.join('\n')}\n`, handles };
}

/** Writes creators.csv and credits.csv into `directory` for the real roster import. */
export async function writeRosterCsv(split: CowritesSplit, directory: string): Promise<Map<string, string>> {
  const { creatorsCsv, creditsCsv, handles } = rosterCsv(split);
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'creators.csv'), creatorsCsv);
  await writeFile(join(directory, 'credits.csv'), creditsCsv);
  return handles;
}
