import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../command-line.ts';
import { pairInput, pairSuggest } from './pair.command.ts';
import { parseDuration, spanOf } from './pair-args.ts';

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
});
