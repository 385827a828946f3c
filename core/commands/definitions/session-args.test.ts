import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../command-line.ts';
import { parseSessionLine } from './session.parse.ts';
import { parseDurationMinutes, proposeSessionCommand, resolveTypedTime } from './session-args.ts';

const parse = (text: string) => parseSessionLine(parseCommandLine(text)!);

describe('session arguments', () => {
  it('reads durations in hours and minutes', () => {
    expect(['2h', '90m', '1h30m', '120', '0m', '17:00', '2030'].map(parseDurationMinutes)).toEqual([
      120,
      90,
      90,
      120,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads a local time in the actor’s zone, across a DST change', () => {
    const args = parse('/session propose @ana @ben 2030-03-31 10:00 90m room:"Studio A" title:"Alt pop"');
    expect(args).toEqual({
      action: 'propose',
      handles: ['ana', 'ben'],
      when: { kind: 'local', date: '2030-03-31', time: '10:00' },
      durationMinutes: 90,
      room: 'Studio A',
      title: 'Alt pop',
    });
    if (args.action !== 'propose') throw new Error('unreachable');
    // Berlin is on summer time (UTC+2) on 31 March 2030.
    expect(new Date(resolveTypedTime(args.when, 'Europe/Berlin')).toISOString()).toBe(
      '2030-03-31T08:00:00.000Z',
    );
  });

  it('round-trips the command a /pair button or a conflict alternative carries', () => {
    const startsAtMs = Date.parse('2030-12-03T22:00:00Z');
    const line = proposeSessionCommand({
      handles: ['@ana', 'ben'],
      startsAtMs,
      durationMinutes: 120,
      room: 'Studio "A"',
    });
    expect(line).toBe('/session propose @ana @ben at:2030-12-03T22:00Z 120m room:"Studio \'A\'"');
    expect(parse(line)).toMatchObject({
      when: { kind: 'instant', ms: startsAtMs },
      durationMinutes: 120,
      room: "Studio 'A'",
    });
  });

  it('names what is missing or wrong', () => {
    expect(() => parse('/session propose @ana 2030-12-03')).toThrow(
      'expected a time after the date, like 17:00',
    );
    expect(() => parse('/session propose @ana at:2030-12-03T22:00')).toThrow(
      'at: expected an instant with its zone',
    );
    expect(() => parse('/session feedback abcd1234 5 maybe')).toThrow('expected yes or no');
    expect(() => parse('/session settings hold-hours:soon')).toThrow(
      'hold-hours: expected a whole number of hours',
    );
    expect(parse('/session cancel abcd1234 sick today')).toEqual({
      action: 'cancel',
      ref: 'abcd1234',
      reason: 'sick today',
    });
    expect(parse('/session')).toEqual({ action: 'list', scope: 'mine' });
  });
});
