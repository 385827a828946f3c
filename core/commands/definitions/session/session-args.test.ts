import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../command-line.ts';
import { createCommandRegistry } from '../index.ts';
import { parseDurationMinutes, resolveTypedTime } from './session-args.ts';

const registry = createCommandRegistry();
/** The command a line reaches and the input its chat adapter reads, in `timeZone`. */
function parse(text: string, timeZone = 'UTC') {
  const routed = registry.route(parseCommandLine(text)!)!;
  const input = routed.command.chat!.parse(routed.line, {
    timeZone,
    nowMs: Date.parse('2030-01-01T00:00:00Z'),
    ...(routed.verb ? { verb: routed.verb } : {}),
  });
  return { command: routed.command.name, input, parsed: routed.command.input.safeParse(input) };
}

describe('/session chat syntax', () => {
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
    // Berlin is on summer time (UTC+2) on 31 March 2030.
    expect(
      parse(
        '/session propose @ana @ben 2030-03-31 10:00 90m room:"Studio A" title:"Alt pop"',
        'Europe/Berlin',
      ),
    ).toMatchObject({
      command: 'session.propose',
      input: {
        creators: ['ana', 'ben'],
        startsAt: '2030-03-31T08:00Z',
        durationMinutes: 90,
        room: 'Studio A',
        title: 'Alt pop',
      },
    });
    expect(
      new Date(
        resolveTypedTime({ kind: 'local', date: '2030-03-31', time: '10:00' }, 'Europe/Berlin'),
      ).toISOString(),
    ).toBe('2030-03-31T08:00:00.000Z');
  });

  it('round-trips the line a button stands for', () => {
    const propose = registry.get('session.propose')!;
    const line = propose.chat!.format!({
      creators: ['@ana', 'ben'],
      startsAt: '2030-12-03T22:00Z',
      durationMinutes: 120,
      room: 'Studio "A"',
    });
    expect(line).toBe('/session propose @ana @ben at:2030-12-03T22:00Z 120m room:"Studio \'A\'"');
    expect(parse(line).input).toMatchObject({
      startsAt: '2030-12-03T22:00Z',
      durationMinutes: 120,
      room: "Studio 'A'",
    });
  });

  it('routes each verb to its own command, the bare line to the list', () => {
    expect(parse('/session').command).toBe('session.list');
    expect(parse('/session all').input).toEqual({ scope: 'all' });
    expect(parse('/session accept 1a2b3c4d @ana').input).toEqual({ session: '1a2b3c4d', for: 'ana' });
    expect(parse('/session move 1a2b3c4d 2030-12-04 17:00').command).toBe('session.reschedule');
    expect(parse('/session settings').command).toBe('session.settings');
    expect(parse('/session settings hold-hours:24').command).toBe('session.configure');
    expect(parse('/session cancel abcd1234 sick today').input).toEqual({
      session: 'abcd1234',
      reason: 'sick today',
    });
  });

  it('names what is missing or wrong', () => {
    expect(() => parse('/session propose @ana 2030-12-03')).toThrow(
      'expected a time after the date, like 17:00',
    );
    expect(() => parse('/session propose @ana at:2030-12-03T22:00')).toThrow(
      'at: expected an instant with its zone',
    );
    expect(parse('/session feedback abcd1234 5 maybe').parsed.error?.issues[0]?.message).toBe(
      'expected yes or no: would you write together again?',
    );
    expect(parse('/session settings hold-hours:soon').parsed.error?.issues[0]).toMatchObject({
      path: ['holdHours'],
      message: 'expected a whole number from 1 to 720',
    });
  });
});

describe('day words in /session propose (the same words /pair reads)', () => {
  // 2030-01-01 00:00 UTC is Monday 31 December 2029, 19:00 in New York.
  const zone = 'America/New_York';
  const startOf = (text: string) => (parse(text, zone).input as { startsAt?: string }).startsAt;

  it('reads today, tomorrow and weekdays in the proposer’s zone', () => {
    expect(startOf('/session propose @ana @ben tomorrow 17:00 2h')).toBe('2030-01-01T22:00Z');
    expect(startOf('/session propose @ana @ben today 21:00')).toBe('2030-01-01T02:00Z');
    expect(startOf('/session propose @ana @ben fri 10:00')).toBe('2030-01-04T15:00Z');
    expect(startOf('/session propose @ana @ben Friday 10:00')).toBe('2030-01-04T15:00Z');
  });

  it('takes a weekday that is today only while the time is still ahead', () => {
    expect(startOf('/session propose @ana @ben mon 20:00')).toBe('2030-01-01T01:00Z');
    expect(startOf('/session propose @ana @ben mon 18:00')).toBe('2030-01-07T23:00Z');
  });

  it('asks for the time after a day word', () => {
    expect(() => parse('/session propose @ana @ben tomorrow', zone)).toThrow(
      'expected a time after "tomorrow"',
    );
  });
});
