import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One benchmark figure: a value beside its physical limit when it has one, and its budget. */
export interface BenchFigure {
  figure: string;
  value: number;
  /** The bare-IndexedDB (or other physical) limit measured in the same run, when there is one. */
  limit: number | null;
  /** value / limit, when there is a limit; the budget then applies to it. */
  ratio: number | null;
  budget: number;
  pass: boolean;
}

const format = (value: number | null) => (value === null ? '—' : value.toFixed(3));

export function printTable(figures: readonly BenchFigure[]): void {
  const rows = figures.map((figure) => [
    figure.figure,
    format(figure.value),
    format(figure.limit),
    format(figure.ratio),
    String(figure.budget),
    figure.pass ? 'pass' : 'FAIL',
  ]);
  const header = ['figure', 'value', 'limit', 'ratio', 'budget', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

export function writeResults(path: string, figures: readonly BenchFigure[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ measuredAt: new Date().toISOString(), figures }, null, 2)}\n`);
}
