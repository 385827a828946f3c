import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { availabilityCli, MAX_STDIN_BYTES } from './availability.cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARGS = ['availability', 'parse', '--json'];

function runBin(input: string, options: { tz?: string; args?: string[] } = {}) {
  return spawnSync(process.execPath, ['bin/session-align.js', ...(options.args ?? ARGS)], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, TZ: options.tz ?? 'UTC', DATA_DIR: '/nonexistent/plain-words' },
  });
}

// Friday 30 October 2026, noon in Chicago (CDT): the US clocks go back on Sunday 1 November.
const REQUEST = {
  text: "Tue after 6, Sat 2-5pm, not Monday, every Wednesday 10-1, I'm in LA next week, ask my manager",
  timeZone: 'America/Chicago',
  now: '2026-10-30T12:00:00-05:00',
};

describe('session-align availability parse --json (spawned)', () => {
  it('prints exactly the contract, in time order, DST-correct, whatever the process time zone', () => {
    const outputs = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles'].map((tz) => {
      const result = runBin(JSON.stringify(REQUEST), { tz });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      return result.stdout;
    });
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]!.endsWith('}\n')).toBe(true);
    expect(JSON.parse(outputs[0]!)).toEqual({
      understood: [
        { kind: 'available', start: '2026-10-31T14:00:00-05:00', end: '2026-10-31T17:00:00-05:00' },
        { kind: 'unavailable', start: '2026-11-02T00:00:00-06:00', end: '2026-11-03T00:00:00-06:00' },
        { kind: 'available', start: '2026-11-03T18:00:00-06:00', end: '2026-11-03T21:00:00-06:00' },
        {
          kind: 'available',
          start: '2026-11-04T10:00:00-06:00',
          end: '2026-11-04T13:00:00-06:00',
          rrule: 'FREQ=WEEKLY;BYDAY=WE',
        },
      ],
      notUnderstood: ['ask my manager'],
    });
  });

  it.each([
    ['no text', { ...REQUEST, text: undefined }, 'text: is required'],
    [
      'empty text',
      { ...REQUEST, text: ' ' },
      'text: is empty; expected words such as "Tue after 6, not Friday"',
    ],
    [
      'an unknown zone',
      { ...REQUEST, timeZone: 'Mars/Base' },
      'timeZone: "Mars/Base" is not an IANA time zone',
    ],
    ['a bad now', { ...REQUEST, now: 'soon' }, 'now: "soon" is not an ISO 8601 date-time'],
    ['a number for now', { ...REQUEST, now: 5 }, 'now: expected a string, got 5'],
    [
      'an unknown field',
      { ...REQUEST, locale: 'en-US' },
      'locale: unknown field (expected text, timeZone, now)',
    ],
  ])('%s: exit 1, one line naming the field, nothing on stdout', (_name, request, line) => {
    const result = runBin(JSON.stringify(request));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${line}\n`);
  });

  it('refuses what is not JSON and stdin past its bound, in one line', () => {
    const notJson = runBin('{"text":');
    expect(notJson.status).toBe(1);
    expect(notJson.stdout).toBe('');
    expect(notJson.stderr).toMatch(/^stdin: not valid JSON \([^\n]*\)\n$/);
    const huge = runBin(JSON.stringify({ ...REQUEST, text: 'Tue '.repeat(MAX_STDIN_BYTES) }));
    expect(huge.status).toBe(1);
    expect(huge.stdout).toBe('');
    expect(huge.stderr).toBe(`stdin: more than ${MAX_STDIN_BYTES} bytes\n`);
  });

  it('--help prints the usage and reads nothing; without --json the line is refused (exit 2)', () => {
    const help = runBin('not read', { args: [...ARGS, '--help'] });
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: session-align availability parse --json\n/);
    const noJson = runBin(JSON.stringify(REQUEST), { args: ['availability', 'parse'] });
    expect(noJson.status).toBe(2);
    expect(noJson.stdout).toBe('');
    expect(noJson.stderr).toMatch(/--json is required/);
  });
});

describe('availabilityCli', () => {
  it("a too-long text is the reader's own bound, naming text", () => {
    const outcome = availabilityCli([], JSON.stringify({ ...REQUEST, text: 'x'.repeat(2001) }));
    expect(outcome).toEqual({
      stdout: '',
      stderr: 'text: is 2001 characters; at most 2000 are read at once\n',
      exitCode: 1,
    });
  });
  it('a JSON array is not a request', () => {
    expect(availabilityCli([], '[]').stderr).toBe(
      'stdin: expected a JSON object {"text":…,"timeZone":…,"now":…}\n',
    );
  });
});
