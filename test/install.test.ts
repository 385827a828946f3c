import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'sa-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm install on a fresh clone leaves the tree as committed', () => {
  it('has npm write the lock without registry URLs whoever runs it (the project .npmrc, no user config)', () => {
    const value = execFileSync(
      'npm',
      ['config', 'get', 'omit-lockfile-registry-resolved', '--userconfig', '/dev/null'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: scratch },
      },
    );
    expect(value.trim()).toBe('true');
    expect(readFileSync(join(root, 'package-lock.json'), 'utf8')).not.toContain('"resolved"');
  });

  it('commits a lock that already has every optional platform build npm ci needs', () => {
    const copy = join(scratch, 'package-lock.json');
    copyFileSync(join(root, 'package-lock.json'), copy);
    const said = execFileSync(process.execPath, [join(root, '.ci/complete-lockfile.mjs'), copy], {
      encoding: 'utf8',
    });
    expect(said).toBe('package-lock.json: added 0 optional platform entries\n');
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  });
});
