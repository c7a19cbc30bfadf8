import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareOptionalText, compareText } from '@/lib/domain/compare';
import { replay, type ReplayOutput } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';

/**
 * Properties of the engine over random timelines: a few deals sharing a few buyers, messages both
 * ways (some internal, some from strangers), meetings, advances, dismissals and closes, in time order.
 */
const REP = 'sam@seller.com';
const DEALS = ['a', 'b', 'c'];
const BUYERS = ['ann@a.com', 'bob@b.com', 'cy@a.com', 'dee@shared.com', 'eve@b.com'];
const START = Date.parse('2026-04-06T08:00:00Z');

type Step =
  | { kind: 'message'; fromBuyer: boolean; buyer: number; cc: number[]; thread: number; internal: boolean }
  | { kind: 'meeting'; deal: number; offsetHours: number }
  | { kind: 'advance'; deal: number; to: number }
  | { kind: 'dismiss'; deal: number; trigger: number }
  | { kind: 'close'; deal: number; won: boolean }
  | { kind: 'tick' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('message' as const),
      fromBuyer: fc.boolean(),
      buyer: fc.nat(4),
      cc: fc.array(fc.nat(4), { maxLength: 2 }),
      thread: fc.nat(5),
      internal: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('meeting' as const),
      deal: fc.nat(2),
      offsetHours: fc.integer({ min: -30, max: 30 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), deal: fc.nat(2), to: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dismiss' as const), deal: fc.nat(2), trigger: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), deal: fc.nat(2), won: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
);

const KINDS = ['buyer_replied', 'meeting_ended', 'quiet', 'new_stakeholder', 'stage_entered'];
const STAGES = ['identify', 'contact', 'discovery', 'propose', 'resolve', 'close'];

/** Turns steps into a valid scenario: events that would be refused (advancing a closed deal) are skipped. */
function scenarioOf(steps: Step[], gapsMinutes: number[]) {
  const events: Record<string, unknown>[] = [];
  let at = START;
  DEALS.forEach((id, index) => {
    events.push({
      at: new Date(at).toISOString(),
      type: 'deal',
      id,
      stage: STAGES[index + 1],
      contacts: [BUYERS[index]!, BUYERS[3]!],
    });
  });
  const closed = new Set<string>();
  const stage = new Map(DEALS.map((id, index) => [id, STAGES[index + 1]!]));
  steps.forEach((item, index) => {
    at += (gapsMinutes[index % gapsMinutes.length] ?? 60) * 60_000;
    const iso = new Date(at).toISOString();
    switch (item.kind) {
      case 'message': {
        const buyer = BUYERS[item.buyer]!;
        const cc = item.cc.map((n) => BUYERS[n]!);
        const id = `m${index}`;
        const thread = `t${item.thread}`;
        if (item.fromBuyer) events.push({ at: iso, type: 'message', id, thread, from: buyer, to: [REP], cc });
        else
          events.push({
            at: iso,
            type: 'message',
            id,
            thread,
            from: REP,
            to: item.internal ? ['boss@seller.com'] : [buyer],
            cc: item.internal ? [] : cc,
          });
        break;
      }
      case 'meeting': {
        const deal = DEALS[item.deal]!;
        const end = at + item.offsetHours * 3_600_000;
        events.push({
          at: iso,
          type: 'meeting',
          deal,
          start: new Date(end - 1_800_000).toISOString(),
          end: new Date(end).toISOString(),
        });
        break;
      }
      case 'advance': {
        const deal = DEALS[item.deal]!;
        const to = STAGES[item.to]!;
        if (closed.has(deal) || stage.get(deal) === to) break;
        stage.set(deal, to);
        events.push({ at: iso, type: 'advance', deal, to, evidence: 'note: random' });
        break;
      }
      case 'dismiss':
        events.push({ at: iso, type: 'dismiss', deal: DEALS[item.deal]!, kind: KINDS[item.trigger]! });
        break;
      case 'close': {
        const deal = DEALS[item.deal]!;
        if (closed.has(deal)) break;
        closed.add(deal);
        events.push({ at: iso, type: 'close', deal, outcome: item.won ? 'won' : 'lost' });
        break;
      }
      case 'tick':
        events.push({ at: iso, type: 'tick' });
    }
  });
  events.push({ at: new Date(at + 30 * 86_400_000).toISOString(), type: 'tick' });
  return { me: [REP], timezone: 'America/New_York', events };
}

const timelines = fc.tuple(
  fc.array(step, { minLength: 1, maxLength: 40 }),
  fc.array(fc.integer({ min: 0, max: 4 * 24 * 60 }), { minLength: 1, maxLength: 8 }),
);
const run = (input: ReturnType<typeof scenarioOf>): Promise<ReplayOutput> => replay(parseScenario(input));
const RUNS = { numRuns: 60 };

describe('engine properties on random timelines', () => {
  test('a trigger never ends before it fired, and only done triggers carry latency', async () => {
    await fc.assert(
      fc.asyncProperty(timelines, async ([steps, gaps]) => {
        const output = await run(scenarioOf(steps, gaps));
        for (const trigger of output.triggers) {
          if (trigger.resolvedAt !== null) expect(trigger.resolvedAt >= trigger.firedAt).toBe(true);
          expect(trigger.latencyMinutes !== null).toBe(trigger.status === 'done');
          if (trigger.status === 'done')
            expect(trigger.latencyMinutes!).toBeGreaterThanOrEqual(trigger.businessMinutes!);
        }
      }),
      RUNS,
    );
  });

  test('a deal never has two buyer_replied open at once', async () => {
    await fc.assert(
      fc.asyncProperty(timelines, async ([steps, gaps]) => {
        const output = await run(scenarioOf(steps, gaps));
        const asOf = Date.parse(output.asOf);
        for (const deal of DEALS) {
          const spans = output.triggers
            .filter((t) => t.deal === deal && t.kind === 'buyer_replied')
            .map((t) => [Date.parse(t.firedAt), t.resolvedAt === null ? asOf + 1 : Date.parse(t.resolvedAt)] as const);
          spans.forEach(([start], index) => {
            const previous = spans[index - 1];
            if (previous) expect(start >= previous[1]).toBe(true);
          });
        }
      }),
      RUNS,
    );
  });

  test('replaying twice, or with every message delivered twice, gives the same output', async () => {
    await fc.assert(
      fc.asyncProperty(timelines, async ([steps, gaps]) => {
        const scenario = scenarioOf(steps, gaps);
        const once = await run(scenario);
        expect(await run(scenario)).toEqual(once);
        const doubled = {
          ...scenario,
          events: scenario.events.flatMap((event) => (event.type === 'message' ? [event, event] : [event])),
        };
        expect(await run(doubled)).toEqual(once);
      }),
      { numRuns: 30 },
    );
  });

  test('the queue is the open triggers, overdue first, then by due time, deal, kind, stakeholder', async () => {
    await fc.assert(
      fc.asyncProperty(timelines, async ([steps, gaps]) => {
        const output = await run(scenarioOf(steps, gaps));
        expect(output.queue).toHaveLength(output.triggers.filter((t) => t.status === 'open').length);
        output.queue.forEach((item, index) => {
          expect(item.overdue).toBe(item.dueAt < output.asOf);
          const previous = output.queue[index - 1];
          if (!previous) return;
          const order =
            Number(item.overdue) - Number(previous.overdue) ||
            compareText(previous.dueAt, item.dueAt) ||
            compareText(previous.deal, item.deal) ||
            compareText(previous.kind, item.kind) ||
            compareOptionalText(previous.stakeholder, item.stakeholder);
          expect(order).toBeLessThanOrEqual(0);
        });
      }),
      RUNS,
    );
  });

  test('metric counts add up to the triggers and deals they summarize', async () => {
    await fc.assert(
      fc.asyncProperty(timelines, async ([steps, gaps]) => {
        const output = await run(scenarioOf(steps, gaps));
        for (const kind of KINDS) {
          const ofKind = output.triggers.filter((t) => t.kind === kind);
          const latency = output.metrics.latency[kind as keyof typeof output.metrics.latency];
          expect(latency.count).toBe(ofKind.filter((t) => t.status === 'done').length);
          expect(latency.met).toBe(ofKind.filter((t) => t.withinSla === true).length);
          expect(latency.met + latency.missed).toBeLessThanOrEqual(ofKind.length);
        }
        const open = output.deals.filter((deal) => deal.status === 'open');
        const openTotal = Object.values(output.metrics.timeInStage).reduce((sum, stage) => sum + stage.open, 0);
        expect(openTotal).toBe(open.length);
        for (const conversion of Object.values(output.metrics.conversion)) {
          expect(conversion.advanced + conversion.lost).toBeLessThanOrEqual(conversion.entered);
          expect(conversion.entered).toBeLessThanOrEqual(output.deals.length);
        }
      }),
      RUNS,
    );
  });
});
