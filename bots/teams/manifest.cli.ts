import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { teamsIcons } from './icons.ts';
import { buildTeamsManifest } from './manifest.ts';

/**
 * Regenerates manifests/teams/ (manifest.json with the placeholders, color.png, outline.png):
 * `node --import tsx bots/teams/manifest.cli.ts && npx biome format --write manifests/teams`.
 * For a package with your own app id and URL, use `npm run package:teams`.
 */
const dir = join(import.meta.dirname, '../../manifests/teams');
writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(buildTeamsManifest(), null, 2)}\n`);
for (const [file, bytes] of Object.entries(teamsIcons())) writeFileSync(join(dir, file), bytes);
console.log(`wrote ${dir}/{manifest.json,color.png,outline.png}`);
