import type { Deal, Instant, StageChange, Trigger } from './engine/types';
import { computeMetrics, isMet, isMissed, stintsOf, type Metrics } from './metrics';
import { median, percentile, ratio } from './stats';
import { TRIGGER_KINDS, type Rule, type TriggerKind, type Workflow } from './workflow';
import { ACTION_TEXT, TRIGGER_TEXT } from './wording';

/** A rule as the rep reads it ("Gone quiet → Follow up with a reason"), never by its ids. */
const ruleInWords = (rule: Rule) => `${TRIGGER_TEXT[rule.trigger]} → ${ACTION_TEXT[rule.action]}`;

/**
 * The dashboard's figures. The shared ones are the engine's own metrics (the same `computeMetrics`
 * that `replay` prints); the rest break them down by stage and week and say what to fix and trim.
 */

const HOUR = 3_600_000;

export interface DashboardDeal extends Deal {
  /** Checklist items the rep ticked, per stage. */
  checklist?: Record<string, string[]>;
}

export interface LatencyFigures {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  medianBusinessMinutes: number | null;
  p90BusinessMinutes: number | null;
  met: number;
  missed: number;
  withinSlaRate: number | null;
}

export interface Dashboard {
  asOf: Instant;
  metrics: Metrics;
  timeInStage: {
    stage: string;
    name: string;
    completed: number;
    open: number;
    medianHours: number | null;
    p90Hours: number | null;
    /** Open deals that have sat longest in the stage. */
    longest: { deal: string; title: string; hours: number }[];
  }[];
  funnel: { stage: string; name: string; entered: number; advanced: number; lost: number; rate: number | null }[];
  winRate: number | null;
  latencyByKind: ({ kind: TriggerKind } & LatencyFigures)[];
  latencyByStage: ({ stage: string; name: string } & LatencyFigures)[];
  /** Done triggers by working minutes taken. */
  distribution: { bucket: string; count: number }[];
  /** Met and missed by the week the trigger fell due (weeks start Monday, UTC). */
  weekly: { week: string; met: number; missed: number; withinSlaRate: number | null }[];
  fixNext: { stage: string; name: string; why: string } | null;
  trim: string[];
}

/** What latency figures are computed from, gathered in one pass over the triggers. */
interface LatencyTally {
  wall: number[];
  business: number[];
  met: number;
  missed: number;
}

const newTally = (): LatencyTally => ({ wall: [], business: [], met: 0, missed: 0 });

function latencyOf({ wall, business, met, missed }: LatencyTally): LatencyFigures {
  return {
    count: wall.length,
    medianMinutes: median(wall),
    p90Minutes: percentile(wall, 0.9),
    medianBusinessMinutes: median(business),
    p90BusinessMinutes: percentile(business, 0.9),
    met,
    missed,
    withinSlaRate: ratio(met, met + missed),
  };
}

const BUCKETS: [string, number][] = [
  ['< 30 min', 30],
  ['30–60 min', 60],
  ['1–2 h', 120],
  ['2–4 h', 240],
  ['4–8 h', 480],
  ['> 1 day', Number.POSITIVE_INFINITY],
];

const DAY = 24 * HOUR;

/** The Monday of a UTC day, by day number: triggers share few days, and dates are costly to format. */
function mondayOfDay(day: number, cache: Map<number, string>): string {
  let monday = cache.get(day);
  if (monday === undefined) cache.set(day, (monday = mondayOf(day * DAY)));
  return monday;
}

function mondayOf(at: Instant): string {
  const date = new Date(at);
  const day = (date.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day))
    .toISOString()
    .slice(0, 10);
}

export interface DashboardInput {
  workflow: Workflow;
  deals: readonly DashboardDeal[];
  stageChanges: readonly StageChange[];
  triggers: readonly Trigger[];
  asOf: Instant;
}

