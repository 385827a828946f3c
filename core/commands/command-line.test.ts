import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './command-line.ts';

describe('parseCommandLine', () => {
  it('splits a line into name, mentions, options and words', () => {
    expect(parseCommandLine('/pair @Ana @ben genre:alt-pop role:topliner next week 2h')).toEqual({
      name: 'pair',
      rest: '@Ana @ben genre:alt-pop role:topliner next week 2h',
      mentions: ['ana', 'ben'],
      options: { genre: ['alt-pop'], role: ['topliner'] },
      words: ['next', 'week', '2h'],
    });
  });

  it('keeps quoted values together and repeated options in order', () => {
    expect(parseCommandLine('/pair near:"New York" genre:pop genre:rock "two words"')).toMatchObject({
      options: { near: ['New York'], genre: ['pop', 'rock'] },
      words: ['two words'],
    });
  });

  it('keeps URLs and clock times as words', () => {
    expect(parseCommandLine('/avail calendar https://cal.example.com/a.ics')?.words).toEqual([
      'calendar',
      'https://cal.example.com/a.ics',
    ]);
    expect(parseCommandLine('/avail add mon 17:00-19:00')?.words).toEqual(['add', 'mon', '17:00-19:00']);
  });

  it('is not a command without a leading slash', () => {
    expect(parseCommandLine('hello there')).toBeUndefined();
    expect(parseCommandLine('/')).toBeUndefined();
  });
});
