import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript (it runs before anything could compile it), no declarations.
import { buildDist, DIST, isDistFresh } from '../bin/dist.js';

const root = join(import.meta.dirname, '..');

describe('the compiled tree in dist/', () => {
  beforeAll(async () => {
    await buildDist();
  }, 120_000);

  it('is fresh after a build, with the CLI, every migration and the compiled worker twin', () => {
    expect(isDistFresh()).toBe(true);
    expect(existsSync(join(DIST, 'bots/cli/main.js'))).toBe(true);
    expect(readdirSync(join(DIST, 'db/migrations')).sort()).toEqual(
      readdirSync(join(root, 'db/migrations'))
        .filter((file: string) => file.endsWith('.sql'))
        .sort(),
    );
    expect(readFileSync(join(DIST, 'jobs/calendar-parse.worker.mjs'), 'utf8')).toContain(
      "await import('./calendar-parse.worker.js');",
    );
    expect(readFileSync(join(DIST, 'bots/cli/main.js'), 'utf8')).not.toMatch(/from ["'][^"']*\.ts["']/);
  });

  it('leaves no test code in it', () => {
    const files = readdirSync(DIST, { recursive: true }) as string[];
    expect(files.filter((file) => /\.test\.js$/.test(file))).toEqual([]);
  });

  it('maps a stack trace back to the TypeScript line, as the CLI runs it', () => {
    const script = `
      process.setSourceMapsEnabled(true);
      const { compileRule } = await import(${JSON.stringify(join(DIST, 'core/availability/recurring-rule.js'))});
      try { compileRule({ rrule: 'FREQ=DAILY', startTime: '7pm', endTime: '20:00' }, 'UTC'); }
      catch (error) { console.log(error.stack); }`;
    const stack = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(stack).toContain('rule.start: "7pm" is not a time of day');
    expect(stack).toMatch(/core\/availability\/recurring-rule\.ts:\d+:\d+/);
  });
});
