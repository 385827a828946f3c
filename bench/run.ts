// `npm run bench`: every benchmark, each printing its figures next to a baseline measured in the same run.
import { runImportBench } from './import/import.bench.ts';
import { runMatchingBench } from './matching/matching.bench.ts';
import { runOverlapBench } from './overlap/overlap.bench.ts';
import { runOverlapRequestBench } from './overlap/overlap-request.bench.ts';
import { runPlainWordsBench } from './plain-words/plain-words.bench.ts';
import { runSweepBench } from './sessions/sweep.bench.ts';
import { runCliRoundTripBench } from './startup/cli-round-trip.bench.ts';
import { runColdPairBench } from './startup/cold-pair.bench.ts';
import { runStartupBench } from './startup/startup.bench.ts';
import { runTimelineBench } from './timeline/timeline.bench.ts';

const sections: Array<[string, () => Promise<string[]>]> = [
  ['Availability overlap', runOverlapBench],
  ['Availability overlap: the full path at its limit (issue 15)', runOverlapRequestBench],
  ['Availability in plain words', runPlainWordsBench],
  ['Matching: /pair at scale', runMatchingBench],
  ['Cold start: the first /pair after npm start at 10,000 creators', runColdPairBench],
  ['Roster import: streaming, batched', runImportBench],
  ['Session sweep: a day of sessions on the PostgreSQL server', runSweepBench],
  ['Week timeline picture', runTimelineBench],
  ['Start-up: npm start to a healthy /healthz', runStartupBench],
  ['CLI round trip: spawn to answer, server up and down', runCliRoundTripBench],
];

// BENCH_ONLY=matching,sweep runs the sections whose titles contain one of these words (case-insensitive).
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((word) => word.trim().toLowerCase())
  .filter(Boolean);
const chosen = sections.filter(
  ([title]) => only.length === 0 || only.some((word) => title.toLowerCase().includes(word)),
);
if (chosen.length === 0) {
  console.error(
    `BENCH_ONLY=${process.env.BENCH_ONLY}: no section matches; sections: ${sections.map(([t]) => t).join('; ')}`,
  );
  process.exit(1);
}
for (const [title, run] of chosen) {
  console.log(`\n## ${title}\n`);
  for (const line of await run()) console.log(line);
}
