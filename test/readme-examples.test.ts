import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availabilityCli } from '../bots/cli/availability.cli.ts';
import { overlapCli } from '../bots/cli/overlap.cli.ts';
import { openConsoleSession } from '../bots/console/console-session.ts';
import { createLogger } from '../bots/runtime/logger.ts';
import { localHashedEmbedder } from '../core/matching/index.ts';
import type { Database } from '../db/database.ts';
import { importRosterFiles } from '../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../db/repositories/tenant-directory.ts';
import { seedDemoOnFirstRun } from '../db/seed.ts';
import { openTestPglite } from './support/test-databases.ts';
import { testRuntimeParts } from './support/test-runtime.ts';

/**
 * Every example the README shows runs on the demo tenant `npm start` seeds, in the README's order:
 * each `chat --once` line answers without an error, each `import` line imports without a problem,
 * and the `overlap --json` example prints what the README says it prints. `1a2b3c4d` in a line
 * stands for the session the last proposal made (the README says so).
 */

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The shell lines of the README's ```sh blocks, continuation lines joined, comments kept apart. */
function shellBlocks(markdown: string): string[][] {
  const blocks: string[][] = [];
  for (const match of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const lines: string[] = [];
    let pending = '';
    for (const raw of match[1]!.split('\n')) {
      const line = pending ? `${pending}\n${raw}` : raw;
      // A line continues after a trailing backslash, or while a single quote is open.
      const code = line.replace(/\s#\s[^'"]*$/, '');
      const isQuoteOpen = (code.match(/'/g)?.length ?? 0) % 2 === 1;
      if (/\\$/.test(raw) || isQuoteOpen) {
        pending = line.replace(/\\$/, '');
        continue;
      }
      pending = '';
      if (line.trim()) lines.push(line);
    }
    blocks.push(lines);
  }
  return blocks;
}

/** The words of a shell line (single and double quotes, no expansions), its `# comment` dropped. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let hasWord = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      hasWord = true;
    } else if (char === '#' && !hasWord && current === '') break;
    else if (/\s/.test(char)) {
      if (hasWord || current) words.push(current);
      current = '';
      hasWord = false;
    } else {
      current += char;
      hasWord = true;
    }
  }
  if (hasWord || current) words.push(current);
  return words;
}

type Example =
  | { kind: 'chat'; text: string; as: string; source: string }
  | { kind: 'import'; tenant: string; files: string[]; source: string }
  | { [K in JsonCli]: { kind: K; query: string; expected: unknown; source: string } }[JsonCli];

/** Commands that read a JSON query on stdin: the README shows `echo '<query>' | …` and the answer as `# ` lines. */
const JSON_CLIS = { overlap: 'overlap --json', availability: 'availability parse --json' } as const;
type JsonCli = keyof typeof JSON_CLIS;

/** What each README line asks for; lines that are not examples to run here are named in `skipped`. */
function examplesOf(markdown: string): { examples: Example[]; skipped: string[] } {
  const examples: Example[] = [];
  const skipped: string[] = [];
  for (const lines of shellBlocks(markdown)) {
    for (const [index, line] of lines.entries()) {
      if (line.trim().startsWith('#')) continue;
      const jsonCli = (Object.keys(JSON_CLIS) as JsonCli[]).find((kind) =>
        line.includes(`| npx session-align ${JSON_CLIS[kind]}`),
      );
      if (jsonCli) {
        const query = /echo '([\s\S]*)'/.exec(line)![1]!;
        const comments = lines
          .slice(index + 1)
          .filter((l) => l.trim().startsWith('# ') && !l.includes('(the week'))
          .map((l) => l.trim().slice(2));
        examples.push({ kind: jsonCli, query, expected: JSON.parse(comments.join('')), source: line });
        continue;
      }
      const words = shellWords(line);
      if (words[0] !== 'npx' || words[1] !== 'session-align') {
        skipped.push(line);
        continue;
      }
      const [command, ...rest] = words.slice(2);
      const option = (name: string) => {
        const at = rest.indexOf(`--${name}`);
        return at >= 0 ? rest[at + 1] : undefined;
      };
      if (command === 'chat' && option('once') !== undefined) {
        examples.push({ kind: 'chat', text: option('once')!, as: option('as') ?? 'admin', source: line });
      } else if (command === 'import') {
        const files = rest.filter((word, i) => !word.startsWith('--') && rest[i - 1] !== '--tenant');
        examples.push({ kind: 'import', tenant: option('tenant') ?? 'demo', files, source: line });
      } else skipped.push(line);
    }
  }
  return { examples, skipped };
}

const FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//readme//EN',
  'BEGIN:VEVENT',
  'UID:tour-1@readme',
  'DTSTART:20261201T180000Z',
  'DTEND:20261201T220000Z',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('every README example, on the seeded demo tenant', () => {
  let database: Database;
  const parts = () => testRuntimeParts(database, Date.parse('2026-11-23T12:00:00Z'));
  let runtime: ReturnType<typeof parts> & { logger: ReturnType<typeof createLogger> };
  const { examples, skipped } = examplesOf(README);

  beforeAll(async () => {
    database = await openTestPglite();
    await seedDemoOnFirstRun(database);
    runtime = { ...parts(), logger: createLogger('silent') };
    runtime.fetcher.feeds['https://calendar.example.com/sven/basic.ics'] = FEED;
  }, 120_000);
  afterAll(() => database.close());

  it('finds the examples, and runs every kind of line it finds', () => {
    expect(examples.filter((e) => e.kind === 'chat').length).toBeGreaterThanOrEqual(25);
    expect(examples.some((e) => e.kind === 'import')).toBe(true);
    expect(examples.some((e) => e.kind === 'overlap')).toBe(true);
    // What is not run here: the REPL, server processes and lines that write files.
    for (const line of skipped) {
      expect(line, 'a README example this test does not know how to run').toMatch(
        /^(npm (install|start|test)|npx session-align chat\s+#|npx session-align export |PUBLIC_URL=|# or: )/,
      );
    }
  });

  it('answers each one without an error, in order', async () => {
    let sessionId: string | undefined;
    const failures: string[] = [];
    for (const example of examples) {
      if (example.kind === 'overlap' || example.kind === 'availability') {
        const out =
          example.kind === 'overlap'
            ? await overlapCli(['--json'], example.query)
            : availabilityCli(['--json'], example.query);
        if (out.exitCode !== 0 || JSON.stringify(JSON.parse(out.stdout)) !== JSON.stringify(example.expected))
          failures.push(`${example.source}\n  → ${out.stdout}${out.stderr}`);
        continue;
      }
      if (example.kind === 'import') {
        const tenant = await databaseTenantDirectory(database).findBySlug(example.tenant);
        const report = await importRosterFiles(
          database,
          {
            creatorsPath: join(ROOT, example.files[0]!),
            ...(example.files[1] ? { creditsPath: join(ROOT, example.files[1]) } : {}),
          },
          { tenantId: tenant!.id, actorLabel: 'readme', embedder: localHashedEmbedder() },
        );
        if (report.problems.length > 0)
          failures.push(`${example.source}\n  → ${JSON.stringify(report.problems)}`);
        continue;
      }
      const text = sessionId ? example.text.replaceAll('1a2b3c4d', sessionId) : example.text;
      const session = await openConsoleSession(runtime, { tenantSlug: 'demo', as: example.as });
      const answer = await session.answer(text);
      if (answer.isError || answer.text.includes('went wrong'))
        failures.push(`${example.source}\n  → ${answer.text}`);
      const proposed = /Session proposed[\s\S]*?\b([0-9a-f]{8})\b/.exec(answer.text);
      if (proposed) sessionId = proposed[1];
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
