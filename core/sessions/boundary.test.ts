import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const folder = fileURLToPath(new URL('.', import.meta.url));
const sources = readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

/** core/sessions stays pure: no platform, ORM, queue or HTTP imports, no ambient time or env. */
describe('core/sessions boundary', () => {
  it.each(sources)('%s imports only what core may', (name) => {
    const text = readFileSync(`${folder}/${name}`, 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
    for (const specifier of imports) {
      expect(specifier, `${name} imports ${specifier}`).toMatch(/^(\.\.?\/.*\.ts|zod)$/);
    }
    expect(text).not.toMatch(/Date\.now\(|process\.env|new Date\(\)|Math\.random\(/);
  });
});
