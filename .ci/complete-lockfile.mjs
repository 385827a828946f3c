// This machine's registry omits some platform builds of optional dependencies (biome's and
// msgpackr-extract's for other operating systems), so `npm install` leaves them out of
// package-lock.json and `npm ci` then refuses the lock as out of sync. This adds the missing
// optional entries (with their os/cpu, so npm skips them here) after any `npm install`.
// Usage: node .ci/complete-lockfile.mjs [path/to/package-lock.json]
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = process.argv[2] ?? new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
const platformOf = (name) => {
  const os =
    ['android', 'darwin', 'linux', 'win32', 'freebsd'].find((candidate) => name.includes(candidate)) ??
    'unknown';
  const cpu =
    ['arm64', 'x64', 'arm', 'ia32'].find((candidate) => name.includes(`-${candidate}`)) ?? 'unknown';
  const libc = name.includes('musl') ? ['musl'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
};

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const parentDir = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[`node_modules/${name}`] || packages[parentDir]) continue;
    packages[`node_modules/${name}`] = { version, ...platformOf(name), optional: true };
    added++;
  }
}
// Written only when something was added, so running it on a complete lock changes nothing.
if (added > 0) writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform entries`);
