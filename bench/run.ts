import { rmSync } from 'node:fs';
import { buildBenchExtensions } from './build-extensions';
import { benchGoogleBackfill } from './google-backfill.bench';
import { benchPageLoad } from './page-load.bench';
import { benchReplay } from './replay.bench';
import { formatErrors, formatTable, summarizeRuns, writeResults, type BenchFigure } from './report';
import { benchSidebarShown } from './sidebar-shown.bench';
import { benchStore } from './store.bench';

/**
 * `npm run bench`: every figure, BENCH_RUNS whole runs (default 3; 1 with BENCH_ONLY), each the
 * median of REPETITIONS repetitions (default 5). Prints each run's table to stderr and, on
 * stdout, the median and worst run of every figure; writes every run to bench/results.json.
 * Exits 1 when a figure is over its budget in any run, or could not be measured.
 */
const wholeNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return value;
};
const only = process.env.BENCH_ONLY?.split(',');
const repetitions = wholeNumber('REPETITIONS', 5);
const runs = wholeNumber('BENCH_RUNS', only ? 1 : 3);
const wanted = (part: string) => !only || only.includes(part);

console.error('building the production and e2e builds, the bench page and a bare InboxSDK extension…');
const builds = await buildBenchExtensions();
const figuresOfRuns: BenchFigure[][] = [];
try {
  // Whole runs one after another, not each figure R times in a row: a rerun a while later, on a
  // machine whose load has changed, is what a budget must hold against.
  for (let run = 1; run <= runs; run += 1) {
    console.error(`\nrun ${run} of ${runs}`);
    const figures: BenchFigure[] = [];
    if (wanted('store')) figures.push(...(await benchStore(builds.productionWithBenchPage, repetitions)));
    if (wanted('sidebar')) figures.push(await benchSidebarShown(builds.e2e, repetitions));
    if (wanted('page-load')) figures.push(await benchPageLoad(builds.production, builds.bareInboxSdk, repetitions));
    if (wanted('replay')) figures.push(...(await benchReplay(repetitions)));
    if (wanted('google')) figures.push(...(await benchGoogleBackfill(builds.productionWithBenchPage)));
    console.error(formatTable(summarizeRuns([figures])));
    figuresOfRuns.push(figures);
  }
} finally {
  for (const temporary of [builds.productionWithBenchPage, builds.bareInboxSdk])
    rmSync(temporary, { recursive: true, force: true });
}
const summaries = summarizeRuns(figuresOfRuns);
console.log(formatTable(summaries));
for (const line of formatErrors(summaries)) console.error(line);
// A partial run must not replace the whole run's results.
if (only) console.error('BENCH_ONLY: bench/results.json left as it was');
else writeResults('bench/results.json', summaries, { repetitions, runs });
process.exitCode = summaries.every((summary) => summary.pass) ? 0 : 1;
