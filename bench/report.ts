import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One benchmark figure: a value beside its physical limit when it has one, and its budget. */
export interface BenchFigure {
  figure: string;
  value: number;
  unit: 's' | 'ms';
  /** What the limit is: the bare-IndexedDB (or other physical) floor measured in the same run. */
  limitName: string | null;
  limit: number | null;
  /** value / limit, when there is a limit; the budget then applies to it. */
  ratio: number | null;
  /**
   * The most the ratio may be when there is a limit, else the most the value may be; null for a
   * figure reported beside a budgeted one to show its worst case, which then always passes.
   */
  budget: number | null;
  pass: boolean;
  /** What the measured work was, so a figure can be checked against the data it ran on. */
  note?: string;
}

export function ratioFigure(input: {
  figure: string;
  value: number;
  limitName: string;
  limit: number;
  budget: number | null;
  unit: BenchFigure['unit'];
  note?: string;
}): BenchFigure {
  const ratio = input.value / input.limit;
  return { ...input, ratio, pass: input.budget === null || ratio <= input.budget };
}

export function absoluteFigure(input: {
  figure: string;
  value: number;
  budget: number;
  unit: BenchFigure['unit'];
  note?: string;
}): BenchFigure {
  return { ...input, limitName: null, limit: null, ratio: null, pass: input.value <= input.budget };
}

const number = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const measured = (value: number | null, unit: string) => (value === null ? '—' : `${number(value)} ${unit}`);

/** The table `npm run bench` prints and the README shows (Markdown). */
export function formatTable(figures: readonly BenchFigure[]): string {
  const rows = figures.map((figure) => [
    figure.figure,
    measured(figure.value, figure.unit),
    figure.limitName === null ? '—' : `${figure.limitName}: ${measured(figure.limit, figure.unit)}`,
    figure.ratio === null ? '—' : figure.ratio.toFixed(2),
    figure.budget === null
      ? '—'
      : figure.ratio === null
        ? `≤ ${figure.budget} ${figure.unit}`
        : `ratio ≤ ${figure.budget}`,
    figure.budget === null ? 'reported' : figure.pass ? 'pass' : 'FAIL',
  ]);
  const header = ['figure', 'value', 'limit (same run)', 'ratio', 'budget', 'verdict'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function writeResults(path: string, figures: readonly BenchFigure[], repetitions: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const results = { measuredAt: new Date().toISOString(), repetitions, figures };
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
