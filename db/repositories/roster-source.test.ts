import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CREDITS_CSV_COLUMNS } from '../../core/profiles/index.ts';
import { openRosterFile, type RosterRow, readRosterRows, readRowsAt, rosterText } from './roster-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'roster-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Past one 64 KiB chunk, with a BOM, CRLF line ends, blank lines, multi-byte text and multi-line quoted cells.
const lines = ['\ufeffhandle,title,artist,year,role,isrc,iswc'];
for (let i = 0; i < 1_500; i++) {
  lines.push(
    i % 7 === 0 ? `h${i},"Bjørk ""Jóga""\r\nline two",Ünïcode 歌,2001,,,` : `h${i},Song ${i},Ärtist,2001,,,`,
  );
  if (i % 100 === 0) lines.push('');
}
const text = lines.join('\r\n');

async function rowsOf(reading: ReturnType<typeof readRosterRows>): Promise<RosterRow[]> {
  const rows: RosterRow[] = [];
  for await (const row of reading.rows) rows.push(row);
  return rows;
}

describe('roster sources', () => {
  it('streams rows whose byte ranges re-read to the same records, from memory and from disk', async () => {
    const path = join(dir, 'credits.csv');
    writeFileSync(path, text);
    for (const source of [rosterText('credits.csv', text), await openRosterFile('credits.csv', path)]) {
      expect(source.sizeBytes).toBe(Buffer.byteLength(text));
      const reading = readRosterRows(source, CREDITS_CSV_COLUMNS);
      const rows = await rowsOf(reading);
      expect(reading.fileProblem()).toBeUndefined();
      expect(rows).toHaveLength(1_500);
      expect(rows.every((row) => row.problems.length === 0)).toBe(true);
      expect(rows[7]!.record!.values).toMatchObject({ handle: 'h7', title: 'Bjørk "Jóga"\r\nline two' });
      const picked = [rows[1_499]!, rows[0]!, rows[700]!, rows[701]!, rows[702]!];
      const again = await readRowsAt(source, reading.given()!, CREDITS_CSV_COLUMNS, picked);
      expect(again).toEqual(
        [rows[0], rows[700], rows[701], rows[702], rows[1_499]].map((row) => row!.record),
      );
      await source.close();
    }
  });

  it('reports an empty file as a header problem', async () => {
    const reading = readRosterRows(rosterText('credits.csv', ''), CREDITS_CSV_COLUMNS);
    expect(await rowsOf(reading)).toEqual([]);
    expect(reading.fileProblem()).toMatchObject({ row: 1, field: '(header)' });
  });
});
