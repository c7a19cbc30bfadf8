import type { Instant } from '@/lib/domain/engine/types';
import { computeDashboard, type Dashboard } from '@/lib/domain/dashboard';
import { computeMetrics, type Metrics } from '@/lib/domain/metrics';
import type { EmberDatabase } from '@/lib/store/database';
import type { UnlinkedRecord } from '@/lib/store/records';
import type { Clock } from '../ports';
import { currentWorkflow } from './stage-names';

/** A reporting period; an open end is unbounded. */
export interface Period {
  from?: Instant | undefined;
  to?: Instant | undefined;
}

/**
 * What the figures are computed over: deals created and triggers fired in the period (all when no
 * period is given), with those deals' stage changes in time order, as of now or the period's end.
 * `sweep` runs first, so the figures count what has come due.
 */
export async function periodData(db: EmberDatabase, clock: Clock, sweep: () => Promise<void>, period: Period) {
  await sweep();
  const from = period.from ?? Number.NEGATIVE_INFINITY;
  const to = period.to ?? Number.POSITIVE_INFINITY;
  const asOf = Math.min(clock(), to);
  const { workflow } = await currentWorkflow(db);
  const whole = period.from === undefined && period.to === undefined;
  return db.transaction('r', db.allTables, async () => {
    // Requested together: IndexedDB reads one while the page deserializes another.
    const [deals, triggers, allChanges, unlinked] = await Promise.all([
      whole ? db.deals.toArray() : db.deals.filter((deal) => deal.createdAt >= from && deal.createdAt < to).toArray(),
      whole ? db.triggers.toArray() : db.triggers.where('firedAt').between(from, to, true, false).toArray(),
      // In key order, then sorted as the `at` index orders them (time, then id): a plain getAll
      // of the table costs about two thirds of reading it through the index.
      db.stageEvents.toArray(),
      db.unlinked.orderBy('at').reverse().limit(100).toArray(),
    ]);
    const dealIds = new Set(deals.map((deal) => deal.id));
    const stageChanges = allChanges
      .filter((event) => dealIds.has(event.deal))
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { workflow, deals, triggers, stageChanges, unlinked, asOf };
  });
}

/** The engine's metrics (what `replay` prints), for a period or all time. */
export async function metrics(
  db: EmberDatabase,
  clock: Clock,
  sweep: () => Promise<void>,
  period: Period,
): Promise<Metrics & { asOf: Instant }> {
  const { workflow, deals, triggers, stageChanges, asOf } = await periodData(db, clock, sweep, period);
  return { asOf, ...computeMetrics({ workflow, deals, stageChanges, triggers, asOf }) };
}

/** Everything the dashboard shows, over the same data as `metrics`. */
export async function dashboard(
  db: EmberDatabase,
  clock: Clock,
  sweep: () => Promise<void>,
  period: Period,
): Promise<{ dashboard: Dashboard; unlinked: UnlinkedView[] }> {
  const { workflow, deals, triggers, stageChanges, unlinked, asOf } = await periodData(db, clock, sweep, period);
  return {
    dashboard: computeDashboard({ workflow, deals, stageChanges, triggers, asOf }),
    unlinked: await titledCandidates(db, unlinked),
  };
}

/** Unlinked mail with each deal it might belong to named by its title, for the rep to choose by. */
export type UnlinkedView = Omit<UnlinkedRecord, 'candidates'> & { candidates: { id: string; title: string }[] };

async function titledCandidates(db: EmberDatabase, unlinked: readonly UnlinkedRecord[]): Promise<UnlinkedView[]> {
  // At most the newest 100 rows (periodData), each with a few candidates: one keyed read for all.
  const ids = [...new Set(unlinked.flatMap((row) => row.candidates))];
  const titles = new Map<string, string>();
  for (const deal of await db.deals.bulkGet(ids)) if (deal) titles.set(deal.id, deal.title);
  return unlinked.map((row) => ({
    ...row,
    // A candidate deleted since keeps its id: it can no longer be linked, but the row still says it was one.
    candidates: row.candidates.map((id) => ({ id, title: titles.get(id) ?? id })),
  }));
}

/** How many open deals each stage holds. */
export async function openDealsByStage(db: EmberDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const deal of await db.deals.where('status').equals('open').toArray())
    counts[deal.stage] = (counts[deal.stage] ?? 0) + 1;
  return counts;
}
