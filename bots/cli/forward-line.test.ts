import { describe, expect, it } from 'vitest';
import { lostServerMessage, positionalIndexes } from './forward-line.ts';
import { runForwardedLine } from './main.ts';

const context = { onProgress: () => {}, signal: new AbortController().signal };

describe('forwarding a line to the server', () => {
  it('finds the file arguments whatever the option order', () => {
    expect(positionalIndexes(['import', '--tenant', 'demo', 'a.csv', '--json', 'b.csv'], ['tenant'])).toEqual(
      [3, 5],
    );
    expect(positionalIndexes(['import', 'a.csv', '--tenant=demo'], ['tenant'])).toEqual([1]);
  });

  it('refuses to run a file command on a path instead of an uploaded file', async () => {
    const outcome = await runForwardedLine(
      { argv: ['import', '--tenant', 'demo', '/etc/shadow'], stdin: '', files: [] },
      context,
    );
    expect(outcome).toEqual({
      stdout: '',
      stderr:
        'import: "/etc/shadow" was not sent with the line: the server reads only files the caller sends, never a path it names.\n',
      exitCode: 2,
    });
    const calendar = await runForwardedLine(
      { argv: ['calendar', 'import', '--creator', 'ana', 'busy'], stdin: '', files: [] },
      context,
    );
    expect(calendar.exitCode).toBe(2);
    expect(calendar.stderr).toMatch(/^calendar: "busy" was not sent with the line/);
  });

  it('says plainly what happened when the server stops mid-import, and that re-running is safe', () => {
    expect(lostServerMessage(['import'], { pid: 42 }, { hasStarted: true, written: 12_500 })).toBe(
      'import: the server (process 42) stopped during the import; 12,500 creators were written; re-run to finish — it is idempotent.\n',
    );
    expect(lostServerMessage(['tenants', 'create', 'x'], { pid: 42 }, { hasStarted: false })).toBe(
      'tenants: the server (process 42) stopped before "tenants" answered; it was not run again here. Check what it did, then re-run the command.\n',
    );
  });
});
