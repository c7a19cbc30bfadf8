import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { median } from '../lib/domain/stats';

/** One benchmark figure of one run: a value beside its physical limit when it has one, and its budget. */
export interface BenchFigure {
  figure: string;
  /** Median of the run's repetitions; null when the figure could not be measured (see `error`). */
  value: number | null;
  unit: 's' | 'ms' | 'units';
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
  /** Why the figure has no value: the measured code refused its input or threw. It fails the run. */
  error?: string;
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

/** A figure whose work failed: reported with the error, never a pass, and the rest of the bench goes on. */
export function failedFigure(input: {
  figure: string;
  limitName: string | null;
  budget: number | null;
  unit: BenchFigure['unit'];
  error: string;
}): BenchFigure {
  return { ...input, value: null, limit: null, ratio: null, pass: false };
}

/** One run's measurement of a figure, as results.json keeps it. */
export interface FigureRun {
  value: number | null;
  limit: number | null;
  ratio: number | null;
  pass: boolean;
  note?: string;
  error?: string;
}

/** A figure over every run of the bench: each run kept, the verdict taken on the worst. */
export interface FigureSummary {
  figure: string;
  unit: BenchFigure['unit'];
  limitName: string | null;
  budget: number | null;
  runs: FigureRun[];
  /** Medians over the runs that measured, each taken on its own (the ratio is the median of the runs' ratios). */
  median: { value: number | null; limit: number | null; ratio: number | null };
  /** The run the budget is closest to failing on: highest ratio, or highest value when there is no limit. */
  worst: { value: number | null; limit: number | null; ratio: number | null };
  /** Every run measured and held its budget: a budget that holds on one run and fails on the next is not held. */
  pass: boolean;
}

const budgetedQuantity = (run: FigureRun) => run.ratio ?? run.value;

/**
 * Gathers each figure's runs (runs[r] is the figures of run r), in the order figures first appear.
 * A figure missing from a run counts as a run that failed to measure it.
 */
export function summarizeRuns(runs: readonly (readonly BenchFigure[])[]): FigureSummary[] {
  const names = [...new Set(runs.flatMap((figures) => figures.map((figure) => figure.figure)))];
  return names.map((name) => {
    const measured = runs.map((figures) => figures.find((figure) => figure.figure === name));
    const first = measured.find((figure) => figure !== undefined)!;
    const perRun: FigureRun[] = measured.map((figure) =>
      figure === undefined
        ? { value: null, limit: null, ratio: null, pass: false, error: 'not measured in this run' }
        : {
            value: figure.value,
            limit: figure.limit,
            ratio: figure.ratio,
            pass: figure.pass,
            ...(figure.note === undefined ? {} : { note: figure.note }),
            ...(figure.error === undefined ? {} : { error: figure.error }),
          },
    );
    const ok = perRun.filter((run) => run.error === undefined && run.value !== null);
    const medianOf = (pick: (run: FigureRun) => number | null) => {
      const values = ok.map(pick).filter((value): value is number => value !== null);
      return values.length === 0 ? null : median(values);
    };
    const worst = ok.reduce<FigureRun | undefined>(
      (found, run) => (found === undefined || budgetedQuantity(run)! > budgetedQuantity(found)! ? run : found),
      undefined,
    );
    return {
      figure: name,
      unit: first.unit,
      limitName: first.limitName,
      budget: first.budget,
      runs: perRun,
      median: {
        value: medianOf((run) => run.value),
        limit: medianOf((run) => run.limit),
        ratio: medianOf((run) => run.ratio),
      },
      worst: { value: worst?.value ?? null, limit: worst?.limit ?? null, ratio: worst?.ratio ?? null },
      pass: perRun.length > 0 && perRun.every((run) => run.pass),
    };
  });
}

const number = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const measured = (value: number | null, unit: string) => (value === null ? '—' : `${number(value)} ${unit}`);

function verdict(summary: FigureSummary): string {
  const failed = summary.runs.filter((run) => !run.pass).length;
  const of = `${failed} of ${summary.runs.length} runs`;
  if (summary.runs.some((run) => run.error !== undefined)) return `ERROR (${of})`;
  if (summary.budget === null) return 'reported';
  if (failed === 0) return 'pass';
  return `FAIL (${of})`;
}

/** The table `npm run bench` prints and the README shows (Markdown): median and worst of the runs. */
export function formatTable(summaries: readonly FigureSummary[]): string {
  const rows = summaries.map((summary) => {
    const hasLimit = summary.limitName !== null;
    return [
      summary.figure,
      measured(summary.median.value, summary.unit),
      hasLimit ? `${summary.limitName}: ${measured(summary.median.limit, summary.unit)}` : '—',
      hasLimit ? (summary.median.ratio?.toFixed(2) ?? '—') : '—',
      hasLimit ? (summary.worst.ratio?.toFixed(2) ?? '—') : measured(summary.worst.value, summary.unit),
      summary.budget === null ? '—' : hasLimit ? `ratio ≤ ${summary.budget}` : `≤ ${summary.budget} ${summary.unit}`,
      verdict(summary),
    ];
  });
  const header = ['figure', 'value', 'limit (same run)', 'ratio', 'worst run', 'budget', 'verdict'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The errors that kept figures from being measured, one line each, for stderr under the table. */
export function formatErrors(summaries: readonly FigureSummary[]): string[] {
  return summaries.flatMap((summary) =>
    summary.runs.flatMap((run, index) =>
      run.error === undefined ? [] : [`${summary.figure}, run ${index + 1}: ${run.error}`],
    ),
  );
}

export function writeResults(
  path: string,
  summaries: readonly FigureSummary[],
  settings: { repetitions: number; runs: number },
): void {
  mkdirSync(dirname(path), { recursive: true });
  const results = { measuredAt: new Date().toISOString(), ...settings, figures: summaries };
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
