// The compiled tree: bots/, core/, jobs/ and db/ as JavaScript in dist/ (same layout, so paths read
// relative to import.meta.url still resolve), each file beside its source map. Built by `npm install`
// (the `prepare` script) and again by bin/session-align.js whenever a source is newer than the build.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
const SOURCE_DIRS = ['bots', 'core', 'jobs', 'db'];
/** package.json is read by the Teams manifest (a JSON import, inlined by the build). */
const ROOT_INPUTS = ['package.json', 'bin/dist.js'];
const STAMP = join(DIST, '.build-stamp.json');
const LOCK = join(DIST, '.build-lock');
const LOCK_STALE_MS = 120_000;

const isTest = (path) => path.endsWith('.test.ts') || path.endsWith('.contract.ts');
const isInput = (path) => /\.(ts|mjs|sql)$/.test(path);

function sourceFiles() {
  const files = [];
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = relative(ROOT, join(entry.parentPath ?? entry.path, entry.name));
      if (isInput(path) && !isTest(path)) files.push(path);
    }
  }
  return files.sort();
}

/** What the build was made from: the newest input's mtime and the list of inputs. */
function fingerprint(files) {
  let newestMs = 0;
  for (const path of [...files, ...ROOT_INPUTS])
    newestMs = Math.max(newestMs, statSync(join(ROOT, path)).mtimeMs);
  return { newestMs, files: files.length, node: process.versions.node.split('.')[0] };
}

/** True when dist/ holds a build of the current sources (a stat of each, a few milliseconds). */
export function isDistFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return false;
  }
  const now = fingerprint(sourceFiles());
  return stamp.newestMs === now.newestMs && stamp.files === now.files && stamp.node === now.node;
}

/**
 * Compiles every non-test source to dist/ with esbuild (one output file per source, relative `.ts`
 * imports rewritten to `.js`, packages left to node_modules), copies the SQL migrations, and writes a
 * compiled twin for each tsx worker shim. Concurrent callers (parallel tests spawning the CLI) wait
 * for the one holding dist/.build-lock instead of writing the same files twice.
 */
export async function buildDist() {
  mkdirSync(DIST, { recursive: true });
  if (!(await takeLock())) return;
  try {
    if (isDistFresh()) return; // built meanwhile by the process that held the lock
    const files = sourceFiles();
    const stamp = fingerprint(files);
    const esbuild = await loadEsbuild();
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: files.filter((path) => path.endsWith('.ts')),
      outdir: DIST,
      outbase: ROOT,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      // The TypeScript is on disk beside dist/: maps point at it rather than carrying a copy (smaller, faster to load).
      sourcesContent: false,
      logLevel: 'warning',
      plugins: [relativeImportsStayModules],
    });
    for (const path of files.filter((file) => file.endsWith('.sql'))) {
      mkdirSync(dirname(join(DIST, path)), { recursive: true });
      copyFileSync(join(ROOT, path), join(DIST, path));
    }
    // A `.mjs` beside a `.ts` of the same name registers tsx for a worker thread; compiled, it loads the `.js`.
    for (const path of files.filter((file) => file.endsWith('.mjs'))) {
      const twin = path.replace(/\.mjs$/, '.ts');
      if (!files.includes(twin)) throw new Error(`${path}: a worker shim needs ${twin} beside it`);
      const target = `./${twin.split('/').pop().replace(/\.ts$/, '.js')}`;
      writeFileSync(
        join(DIST, path),
        `// Compiled twin of ${path}: no loader to register.\nawait import('${target}');\n`,
      );
    }
    writeFileSync(STAMP, `${JSON.stringify(stamp)}\n`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** esbuild comes with tsx (a dependency), so it is resolved from there rather than declared twice. */
async function loadEsbuild() {
  const require = createRequire(import.meta.url);
  const fromTsx = createRequire(require.resolve('tsx/esm/api'));
  return import(fromTsx.resolve('esbuild'));
}

/** Each source stays its own module: `./x.ts` becomes an external `./x.js`, JSON is inlined. */
const relativeImportsStayModules = {
  name: 'relative-imports-stay-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true },
    );
  },
};

async function takeLock() {
  const giveUpAt = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {}
    if (isDistFresh()) return false;
    if (Date.now() > giveUpAt) throw new Error(`dist/ is still being built by another process (${LOCK})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const startedAt = performance.now();
  await buildDist();
  console.log(`session-align: compiled to dist/ in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  // npm install (not every stale run): a migrated database for a fresh DATA_DIR to start from.
  if (!process.argv.includes('--no-template')) {
    const templateAt = performance.now();
    try {
      const { writePgliteTemplate } = await import(join(DIST, 'db/pglite-template.js'));
      await writePgliteTemplate();
      console.log(
        `session-align: database template ready in ${((performance.now() - templateAt) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      // Not fatal: a fresh DATA_DIR then initialises itself, as it always could.
      console.warn(
        `session-align: no database template (${error.message}); a first start will initialise it`,
      );
    }
  }
}
