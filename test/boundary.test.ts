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

describe('architecture boundaries', () => {
  it('keeps core/ free of platform SDKs, I/O, environment reads and outer layers', () => {
    const violations = sourceFiles(join(ROOT, 'core')).flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      return FORBIDDEN_IN_CORE.filter((pattern) => pattern.test(source)).map(
        (pattern) => `${relative(ROOT, file)} matches ${pattern}`,
      );
    });
    expect(violations).toEqual([]);
  });

  it('keeps the rule able to catch an offender', () => {
    expect(FORBIDDEN_IN_CORE.some((pattern) => pattern.test("import { App } from '@slack/bolt';"))).toBe(
      true,
    );
    expect(FORBIDDEN_IN_CORE.some((pattern) => pattern.test("import { x } from '../../db/schema.ts';"))).toBe(
      true,
    );
    expect(FORBIDDEN_IN_CORE.some((pattern) => pattern.test('const port = process.env.PORT;'))).toBe(true);
  });
});
