import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Platform SDKs, HTTP frameworks, the ORM, queues and drivers live outside core/. */
const FORBIDDEN_IN_CORE = [
  /from ['"](@slack\/|botbuilder|@microsoft\/|discord\.js|hono|@hono\/|drizzle-orm|bullmq|ioredis|pg|@electric-sql\/|@anthropic-ai\/|langchain|@langchain\/|pino|nodemailer)/,
  /from ['"]\.\.?\/.*\b(bots|db|jobs)\//,
  /from ['"](node:)?(fs|net|http|https|child_process)['"]/,
  /\bprocess\.env\b/,
];

/** Composition roots: they wire db/ and jobs/ into the ports. Every other folder of bots/ is a surface. */
const COMPOSITION_ROOTS = new Set(['cli', 'runtime']);

/** A surface verifies, decodes, renders and delivers; stores reach it through the kit's ports. */
const FORBIDDEN_IN_SURFACE = [
  /from ['"](drizzle-orm|pg|@electric-sql\/|bullmq|ioredis)['"/]/,
  /from ['"]\.\.?\/.*\b(db|jobs)\//,
];

const violationsIn = (files: readonly string[], rules: readonly RegExp[]) =>
  files.flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    return rules
      .filter((pattern) => pattern.test(source))
      .map((pattern) => `${relative(ROOT, file)} matches ${pattern}`);
  });

describe('architecture boundaries', () => {
  it('keeps core/ free of platform SDKs, I/O, environment reads and outer layers', () => {
    expect(violationsIn(sourceFiles(join(ROOT, 'core')), FORBIDDEN_IN_CORE)).toEqual([]);
  });

  it('keeps every surface in bots/ free of db/, jobs/, the ORM and the drivers', () => {
    const surfaces = readdirSync(join(ROOT, 'bots')).filter(
      (name) => statSync(join(ROOT, 'bots', name)).isDirectory() && !COMPOSITION_ROOTS.has(name),
    );
    expect(surfaces).toEqual(expect.arrayContaining(['console', 'slack']));
    // `testing/` folders hold test harnesses (they seed the database), not the surface.
    const files = surfaces
      .flatMap((name) => sourceFiles(join(ROOT, 'bots', name)))
      .filter((file) => !file.includes('/testing/'));
    expect(violationsIn(files, FORBIDDEN_IN_SURFACE)).toEqual([]);
  });

  it('keeps the rule able to catch an offender', () => {
    expect(
      FORBIDDEN_IN_SURFACE.some((pattern) =>
        pattern.test("import { users } from '../../db/schema/index.ts';"),
      ),
    ).toBe(true);
    expect(FORBIDDEN_IN_SURFACE.some((pattern) => pattern.test("import { eq } from 'drizzle-orm';"))).toBe(
      true,
    );
    expect(FORBIDDEN_IN_CORE.some((pattern) => pattern.test("import { App } from '@slack/bolt';"))).toBe(
      true,
    );
    expect(FORBIDDEN_IN_CORE.some((pattern) => pattern.test("import { x } from '../../db/schema.ts';"))).toBe(
      true,
    );
    expect(FORBIDDEN_IN_CORE.some((pattern) => pattern.test('const port = process.env.PORT;'))).toBe(true);
  });
});
