import { benchReplay } from './replay.bench';
import { printTable, writeResults, type BenchFigure } from './report';

/**
 * `npm run bench`: every figure, median of REPETITIONS runs (default 5), printed as a table and
 * written to bench/results.json. Exits 1 when a figure is over its budget.
 */
const repetitions = Number(process.env.REPETITIONS ?? 5);
const figures: BenchFigure[] = [...(await benchReplay(repetitions))];
printTable(figures);
writeResults('bench/results.json', figures);
process.exitCode = figures.every((figure) => figure.pass) ? 0 : 1;
