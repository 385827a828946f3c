import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSlackManifest } from './manifest.ts';

/** Regenerates manifests/slack/manifest.json: `node --import tsx bots/slack/manifest.cli.ts [BASE_URL]`. */
const path = join(import.meta.dirname, '../../manifests/slack/manifest.json');
writeFileSync(path, `${JSON.stringify(buildSlackManifest(process.argv[2]), null, 2)}\n`);
console.log(`wrote ${path}`);
