/**
 * Where a roster file's bytes come from (a file on disk, or text already in memory) and how the import
 * reads it: as a stream of records in bounded memory, each with the byte range it came from, so a later
 * pass can re-read exactly the rows it needs (a creator's credits) without holding the file.
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import {
  type CsvParseFailure,
  type CsvRecord,
  checkCsvHeader,
  csvRecordFromCells,
  describeCsvParseFailure,
  ROSTER_CSV_OPTIONS,
  type RosterFile,
  type RosterProblem,
  recordRow,
} from '../../core/profiles/index.ts';

export interface RosterSource {
  readonly file: RosterFile;
  readonly sizeBytes: number;
  /** The whole file from the start, in chunks (at most 64 KiB each). */
  stream(): Readable;
  /** The bytes [start, end). */
  read(start: number, end: number): Promise<Buffer>;
  close(): Promise<void>;
}

const CHUNK_BYTES = 64 * 1024;

/** A roster file on disk, opened once (reads use the caller's permissions: nothing here resolves paths). */
export async function openRosterFile(file: RosterFile, path: string): Promise<RosterSource> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    file,
    sizeBytes: size,
    stream: () => handle.createReadStream({ start: 0, highWaterMark: CHUNK_BYTES, autoClose: false }),
    async read(start, end) {
      const buffer = Buffer.alloc(end - start);
      const { bytesRead } = await handle.read(buffer, 0, end - start, start);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

/** Roster text already in memory (tests, the demo): chunked like a file so parsing still yields. */
export function rosterText(file: RosterFile, text: string): RosterSource {
  const bytes = Buffer.from(text, 'utf8');
  return {
    file,
    sizeBytes: bytes.length,
    stream: () =>
      Readable.from(
        (function* () {
          for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES)
            yield bytes.subarray(offset, offset + CHUNK_BYTES);
        })(),
      ),
    read: async (start, end) => bytes.subarray(start, end),
    close: async () => {},
  };
}

/** One data row as read: its byte range, and its record or the problems that hold it back. */
export interface RosterRow {
  row: number;
  startByte: number;
  endByte: number;
  /** Absent when the cells do not match the header. */
  record?: CsvRecord;
  /** Non-empty: the row is held back. */
  problems: RosterProblem[];
}

/** What a file's reading found about the file as a whole, once its rows have been iterated. */
export interface RosterReading {
  rows: AsyncIterable<RosterRow>;
  /** The header's columns as given (lower-cased), once read. */
  given(): readonly string[] | undefined;
  /** A wrong header or a file csv-parse gave up on: then none of the file may be imported. */
  fileProblem(): RosterProblem | undefined;
}

type ParsedEntry = { record: string[]; info: { lines: number; bytes: number } };

/**
 * Streams a roster file's rows. Memory is one chunk and one row (a row is capped by `max_record_size`),
 * whatever the file's size; iterate `rows` to the end, then ask `fileProblem()`.
 *
 * @example
 * const reading = readRosterRows(source, CREATORS_CSV_COLUMNS);
 * for await (const row of reading.rows) if ('record' in row) use(row.record);
 * reading.fileProblem(); // undefined, or { row: 7, field: 'name', problem: 'a double quote appears…' }
 */
export function readRosterRows(source: RosterSource, columns: readonly string[]): RosterReading {
  let given: string[] | undefined;
  let fileProblem: RosterProblem | undefined;
  async function* rows(): AsyncGenerator<RosterRow> {
    // Tracked as csv-parse produces records (a chunk is parsed at once, before any is iterated), so a
    // failure can name the header's columns and the row after the last good record.
    let headerSeen: string[] | undefined;
    let lastLine = 0;
    const parser = source.stream().pipe(
      parse({
        ...ROSTER_CSV_OPTIONS,
        on_record: ((entry: ParsedEntry) => {
          headerSeen ??= entry.record.map((cell) => cell.toLowerCase());
          lastLine = entry.info.lines;
          return entry;
        }) as unknown as (record: string[]) => string[],
      }),
    );
    let previousEnd = 0;
    try {
      for await (const entry of parser as AsyncIterable<ParsedEntry>) {
        const { record, info } = entry;
        const startByte = previousEnd;
        previousEnd = info.bytes;
        if (!given) {
          const checked = checkCsvHeader(source.file, record, columns);
          if ('problem' in checked) {
            fileProblem = checked.problem;
            return;
          }
          given = checked.given;
          continue;
        }
        const row = recordRow(record, info.lines);
        yield {
          row,
          startByte,
          endByte: info.bytes,
          ...csvRecordFromCells(source.file, row, record, given, columns),
        };
      }
      if (!given && !fileProblem) {
        const empty = checkCsvHeader(source.file, undefined, columns);
        if ('problem' in empty) fileProblem = empty.problem;
      }
    } catch (error) {
      fileProblem = describeCsvParseFailure(source.file, error as CsvParseFailure, {
        given: given ?? headerSeen,
        nextRow: lastLine + 1,
      });
    } finally {
      parser.destroy();
    }
  }
  return { rows: rows(), given: () => given, fileProblem: () => fileProblem };
}

/**
 * Re-reads rows already validated by `readRosterRows`, by their byte ranges; adjacent ranges are read
 * together. Returns the records in file order.
 */
export async function readRowsAt(
  source: RosterSource,
  given: readonly string[],
  columns: readonly string[],
  ranges: readonly { row: number; startByte: number; endByte: number }[],
): Promise<CsvRecord[]> {
  const sorted = ranges.toSorted((a, b) => a.startByte - b.startByte);
  const records: CsvRecord[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.startByte === sorted[j - 1]!.endByte) j += 1;
    const bytes = await source.read(sorted[i]!.startByte, sorted[j - 1]!.endByte);
    const cells = parseSync(bytes, { ...ROSTER_CSV_OPTIONS, bom: false, info: false }) as string[][];
    for (const [k, range] of sorted.slice(i, j).entries()) {
      const read = csvRecordFromCells(source.file, range.row, cells[k] ?? [], given, columns);
      if (read.record) records.push(read.record);
    }
    i = j;
  }
  return records;
}
