import type { Deal, Instant, StageChange, Trigger } from './engine/types';
import { median, percentile, ratio } from './stats';
import { stageIndex, TRIGGER_KINDS, type TriggerKind, type Workflow } from './workflow';

/**
 * Workflow metrics that do not flatter: an open overdue trigger is a miss, conversion counts only
 * decided deals, and time in stage counts only stints that moved the deal forward.
 */

export interface StageTime {
  /** Stints that ended by moving to a later stage or by a win. */
  completed: number;
  medianHours: number | null;
  /** Open deals in the stage now. */
  open: number;
}

export interface StageConversion {
  entered: number;
  /** Of those that entered, the ones won or whose furthest stage is later. */
  advanced: number;
  /** Lost with this as their furthest stage. */
  lost: number;
  /** advanced / (advanced + lost); undecided deals are left out. */
  rate: number | null;
}

export interface TriggerLatency {
  /** Done triggers; the medians and p90 are over them. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  medianBusinessMinutes: number | null;
  met: number;
  missed: number;
  withinSlaRate: number | null;
}

export interface Metrics {
  timeInStage: Record<string, StageTime>;
  conversion: Record<string, StageConversion>;
  latency: Record<TriggerKind, TriggerLatency>;
}

export interface Stint {
  deal: string;
  stage: string;
  enteredAt: Instant;
  /** null while the deal is still in the stage. */
  leftAt: Instant | null;
  /** Moved to a later stage or won: the only endings that say something about pace. */
  completed: boolean;
}

const HOUR = 3_600_000;

function groupByDeal(stageChanges: readonly StageChange[]): Map<string, StageChange[]> {
  const byDeal = new Map<string, StageChange[]>();
  for (const change of stageChanges) {
    let changes = byDeal.get(change.deal);
    if (!changes) byDeal.set(change.deal, (changes = []));
    changes.push(change);
  }
  return byDeal;
}

/** A deal's stints in its stages, from its stage changes in the order they happened. */
export function stintsOf(workflow: Workflow, deal: Deal, changes: readonly StageChange[]): Stint[] {
  return changes.map((change, index) => {
    const next = changes[index + 1];
    if (next) {
      return {
        deal: deal.id,
        stage: change.to,
        enteredAt: change.at,
        leftAt: next.at,
        completed: stageIndex(workflow, next.to) > stageIndex(workflow, change.to),
      };
    }
    return {
      deal: deal.id,
      stage: change.to,
      enteredAt: change.at,
      leftAt: deal.closedAt,
      completed: deal.status === 'won',
    };
  });
}

/** Whether a trigger counts against the SLA at `asOf`: due before then and not ended in time. */
export function isMissed(trigger: Trigger, asOf: Instant): boolean {
  if (trigger.dueAt >= asOf) return false;
  return trigger.resolvedAt === null || trigger.resolvedAt > trigger.dueAt;
}

export function isMet(trigger: Trigger): boolean {
  return trigger.status === 'done' && trigger.resolvedAt !== null && trigger.resolvedAt <= trigger.dueAt;
}

export interface MetricsInput {
  workflow: Workflow;
  deals: Iterable<Deal>;
  stageChanges: readonly StageChange[];
  triggers: Iterable<Trigger>;
  asOf: Instant;
}

export function computeMetrics({ workflow, deals, stageChanges, triggers, asOf }: MetricsInput): Metrics {
  const changesByDeal = groupByDeal(stageChanges);
  const stageIds = workflow.stages.map((stage) => stage.id);
  const stintHours = new Map<string, number[]>(stageIds.map((id) => [id, []]));
  const openDeals = new Map<string, number>(stageIds.map((id) => [id, 0]));
  const conversion = new Map<string, StageConversion>(
    stageIds.map((id) => [id, { entered: 0, advanced: 0, lost: 0, rate: null }]),
  );

  for (const deal of deals) {
    const changes = changesByDeal.get(deal.id) ?? [];
    for (const stint of stintsOf(workflow, deal, changes)) {
      if (stint.completed && stint.leftAt !== null)
        stintHours.get(stint.stage)?.push((stint.leftAt - stint.enteredAt) / HOUR);
    }
    if (deal.status === 'open' && openDeals.has(deal.stage)) openDeals.set(deal.stage, openDeals.get(deal.stage)! + 1);

    const entered = new Set(changes.map((change) => change.to).filter((stage) => conversion.has(stage)));
    const furthest = Math.max(-1, ...[...entered].map((stage) => stageIndex(workflow, stage)));
    for (const stage of entered) {
      const counts = conversion.get(stage)!;
      counts.entered += 1;
      const index = stageIndex(workflow, stage);
      if (deal.status === 'won' || furthest > index) counts.advanced += 1;
      else if (deal.status === 'lost' && furthest === index) counts.lost += 1;
    }
  }

  const timeInStage: Record<string, StageTime> = {};
  const conversionOut: Record<string, StageConversion> = {};
  for (const id of stageIds) {
    const hours = stintHours.get(id)!;
    timeInStage[id] = { completed: hours.length, medianHours: median(hours), open: openDeals.get(id)! };
    const counts = conversion.get(id)!;
    conversionOut[id] = { ...counts, rate: ratio(counts.advanced, counts.advanced + counts.lost) };
  }

  return { timeInStage, conversion: conversionOut, latency: computeLatency(triggers, asOf) };
}

export function computeLatency(triggers: Iterable<Trigger>, asOf: Instant): Record<TriggerKind, TriggerLatency> {
  const byKind = new Map<TriggerKind, { wall: number[]; business: number[]; met: number; missed: number }>(
    TRIGGER_KINDS.map((kind) => [kind, { wall: [], business: [], met: 0, missed: 0 }]),
  );
  for (const trigger of triggers) {
    const tally = byKind.get(trigger.kind)!;
    if (trigger.status === 'done' && trigger.latencyMinutes !== null && trigger.businessMinutes !== null) {
      tally.wall.push(trigger.latencyMinutes);
      tally.business.push(trigger.businessMinutes);
    }
    if (isMet(trigger)) tally.met += 1;
    else if (isMissed(trigger, asOf)) tally.missed += 1;
  }
  const latency = {} as Record<TriggerKind, TriggerLatency>;
  for (const [kind, tally] of byKind) {
    latency[kind] = {
      count: tally.wall.length,
      medianMinutes: median(tally.wall),
      p90Minutes: percentile(tally.wall, 0.9),
      medianBusinessMinutes: median(tally.business),
      met: tally.met,
      missed: tally.missed,
      withinSlaRate: ratio(tally.met, tally.met + tally.missed),
    };
  }
  return latency;
}
