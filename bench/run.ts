import { rmSync } from 'node:fs';
import { buildBenchExtensions } from './build-extensions';
import { benchPageLoad } from './page-load.bench';
import { benchReplay } from './replay.bench';
import { formatTable, writeResults, type BenchFigure } from './report';
import { benchSidebarShown } from './sidebar-shown.bench';
import { benchStore } from './store.bench';

/**
 * `npm run bench`: every figure, median of REPETITIONS runs (default 5), printed as a table and
 * written to bench/results.json. Exits 1 when a figure is over its budget.
 */
const repetitions = Number(process.env.REPETITIONS ?? 5);
if (!Number.isInteger(repetitions) || repetitions < 1) throw new Error('REPETITIONS must be a whole number ≥ 1');
const only = process.env.BENCH_ONLY?.split(',');
const wanted = (part: string) => !only || only.includes(part);

console.error('building the production and e2e builds, the bench page and a bare InboxSDK extension…');
const builds = await buildBenchExtensions();
const figures: BenchFigure[] = [];
try {
  if (wanted('store')) figures.push(...(await benchStore(builds.productionWithBenchPage, repetitions)));
  if (wanted('sidebar')) figures.push(await benchSidebarShown(builds.e2e, repetitions));
  if (wanted('page-load')) figures.push(await benchPageLoad(builds.production, builds.bareInboxSdk, repetitions));
  if (wanted('replay')) figures.push(...(await benchReplay(repetitions)));
} finally {
  for (const temporary of [builds.productionWithBenchPage, builds.bareInboxSdk])
    rmSync(temporary, { recursive: true, force: true });
}
console.log(formatTable(figures));
// A partial run must not replace the whole run's results.
if (only) console.error('BENCH_ONLY: bench/results.json left as it was');
else writeResults('bench/results.json', figures, repetitions);
process.exitCode = figures.every((figure) => figure.pass) ? 0 : 1;
