import type { DashboardView } from '@/lib/messaging/protocol';

/** How the dashboard's figures are put for the rep: pure, so the page only lays them out. */

/**
 * Whether the range holds anything to measure: a deal in a stage, entered, advanced or decided, or
 * a trigger done or come due. Without any, every figure is 0 of 0, which must not read as a pass.
 */
export function hasFigures(dashboard: DashboardView): boolean {
  return (
    dashboard.winRate !== null ||
    dashboard.timeInStage.some((entry) => entry.open + entry.completed > 0) ||
    dashboard.funnel.some((entry) => entry.entered > 0) ||
    dashboard.latencyByKind.some((entry) => entry.count + entry.met + entry.missed > 0)
  );
}

/**
 * Whether any stage has a verdict: a trigger met or missed, or a deal that moved on from it or was
 * lost in it. With none, "nothing stands out" would be a claim about stages nobody measured.
 */
export function hasVerdict(dashboard: DashboardView): boolean {
  return (
    dashboard.latencyByStage.some((entry) => entry.met + entry.missed > 0) ||
    dashboard.funnel.some((entry) => entry.rate !== null)
  );
}

const WEEK = 7 * 86_400_000;

/**
 * The weekly SLA rate as a percentage for every week from the first with figures to the last. A
 * week without figures is null: drawn as a gap, since a zero would read as every trigger missed and
 * a line across it would invent a trend. `weekly` is in week order, each week its Monday (UTC).
 */
export function weeklyTrend(weekly: DashboardView['weekly']): { week: string; rate: number | null }[] {
  const first = weekly[0];
  const last = weekly.at(-1);
  if (!first || !last) return [];
  const rates = new Map(weekly.map((entry) => [entry.week, entry.withinSlaRate]));
  const trend: { week: string; rate: number | null }[] = [];
  const end = Date.parse(`${last.week}T00:00:00Z`);
  for (let monday = Date.parse(`${first.week}T00:00:00Z`); monday <= end; monday += WEEK) {
    const week = new Date(monday).toISOString().slice(0, 10);
    const rate = rates.get(week) ?? null;
    trend.push({ week, rate: rate === null ? null : Math.round(rate * 100) });
  }
  return trend;
}

/** Hours as days to one decimal: time in stage has one unit, in the chart as in the table. */
export function inDays(hours: number | null): number | null {
  return hours === null ? null : Math.round((hours / 24) * 10) / 10;
}

export function daysText(hours: number | null): string {
  const days = inDays(hours);
  return days === null ? '—' : `${days.toFixed(1)} d`;
}
