/**
 * Co-writing benchmark, pure in-memory run: `node --import tsx bench/quality/run-in-memory.ts`.
 * `--write-roster DIR` also writes the history as creators.csv + credits.csv for the real roster import.
 * `--validation` instead evaluates on earlier time splits inside the history (<=1995, <=2000, <=2005, each
 * predicting the next five years), the only figures used to reason about default weights.
 */
import { readFile } from 'node:fs/promises';
import { deriveSplit, parseSongsCsv, SONGS_CSV_URL, writeRosterCsv } from './cowrites-dataset.ts';
import { assertExpectedSizes, evaluateBaselines, evaluateOn, type QualityFigures } from './evaluate.ts';
import { inMemoryRanker } from './in-memory-ranker.ts';

function row(name: string, figures: QualityFigures): string {
  return `${name.padEnd(46)} ${figures.recallAt10.toFixed(3).padStart(9)} ${figures.ndcgAt10.toFixed(3).padStart(8)}`;
}

async function main(): Promise<void> {
  const songs = parseSongsCsv(await readFile(SONGS_CSV_URL, 'utf8'));
  const isValidation = process.argv.includes('--validation');
  const cutoffs = isValidation ? [1995, 2000, 2005] : [2010];
  for (const cutoff of cutoffs) {
    const split = isValidation
      ? deriveSplit(
          songs.filter((song) => song.year <= Math.min(2010, cutoff + 5)),
          cutoff,
        )
      : deriveSplit(songs);
    if (!isValidation) assertExpectedSizes(split);
    const rosterDirectory = process.argv[process.argv.indexOf('--write-roster') + 1];
    if (!isValidation && process.argv.includes('--write-roster') && rosterDirectory) {
      await writeRosterCsv(split, rosterDirectory);
      console.log(`wrote ${rosterDirectory}/creators.csv and credits.csv`);
    }
    const started = performance.now();
    const ranker = inMemoryRanker(split);
    const ours = await evaluateOn(split, ranker.rank);
    const elapsedMs = performance.now() - started;
    const baselines = await evaluateBaselines(split);
    console.log(
      `\nhistory <= ${cutoff}: ${split.historyWriters.length} writers, ${split.queryWriters.length} query writers, ${split.newPairCount} new pairs; import problems: ${ranker.importProblems}`,
    );
    console.log(`${'method'.padEnd(46)} recall@10  NDCG@10`);
    for (const [name, figures] of Object.entries(baselines)) console.log(row(`baseline: ${name}`, figures));
    console.log(row('Session Align /pair (default weights)', ours));
    const best = Math.max(...Object.values(baselines).map((figures) => figures.recallAt10));
    console.log(
      `recall@10 vs best baseline: ${(ours.recallAt10 / best).toFixed(2)}x; ranking took ${Math.round(elapsedMs)} ms`,
    );
  }
}

await main();