export function computeDashboard({ workflow, deals, stageChanges, triggers, asOf }: DashboardInput): Dashboard {
  const metrics = computeMetrics({ workflow, deals, stageChanges, triggers, asOf });
  const names = new Map(workflow.stages.map((stage) => [stage.id, stage.name]));
  const changesByDeal = new Map<string, StageChange[]>();
  for (const change of stageChanges) {
    const changes = changesByDeal.get(change.deal);
    if (changes) changes.push(change);
    else changesByDeal.set(change.deal, [change]);
  }
  // By id: looking each open stint's deal up in the list made the dashboard quadratic in deals.
  const dealsById = new Map(deals.map((deal) => [deal.id, deal]));

  const stints = deals.flatMap((deal) => stintsOf(workflow, deal, changesByDeal.get(deal.id) ?? []));
  const timeInStage = workflow.stages.map((stage) => {
    const completed = stints.filter((stint) => stint.stage === stage.id && stint.completed && stint.leftAt !== null);
    const hours = completed.map((stint) => (stint.leftAt! - stint.enteredAt) / HOUR);
    const openNow = stints
      .filter((stint) => stint.stage === stage.id && stint.leftAt === null)
      .map((stint) => ({
        deal: stint.deal,
        title: dealsById.get(stint.deal)?.title ?? stint.deal,
        hours: (asOf - stint.enteredAt) / HOUR,
      }))
      .filter((entry) => dealsById.get(entry.deal)?.status === 'open')
      .sort((a, b) => b.hours - a.hours);
    return {
      stage: stage.id,
      name: stage.name,
      completed: metrics.timeInStage[stage.id]!.completed,
      open: metrics.timeInStage[stage.id]!.open,
      medianHours: metrics.timeInStage[stage.id]!.medianHours,
      p90Hours: percentile(hours, 0.9),
      longest: openNow.slice(0, 3),
    };
  });

  const funnel = workflow.stages.map((stage) => ({
    stage: stage.id,
    name: stage.name,
    ...metrics.conversion[stage.id]!,
  }));
  const won = deals.filter((deal) => deal.status === 'won').length;
  const lost = deals.filter((deal) => deal.status === 'lost').length;

  // One pass over the triggers: they are the bulk of the store, and a pass per kind, stage and
  // bucket made the dashboard cost several times what reading them does.
  const byKind = new Map<TriggerKind, LatencyTally>(TRIGGER_KINDS.map((kind) => [kind, newTally()]));
  const byStage = new Map<string, LatencyTally>(workflow.stages.map((stage) => [stage.id, newTally()]));
  const bucketCounts = BUCKETS.map(() => 0);
  const weeks = new Map<string, { met: number; missed: number }>();
  const mondays = new Map<number, string>();
  /** Kinds that fired, by the stage they fired in: what the trim suggestions look for. */
  const fired = new Map<string, Set<TriggerKind>>();
  for (const trigger of triggers) {
    const met = isMet(trigger);
    const missed = !met && isMissed(trigger, asOf);
    const count = (tally: LatencyTally | undefined) => {
      if (!tally) return;
      if (trigger.status === 'done') {
        tally.wall.push(trigger.latencyMinutes ?? 0);
        tally.business.push(trigger.businessMinutes ?? 0);
      }
      if (met) tally.met += 1;
      if (missed) tally.missed += 1;
    };
    count(byKind.get(trigger.kind));
    count(byStage.get(trigger.stage));
    let kinds = fired.get(trigger.stage);
    if (!kinds) fired.set(trigger.stage, (kinds = new Set()));
    kinds.add(trigger.kind);
    if (trigger.status === 'done') {
      const minutes = trigger.businessMinutes ?? 0;
      const bucket = BUCKETS.findIndex(
        ([, upper], index) => minutes < upper && minutes >= (BUCKETS[index - 1]?.[1] ?? 0),
      );
      if (bucket >= 0) bucketCounts[bucket]! += 1;
    }
    if (trigger.dueAt >= asOf && !met) continue;
    const week = mondayOfDay(Math.floor(trigger.dueAt / DAY), mondays);
    let tally = weeks.get(week);
    if (!tally) weeks.set(week, (tally = { met: 0, missed: 0 }));
    if (met) tally.met += 1;
    else if (missed) tally.missed += 1;
  }
  const latencyByKind = TRIGGER_KINDS.map((kind) => ({ kind, ...latencyOf(byKind.get(kind)!) }));
  const latencyByStage = workflow.stages.map((stage) => ({
    stage: stage.id,
    name: stage.name,
    ...latencyOf(byStage.get(stage.id)!),
  }));
  const distribution = BUCKETS.map(([bucket], index) => ({ bucket, count: bucketCounts[index]! }));
  const weekly = [...weeks]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([week, tally]) => ({ week, ...tally, withinSlaRate: ratio(tally.met, tally.met + tally.missed) }));

  return {
    asOf,
    metrics,
    timeInStage,
    funnel,
    winRate: ratio(won, won + lost),
    latencyByKind,
    latencyByStage,
    distribution,
    weekly,
    fixNext: fixNext(latencyByStage, funnel, names),
    trim: trimSuggestions(workflow, deals, changesByDeal, fired),
  };
}

