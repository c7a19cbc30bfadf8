import { compareOptionalText, compareText } from '../compare';
import { createSides } from '../addresses';
import { SyncWorkflowEngine } from '../engine/engine';
import type { EngineContext } from '../engine/deal-engine';
import { MemoryEngineStore } from '../engine/memory-store';
import type { EngineMessage, Instant, Trigger } from '../engine/types';
import { DomainError } from '../errors';
import { computeMetrics, type Metrics } from '../metrics';
import { buildQueue } from '../queue';
import { createWorkCalendar } from '../working-hours';
import type { TriggerKind } from '../workflow';
import { eventLabel, ScenarioError, type Scenario, type ScenarioEvent } from './scenario';
import { inTimeOrder } from './time-order';

/** The replay output (tests/fixtures/scenarios/README.md, "Output"). Times are ISO-8601 UTC strings. */
export interface ReplayOutput {
  asOf: string;
  deals: { id: string; title: string; stage: string; status: string; contacts: string[] }[];
  triggers: {
    deal: string;
    kind: TriggerKind;
    stage: string;
    action: string;
    stakeholder: string | null;
    firedAt: string;
    dueAt: string;
    status: string;
    resolvedAt: string | null;
    resolvedBy: string | null;
    latencyMinutes: number | null;
    businessMinutes: number | null;
    withinSla: boolean | null;
  }[];
  queue: { deal: string; kind: TriggerKind; stakeholder: string | null; dueAt: string; overdue: boolean }[];
  unlinked: { message: string; from: string; candidates: string[] }[];
  metrics: Metrics;
}

const iso = (at: Instant) => new Date(at).toISOString();
const isoOrNull = (at: Instant | null) => (at === null ? null : iso(at));

/** A scenario message as the engine sees it, with its subject and text kept for drafting. */
export interface ScenarioMessage extends EngineMessage {
  subject: string;
  text: string;
}

export type MessageEvent = Extract<ScenarioEvent, { type: 'message' }>;

const toScenarioMessage = (event: MessageEvent): ScenarioMessage => ({
  id: event.id,
  thread: event.thread,
  at: event.at,
  from: event.from,
  to: event.to,
  cc: event.cc,
  subject: event.subject,
  text: event.text,
});

/**
 * Applies one scenario event through the engine; `toMessage` shapes messages for the engine's store.
 * `seq` orders the event among the rep's inputs at the same time: its place in the time-ordered file.
 * The store is in memory, so the engine runs its steps straight through, without awaiting.
 */
export function applyEvent<Message extends EngineMessage>(
  engine: SyncWorkflowEngine<Message>,
  event: ScenarioEvent,
  toMessage: (event: MessageEvent) => Message,
  seq = 0,
): void {
  switch (event.type) {
    case 'deal':
      engine.createDeal(
        { id: event.id, title: event.title ?? event.id, stage: event.stage, contacts: event.contacts, at: event.at },
        seq,
      );
      return;
    case 'message':
      engine.ingestMessage(toMessage(event), event.deal);
      return;
    case 'meeting':
      engine.recordMeeting(
        {
          id: `${event.deal}@${event.at}/${seq}`,
          deal: event.deal,
          title: event.title ?? null,
          start: event.start,
          end: event.end,
          recordedAt: event.at,
        },
        seq,
      );
      return;
    case 'advance':
      engine.advance(event.deal, { to: event.to, at: event.at, evidence: event.evidence ?? null }, seq);
      return;
    case 'close':
      engine.close(event.deal, event.outcome, event.at, seq);
      return;
    case 'dismiss':
      engine.dismiss(event.deal, event.kind, event.stakeholder ?? null, event.at, seq);
      return;
    case 'tick':
      return;
  }
}

export type ReplayTrigger = ReplayOutput['triggers'][number];
export type ReplayQueueItem = ReplayOutput['queue'][number];

function compareTriggers(a: Trigger, b: Trigger): number {
  return (
    a.firedAt - b.firedAt ||
    compareText(a.deal, b.deal) ||
    compareText(a.kind, b.kind) ||
    compareOptionalText(a.stakeholder, b.stakeholder)
  );
}

/** A played scenario: the engine's context, its in-memory store, and the last event's time. */
export interface ScenarioRun {
  context: EngineContext;
  store: MemoryEngineStore<ScenarioMessage>;
  asOf: Instant;
}

/** Runs a scenario's timeline through the engine; errors name the event. */
export async function runScenario(scenario: Scenario): Promise<ScenarioRun> {
  const context: EngineContext = {
    workflow: scenario.workflow,
    calendar: createWorkCalendar(scenario.timezone, scenario.workingHours),
    sides: createSides(scenario.me, scenario.domains),
  };
  const store = new MemoryEngineStore<ScenarioMessage>();
  const engine = new SyncWorkflowEngine(context, store);

  const events = inTimeOrder(scenario.events);
  for (const [seq, { event, index }] of events.entries()) {
    try {
      if (store.timersMayBeDue(event.at)) engine.sweep(event.at);
      applyEvent(engine, event, toScenarioMessage, seq);
    } catch (error) {
      if (error instanceof DomainError) throw new ScenarioError(`${eventLabel(index, event.type)}: ${error.message}`);
      throw error;
    }
  }
  return { context, store, asOf: events.at(-1)!.event.at };
}

/**
 * Runs the workflow engine over a scenario's timeline and reports what it concluded. The engine
 * and its rules are the extension's own; only the store is in memory.
 */
export async function replay(scenario: Scenario): Promise<ReplayOutput> {
  const { store, asOf } = await runScenario(scenario);
  const deals = [...store.deals.values()].map((state) => state.deal);
  const triggers = [...store.triggers.values()];

  return {
    asOf: iso(asOf),
    deals: deals.map(({ id, title, stage, status, contacts }) => ({ id, title, stage, status, contacts })),
    triggers: formatTriggers(triggers),
    queue: formatQueue(triggers, asOf),
    unlinked: store.unlinked.map(({ message, from, candidates }) => ({ message, from, candidates })),
    metrics: computeMetrics({
      workflow: scenario.workflow,
      deals,
      stageChanges: store.stageChanges,
      triggers,
      asOf,
    }),
  };
}

/** Triggers as the replay prints them, in its order; stable, so full ties keep their firing order. */
export function formatTriggers(triggers: readonly Trigger[]): ReplayTrigger[] {
  return [...triggers]
    .sort((a, b) => compareTriggers(a, b) || a.seq - b.seq)
    .map((trigger) => ({
      deal: trigger.deal,
      kind: trigger.kind,
      stage: trigger.stage,
      action: trigger.action,
      stakeholder: trigger.stakeholder,
      firedAt: iso(trigger.firedAt),
      dueAt: iso(trigger.dueAt),
      status: trigger.status,
      resolvedAt: isoOrNull(trigger.resolvedAt),
      resolvedBy: trigger.resolvedBy,
      latencyMinutes: trigger.latencyMinutes,
      businessMinutes: trigger.businessMinutes,
      withinSla: trigger.withinSla,
    }));
}

export function formatQueue(triggers: readonly Trigger[], asOf: Instant): ReplayQueueItem[] {
  return buildQueue(triggers, asOf).map(({ trigger, overdue }) => ({
    deal: trigger.deal,
    kind: trigger.kind,
    stakeholder: trigger.stakeholder,
    dueAt: iso(trigger.dueAt),
    overdue,
  }));
}
