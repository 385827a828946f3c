#!/usr/bin/env node
// Runs the compiled CLI from dist/ (built by `npm install`, rebuilt here when a source is newer), with
// source maps so a stack trace names the TypeScript line. SESSION_ALIGN_FROM_SOURCE=1 runs the
// TypeScript through tsx instead (no build; slower start-up).
import { buildDist, isDistFresh } from './dist.js';

process.setSourceMapsEnabled(true);
let main;
if (process.env.SESSION_ALIGN_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../bots/cli/main.ts'));
} else {
  if (!isDistFresh()) await buildDist();
  ({ main } = await import('../dist/bots/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
