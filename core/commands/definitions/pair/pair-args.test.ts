import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../command-line.ts';
import { parseDuration, parsePairArgs, spanOf } from './pair-args.ts';

const parse = (line: string) => parsePairArgs(parseCommandLine(line)!);

describe('/pair arguments', () => {
  it('reads handles, filters, time words, durations and in-person', () => {
    expect(parse('/pair genre:alt-pop role:topliner next week 2h in-person near:Nashville')).toEqual({
      handles: [],
      genres: ['alt-pop'],
      roles: ['topliner'],
      when: 'next-week',
      durationMinutes: 120,
      isInPerson: true,
      near: 'Nashville',
      limit: 5,
    });
    expect(parse('/pair @Ana @ben tomorrow 90m trio limit:3')).toMatchObject({
      handles: ['ana', 'ben'],
      when: 'tomorrow',
      durationMinutes: 90,
      size: 3,
      limit: 3,
    });
    expect(parseDuration('1h30m')).toBe(90);
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('names what it did not understand', () => {
    expect(() => parse('/pair @a someday')).toThrow('"someday" is not something /pair understands');
    expect(() => parse('/pair @a @b @c @d')).toThrow('creators: name at most three');
    expect(() => parse('/pair @a radius:0')).toThrow('radius: expected a number from 1 to 2000, got "0"');
  });

  it('resolves time words in the asker’s zone', () => {
    const now = Date.parse('2026-11-25T15:00:00Z'); // Wednesday
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
