import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { overlapCli } from './overlap.cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Spans both 2026 March clock changes, a 2-week rule, Sydney, Kolkata, a past-midnight rule and busy time.
const QUERY = {
  window: { start: '2026-03-01T00:00:00Z', end: '2026-04-06T00:00:00Z' },
  minMinutes: 30,
  quorum: 2,
  people: [
    {
      id: 'ny',
      timeZone: 'America/New_York',
      rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', start: '17:00', end: '19:00' }],
    },
    {
      id: 'ldn',
      timeZone: 'Europe/London',
      rules: [{ rrule: 'FREQ=DAILY', start: '22:00', end: '23:30' }],
      busy: [{ start: '2026-03-11T22:00:00Z', end: '2026-03-11T22:15:00Z' }],
    },
    {
      id: 'syd',
      timeZone: 'Australia/Sydney',
      rules: [
        { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH', start: '08:00', end: '10:30', from: '2026-03-03' },
      ],
    },
    {
      id: 'kol',
      timeZone: 'Asia/Kolkata',
      rules: [{ rrule: 'FREQ=DAILY', start: '02:00', end: '01:00' }],
      available: [{ start: '2026-03-20T00:00:00+05:30', end: '2026-03-20T03:00:00+05:30' }],
    },
  ],
};

function runBin(input: string, tz: string, args = ['overlap', '--json']) {
  return spawnSync(process.execPath, ['bin/session-align.js', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, TZ: tz },
  });
}

describe('session-align overlap --json', () => {
  it('prints byte-identical output whatever the process time zone', () => {
    const outputs = ['UTC', 'America/New_York', 'Pacific/Apia', 'Asia/Kolkata'].map((tz) => {
      const result = runBin(JSON.stringify(QUERY), tz);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      return result.stdout;
    });
    expect(new Set(outputs).size).toBe(1);
    const parsed = JSON.parse(outputs[0]!) as { windows: { start: string; end: string; people: string[] }[] };
    expect(outputs[0]!.endsWith('}\n')).toBe(true);
    expect(parsed.windows.length).toBeGreaterThan(10);
    // 17:00 New York on Monday 2 March (EST) and Monday 9 March (EDT) against 22:00 London (GMT);
    // Sydney's Tuesday 08:00 (AEDT) is Monday 21:00 UTC, and only every other week.
    expect(parsed.windows).toContainEqual({
      start: '2026-03-02T22:00:00.000Z',
      end: '2026-03-02T23:30:00.000Z',
      people: ['kol', 'ldn', 'ny', 'syd'],
    });
    expect(parsed.windows).toContainEqual({
      start: '2026-03-02T21:00:00.000Z',
      end: '2026-03-02T23:30:00.000Z',
      people: ['kol', 'syd'],
    });
    expect(parsed.windows).toContainEqual({
      start: '2026-03-09T22:00:00.000Z',
      end: '2026-03-09T23:00:00.000Z',
      people: ['kol', 'ldn', 'ny'],
    });
  });

  it('fails with one line naming the field and an empty stdout (spawned)', () => {
    const bad = structuredClone(QUERY);
    bad.people[1]!.timeZone = 'Mars/Base';
    const result = runBin(JSON.stringify(bad), 'UTC');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('people[1].timeZone: "Mars/Base" is not an IANA time zone\n');
  });

  it('requires --json (exit 2)', async () => {
    const outcome = await overlapCli([], JSON.stringify(QUERY));
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/--json/);
  });

  const mutate = (change: (q: typeof QUERY & Record<string, unknown>) => void) => {
    const q = structuredClone(QUERY) as typeof QUERY & Record<string, unknown>;
    change(q);
    return JSON.stringify(q);
  };

  it.each([
    ['invalid JSON', '{"window":', /^stdin: not valid JSON/],
    [
      'a bad RRULE',
      mutate((q) => {
        q.people[0]!.rules[0]!.rrule = 'FREQ=SOMETIMES';
      }),
      /^people\[0\]\.rules\[0\]\.rrule: /,
    ],
    [
      'DTSTART in the RRULE',
      mutate((q) => {
        q.people[0]!.rules[0]!.rrule = 'DTSTART:20260101T000000Z;FREQ=DAILY';
      }),
      /^people\[0\]\.rules\[0\]\.rrule: /,
    ],
    [
      'a bad HH:mm',
      mutate((q) => {
        q.people[2]!.rules[0]!.start = '8am';
      }),
      /^people\[2\]\.rules\[0\]\.start: /,
    ],
    [
      'from after until',
      mutate((q) => {
        Object.assign(q.people[2]!.rules[0]!, { until: '2026-03-01' });
      }),
      /^people\[2\]\.rules\[0\]\.until: /,
    ],
    [
      'window end before start',
      mutate((q) => {
        q.window.end = '2026-02-01T00:00:00Z';
      }),
      /^window\.end: /,
    ],
    [
      'a window over 366 days',
      mutate((q) => {
        q.window.end = '2027-03-03T00:00:00Z';
      }),
      /^window\.end: .*366/,
    ],
    [
      'a busy block ending before it starts',
      mutate((q) => {
        q.people[1]!.busy![0]!.end = '2026-03-11T21:00:00Z';
      }),
      /^people\[1\]\.busy\[0\]\.end: /,
    ],
    [
      'a busy block with a bad date-time',
      mutate((q) => {
        q.people[1]!.busy![0]!.start = '2026-02-30T10:00:00Z';
      }),
      /^people\[1\]\.busy\[0\]\.start: "2026-02-30T10:00:00Z" is not an ISO 8601 date-time/,
    ],
    [
      'a bad date-time',
      mutate((q) => {
        q.window.start = 'yesterday';
      }),
      /^window\.start: /,
    ],
    [
      'a missing field',
      mutate((q) => {
        delete (q as Record<string, unknown>).minMinutes;
      }),
      /^minMinutes: is required/,
    ],
    [
      'missing rules',
      mutate((q) => {
        delete (q.people[3] as Record<string, unknown>).rules;
      }),
      /^people\[3\]\.rules: is required/,
    ],
    [
      'duplicate ids',
      mutate((q) => {
        q.people[1]!.id = 'ny';
      }),
      /^people\[1\]\.id: "ny" appears more than once/,
    ],
    [
      'quorum 0',
      mutate((q) => {
        q.quorum = 0;
      }),
      /^quorum: /,
    ],
    [
      'quorum above the people count',
      mutate((q) => {
        q.quorum = 5;
      }),
      /^quorum: /,
    ],
    [
      'negative minMinutes',
      mutate((q) => {
        q.minMinutes = -1;
      }),
      /^minMinutes: /,
    ],
    [
      'fractional minMinutes',
      mutate((q) => {
        q.minMinutes = 1.5;
      }),
      /^minMinutes: /,
    ],
  ])('rejects %s', async (_name, stdin, message) => {
    const outcome = await overlapCli(['--json'], stdin);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(message);
    expect(outcome.stderr.trimEnd()).not.toContain('\n');
  });
});
