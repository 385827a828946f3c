import type { ImportProgress } from '../../db/repositories/roster-import.check.ts';

const count = (n: number) => n.toLocaleString('en');

/** One progress event of `import` as a sentence for stderr. */
export function describeImportProgress(progress: ImportProgress): string {
  switch (progress.phase) {
    case 'checking':
      return progress.isDone
        ? `Checked ${progress.file}: ${count(progress.rows)} rows.`
        : `Checking ${progress.file}: ${count(progress.rows)} rows read.`;
    case 'writing':
      return `Writing: ${count(progress.written)} of ${count(progress.total)} creators written.`;
    case 'embedding':
      return `Embedding: ${count(progress.embedded)} of ${count(progress.total)} creators embedded.`;
  }
}

/** Whether a value is an import progress event (what the server streams is checked, not trusted). */
export function isImportProgress(value: unknown): value is ImportProgress {
  const p = value as Partial<Record<string, unknown>> | null;
  if (!p || typeof p !== 'object') return false;
  if (p.phase === 'checking')
    return typeof p.file === 'string' && typeof p.rows === 'number' && typeof p.isDone === 'boolean';
  if (p.phase === 'writing') return typeof p.written === 'number' && typeof p.total === 'number';
  if (p.phase === 'embedding') return typeof p.embedded === 'number' && typeof p.total === 'number';
  return false;
}

/**
 * Prints progress lines: the first of each phase (and file), the last of a phase when it completes, and
 * otherwise at most one a second, so a 200,000-row import says what it does without flooding the terminal.
 */
export function progressPrinter(
  write: (line: string) => void,
  nowMs: () => number = Date.now,
): (progress: ImportProgress) => void {
  let lastKey = '';
  let lastAtMs = Number.NEGATIVE_INFINITY;
  return (progress) => {
    const key = progress.phase === 'checking' ? `checking:${progress.file}` : progress.phase;
    const isDone =
      (progress.phase === 'checking' && progress.isDone) ||
      (progress.phase === 'writing' && progress.written >= progress.total) ||
      (progress.phase === 'embedding' && progress.embedded >= progress.total);
    const now = nowMs();
    if (key === lastKey && !isDone && now - lastAtMs < 1_000) return;
    lastKey = key;
    lastAtMs = now;
    write(`${describeImportProgress(progress)}\n`);
  };
}
