import { describe, expect, it } from 'vitest';
import { applyQueryChange, type PairQuery, type QueryChange } from '../../../matching/pair-query.ts';
import { parseCommandLine } from '../../command-line.ts';
import { createCommandRegistry } from '../index.ts';
import { pairSuggest } from './pair.command.ts';
import { parseDuration, spanOf } from './pair-args.ts';
import { changedInput, pairInput, pairQueryOf } from './pair-input.ts';
import { pairWindows } from './pair-windows.command.ts';

const NOW = Date.parse('2026-11-25T15:00:00Z'); // Wednesday
const parse = (line: string) =>
  pairSuggest.chat!.parse(parseCommandLine(line)!, { timeZone: 'UTC', nowMs: NOW });

describe('/pair arguments', () => {
  it('reads handles, filters, time words, durations and in-person', () => {
    expect(parse('/pair genre:alt-pop role:topliner next week 2h in-person near:Nashville')).toEqual({
      creators: [],
      genres: ['alt-pop'],
      roles: ['topliner'],
      window: { start: '2026-11-30T00:00Z', end: '2026-12-07T00:00Z' },
      minMinutes: 120,
      inPerson: { near: 'Nashville' },
    });
    expect(parse('/pair @Ana @ben tomorrow 90m trio limit:3')).toMatchObject({
      creators: ['ana', 'ben'],
      window: { start: '2026-11-26T00:00Z', end: '2026-11-27T00:00Z' },
      minMinutes: 90,
      size: 3,
      limit: '3',
    });
    expect(parseDuration('1h30m')).toBe(90);
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('names what it did not understand, and the schema what is out of range', () => {
    expect(() => parse('/pair @a someday')).toThrow('"someday" is not something /pair understands');
    const tooMany = pairInput.safeParse(parse('/pair @aa @bb @cc @dd'));
    expect(tooMany.error?.issues[0]?.message).toBe('name at most three, like @ana @ben @cleo');
    const radius = pairInput.safeParse(parse('/pair @aa radius:0'));
    expect(radius.error?.issues[0]).toMatchObject({ path: ['inPerson', 'radiusKm'] });
    const limit = pairInput.safeParse(parse('/pair @aa limit:80'));
    expect(limit.error?.issues[0]).toMatchObject({
      path: ['limit'],
      message: 'expected a whole number from 1 to 50',
    });
    expect(pairInput.parse({}).limit).toBe(10);
  });

  it('resolves time words in the asker’s zone', () => {
    const now = NOW;
    expect(spanOf('next-week', now, 'America/Chicago')).toEqual({
      startMs: Date.parse('2026-11-30T06:00:00Z'),
      endMs: Date.parse('2026-12-07T06:00:00Z'),
    });
    expect(spanOf('tomorrow', now, 'Europe/London')).toEqual({
      startMs: Date.parse('2026-11-26T00:00:00Z'),
      endMs: Date.parse('2026-11-27T00:00:00Z'),
    });
    // 15:00Z is midnight in Tokyo: "today" there is the whole Thursday.
    expect(spanOf('today', now, 'Asia/Tokyo')).toEqual({
      startMs: now,
      endMs: Date.parse('2026-11-26T15:00:00Z'),
    });
  });

  it('reads an explicit span, and writes every input back as a line that reads the same (the button beside it)', () => {
    const window = { start: '2026-11-30T00:00Z', end: '2026-12-07T00:00Z' };
    expect(parse('/pair @ana from:2026-11-30T00:00Z to:2026-12-07T00:00Z 2h')).toMatchObject({
      creators: ['ana'],
      window,
      minMinutes: 120,
    });
    expect(() => parse('/pair @ana from:2026-11-30T00:00Z')).toThrow('from: and to: go together');
    const input = pairInput.parse({
      creators: ['ana'],
      genres: ['alt-pop', 'Alt Rock'],
      roles: ['topliner'],
      window,
      minMinutes: 90,
      size: 3,
      limit: 5,
      inPerson: { near: 'Los Angeles', radiusKm: 250 },
    });
    const line = pairSuggest.chat!.format!(input);
    expect(line).toBe(
      '/pair @ana genre:alt-pop genre:"Alt Rock" role:topliner from:2026-11-30T00:00Z to:2026-12-07T00:00Z 90m in-person near:"Los Angeles" radius:250 trio limit:5',
    );
    expect(pairInput.parse(parse(line))).toEqual(input);
    const windows = pairWindows.chat!;
    const more = { creators: ['ana', 'cy'], window, minMinutes: 60 };
    expect(windows.format!(more)).toBe(
      '/pair windows @ana @cy from:2026-11-30T00:00Z to:2026-12-07T00:00Z 1h',
    );
    const routed = createCommandRegistry().route(parseCommandLine(windows.format!(more))!)!;
    expect(routed.command.name).toBe('pair.windows');
    expect(windows.parse(routed.line, { timeZone: 'UTC', nowMs: NOW })).toEqual(more);
  });

  it('a "try" button asks what the empty answer counted: the same change on the input as on the query', () => {
    const input = pairInput.parse({
      creators: ['ana'],
      genres: ['alt-pop'],
      roles: ['topliner', 'producer'],
      window: { start: '2026-11-30T00:00Z', end: '2026-12-07T00:00Z' },
      minMinutes: 180,
      size: 3,
      inPerson: { near: 'Nashville' },
    });
    const viewer = { timeZone: 'UTC', nowMs: NOW };
    const changes: QueryChange[] = [
      { kind: 'genre', from: 'alt-pop', to: 'pop' },
      { kind: 'drop_genres' },
      { kind: 'role', from: 'topliner', to: 'lyricist' },
      { kind: 'drop_role', term: 'producer' },
      { kind: 'radius', radiusKm: 500 },
      { kind: 'drop_in_person' },
      { kind: 'min_minutes', minMinutes: 120 },
      {
        kind: 'span',
        span: { startMs: Date.parse('2026-11-30T00:00Z'), endMs: Date.parse('2026-12-28T00:00Z') },
      },
      { kind: 'drop_window' },
      { kind: 'size', size: 2 },
    ];
    // What gates and filters (shown windows are for display; without a window no duration gates).
    const gating = ({ showWindow: _shown, minMinutes, window, ...query }: PairQuery) => ({
      ...query,
      ...(window ? { window, minMinutes } : {}),
    });
    for (const change of changes) {
      expect(gating(pairQueryOf(changedInput(input, change), viewer)), change.kind).toEqual(
        gating(applyQueryChange(pairQueryOf(input, viewer), change)),
      );
    }
  });
});
