import { describe, expect, test } from 'vitest';
import {
  absoluteFigure,
  failedFigure,
  formatErrors,
  formatTable,
  ratioFigure,
  summarizeRuns,
  type BenchFigure,
} from '@/bench/report';

const base = { figure: 'f', limitName: 'bare read', unit: 'ms' as const };

/** The table's body rows, as cells. */
function cells(table: string): string[][] {
  return table
    .split('\n')
    .slice(2)
    .map((row) =>
      row
        .split('|')
        .map((cell) => cell.trim())
        .filter(Boolean),
    );
}

const held = (value: number, limit = 10): BenchFigure =>
  ratioFigure({ ...base, figure: 'held', value, limit, budget: 3 });

describe('bench report', () => {
  test.each([
    { value: 30, limit: 10, budget: 3, ratio: 3, pass: true },
    { value: 31, limit: 10, budget: 3, ratio: 3.1, pass: false },
    // A worst case reported beside a budgeted figure: its ratio is shown, it cannot fail the run.
    { value: 90, limit: 10, budget: null, ratio: 9, pass: true },
  ])(
    '$value ms against $limit ms with budget $budget → ratio $ratio, pass $pass',
    ({ value, limit, budget, ratio, pass }) => {
      const figure = ratioFigure({ ...base, value, limit, budget });
      expect(figure.ratio).toBeCloseTo(ratio);
      expect(figure.pass).toBe(pass);
    },
  );

  test('the table names each verdict, and a reported figure has no budget', () => {
    const table = formatTable(
      summarizeRuns([
        [
          held(20),
          ratioFigure({ ...base, figure: 'over', value: 40, limit: 10, budget: 3 }),
          ratioFigure({ ...base, figure: 'worst case', value: 90, limit: 10, budget: null }),
          absoluteFigure({ figure: 'shown', value: 34.2, budget: 100, unit: 'ms' }),
        ],
      ]),
    );
    expect(cells(table)).toEqual([
      ['held', '20.0 ms', 'bare read: 10.0 ms', '2.00', '2.00', 'ratio ≤ 3', 'pass'],
      ['over', '40.0 ms', 'bare read: 10.0 ms', '4.00', '4.00', 'ratio ≤ 3', 'FAIL (1 of 1 runs)'],
      ['worst case', '90.0 ms', 'bare read: 10.0 ms', '9.00', '9.00', '—', 'reported'],
      ['shown', '34.2 ms', '—', '—', '34.2 ms', '≤ 100 ms', 'pass'],
    ]);
  });
});

describe('bench report over several runs', () => {
  test('keeps every run, the median of each quantity and the run with the highest ratio', () => {
    // Ratios 2.0, 2.8 and 2.2: the worst is the run with the highest ratio, not the highest value.
    const [summary] = summarizeRuns([[held(20, 10)], [held(28, 10)], [held(33, 15)]]);
    expect(summary!.runs.map((run) => run.ratio)).toEqual([2, 2.8, 2.2]);
    expect(summary!.median).toEqual({ value: 28, limit: 10, ratio: 2.2 });
    expect(summary!.worst).toEqual({ value: 28, limit: 10, ratio: 2.8 });
    expect(summary!.pass).toBe(true);
  });

  test('a budget held on the median but crossed in one run fails', () => {
    const [summary] = summarizeRuns([[held(25)], [held(31)], [held(26)]]);
    expect(summary!.median.ratio).toBeCloseTo(2.6);
    expect(summary!.worst.ratio).toBeCloseTo(3.1);
    expect(summary!.pass).toBe(false);
    expect(cells(formatTable([summary!]))[0]).toEqual([
      'held',
      '26.0 ms',
      'bare read: 10.0 ms',
      '2.60',
      '3.10',
      'ratio ≤ 3',
      'FAIL (1 of 3 runs)',
    ]);
  });

  test('a figure without a limit: the worst run is the highest value', () => {
    const shown = (value: number) => absoluteFigure({ figure: 'shown', value, budget: 100, unit: 'ms' });
    const [summary] = summarizeRuns([[shown(40)], [shown(120)], [shown(30)]]);
    expect(summary!.median).toEqual({ value: 40, limit: null, ratio: null });
    expect(summary!.worst.value).toBe(120);
    expect(cells(formatTable([summary!]))[0]).toEqual([
      'shown',
      '40.0 ms',
      '—',
      '—',
      '120 ms',
      '≤ 100 ms',
      'FAIL (1 of 3 runs)',
    ]);
  });

  test('a run that could not measure a figure fails it, says why, and the measured runs still give figures', () => {
    const refused = failedFigure({
      figure: 'held',
      limitName: 'bare read',
      budget: 3,
      unit: 'ms',
      error: 'event 12 (message): "at" is before the previous event\'s',
    });
    const summaries = summarizeRuns([[held(20)], [refused], [held(24)]]);
    expect(summaries[0]!.pass).toBe(false);
    expect(summaries[0]!.median.ratio).toBeCloseTo(2.2);
    expect(summaries[0]!.worst.ratio).toBeCloseTo(2.4);
    expect(cells(formatTable(summaries))[0]!.at(-1)).toBe('ERROR (1 of 3 runs)');
    expect(formatErrors(summaries)).toEqual([`held, run 2: event 12 (message): "at" is before the previous event's`]);
  });

  test('a figure no run could measure has no numbers, only the error', () => {
    const refused = failedFigure({ figure: 'late', limitName: 'in order', budget: 1.5, unit: 's', error: 'refused' });
    const summaries = summarizeRuns([[refused], [refused]]);
    expect(summaries[0]!.median).toEqual({ value: null, limit: null, ratio: null });
    expect(cells(formatTable(summaries))[0]).toEqual([
      'late',
      '—',
      'in order: —',
      '—',
      '—',
      'ratio ≤ 1.5',
      'ERROR (2 of 2 runs)',
    ]);
  });

  test('a figure missing from a run (a run that stopped short) counts as not measured there', () => {
    const summaries = summarizeRuns([
      [held(20), absoluteFigure({ figure: 'shown', value: 30, budget: 100, unit: 'ms' })],
      [held(22)],
    ]);
    expect(summaries.map((summary) => summary.figure)).toEqual(['held', 'shown']);
    expect(summaries[1]!.pass).toBe(false);
    expect(summaries[1]!.runs[1]!.error).toBe('not measured in this run');
  });
});
