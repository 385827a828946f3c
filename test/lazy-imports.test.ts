import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Static value imports and re-exports of a file (not `import type`, not `await import(...)`). */
function staticImports(source: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(statement)) found.push(match[1]!);
  return found;
}

/** Every package a module loads before any of its code runs, following relative imports. */
function packagesLoadedBy(entry: string): { packages: Map<string, string>; files: number } {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [join(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) queue.push(join(dirname(file), specifier));
      else if (!specifier.startsWith('node:') && !packages.has(specifier))
        packages.set(specifier, relative(ROOT, file));
    }
  }
  return { packages, files: seen.size };
}

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

describe('start-up loads only what is configured', () => {
  it('reads static imports and skips type-only and dynamic ones', () => {
    expect(
      staticImports(
        [
          "import { a, type B } from './a.ts';",
          "import type { C } from '@slack/bolt';",
          "export { d } from './d.ts';",
          "import 'side-effect';",
          "const e = await import('./e.ts');",
          'import {\n  f,\n  g,\n} from "pkg/sub";',
        ].join('\n'),
      ),
    ).toEqual(['./a.ts', './d.ts', 'side-effect', 'pkg/sub']);
  });

  it.each([
    ['bots/runtime/serve.ts', ['@slack/bolt', '@microsoft/agents-hosting', 'bullmq', 'ioredis']],
    ['bots/cli/main.ts', ['@slack/bolt', '@microsoft/agents-hosting', 'bullmq', '@electric-sql/pglite']],
  ])('%s loads no platform SDK, queue or database it may not need, until configured', (entry, lazy) => {
    const { packages, files } = packagesLoadedBy(entry);
    const eager = [...packages.entries()]
      .filter(([specifier]) => lazy.includes(packageName(specifier)))
      .map(([specifier, from]) => `${specifier} (from ${from})`);
    expect(eager).toEqual([]);
    // The walk does follow the imports: a broken walk would pass the check above vacuously.
    expect(files).toBeGreaterThan(entry.endsWith('serve.ts') ? 50 : 2);
  });
});
