import { describe, expect, test } from 'vitest';
import { absoluteFigure, formatTable, ratioFigure } from '@/bench/report';

const base = { figure: 'f', limitName: 'bare read', unit: 'ms' as const };

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
    const table = formatTable([
      ratioFigure({ ...base, figure: 'held', value: 20, limit: 10, budget: 3 }),
      ratioFigure({ ...base, figure: 'over', value: 40, limit: 10, budget: 3 }),
      ratioFigure({ ...base, figure: 'worst case', value: 90, limit: 10, budget: null }),
      absoluteFigure({ figure: 'shown', value: 34.2, budget: 100, unit: 'ms' }),
    ]);
    const rows = table
      .split('\n')
      .slice(2)
      .map((row) =>
        row
          .split('|')
          .map((cell) => cell.trim())
          .filter(Boolean),
      );
    expect(rows).toEqual([
      ['held', '20.0 ms', 'bare read: 10.0 ms', '2.00', 'ratio ≤ 3', 'pass'],
      ['over', '40.0 ms', 'bare read: 10.0 ms', '4.00', 'ratio ≤ 3', 'FAIL'],
      ['worst case', '90.0 ms', 'bare read: 10.0 ms', '9.00', '—', 'reported'],
      ['shown', '34.2 ms', '—', '—', '≤ 100 ms', 'pass'],
    ]);
  });
});