/** The stage to fix first: the worst SLA rate, else the lowest conversion among decided deals. */
function fixNext(
  latency: Dashboard['latencyByStage'],
  funnel: Dashboard['funnel'],
  names: Map<string, string>,
): Dashboard['fixNext'] {
  const slowest = latency
    .filter((entry) => entry.withinSlaRate !== null && entry.met + entry.missed >= 1 && entry.withinSlaRate < 1)
    .sort((a, b) => a.withinSlaRate! - b.withinSlaRate!)[0];
  if (slowest) {
    return {
      stage: slowest.stage,
      name: slowest.name,
      why: `${slowest.name} answers in time only ${Math.round(slowest.withinSlaRate! * 100)}% of the time (${slowest.missed} missed).`,
    };
  }
  const leaky = funnel.filter((entry) => entry.rate !== null && entry.rate < 1).sort((a, b) => a.rate! - b.rate!)[0];
  if (leaky) {
    return {
      stage: leaky.stage,
      name: names.get(leaky.stage) ?? leaky.stage,
      why: `${leaky.name} converts only ${Math.round(leaky.rate! * 100)}% of decided deals (${leaky.lost} lost there).`,
    };
  }
  return null;
}

/** "A workflow is done when nothing can be removed": rules that never fired, stages deals skip, unticked items. */
function trimSuggestions(
  workflow: Workflow,
  deals: readonly DashboardDeal[],
  changesByDeal: Map<string, StageChange[]>,
  fired: Map<string, Set<TriggerKind>>,
): string[] {
  const suggestions: string[] = [];
  if (deals.length === 0) return suggestions;
  for (const stage of workflow.stages) {
    for (const rule of stage.rules) {
      if (!fired.get(stage.id)?.has(rule.trigger)) {
        suggestions.push(`The ${stage.name} rule "${ruleInWords(rule)}" never fired.`);
      }
    }
  }
  for (const rule of workflow.rules) {
    if (![...fired.values()].some((kinds) => kinds.has(rule.trigger)))
      suggestions.push(`The default rule "${ruleInWords(rule)}" never fired.`);
  }
  const order = new Map(workflow.stages.map((stage, index) => [stage.id, index]));
  workflow.stages.forEach((stage, index) => {
    let passed = 0;
    let skipped = 0;
    for (const changes of changesByDeal.values()) {
      const indexes = changes.map((change) => order.get(change.to) ?? -1);
      if (Math.max(...indexes) <= index || Math.min(...indexes) >= index) continue;
      passed += 1;
      if (!indexes.includes(index)) skipped += 1;
    }
    if (passed >= 2 && skipped / passed > 0.5)
      suggestions.push(`Most deals skip ${stage.name} (${skipped} of ${passed}).`);
  });
  for (const stage of workflow.stages) {
    for (const item of stage.checklist) {
      if (!deals.some((deal) => deal.checklist?.[stage.id]?.includes(item)))
        suggestions.push(`Nobody ticked "${item}" in ${stage.name}.`);
    }
  }
  return suggestions;
}
