import { describe, expect, test } from 'vitest';
import type { Deal, StageChange, Trigger } from '@/lib/domain/engine/types';
import { computeLatency, computeMetrics, isMissed } from '@/lib/domain/metrics';
import { median, percentile } from '@/lib/domain/stats';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-04-06T09:00:00Z');
const h = (hours: number) => T0 + hours * HOUR;

describe('median and p90', () => {
  test.each([
    [[], null, null],
    [[5], 5, 5],
    [[40, 1080], 560, 1080],
    [[3, 1, 2], 2, 3],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10],
  ])('%j: median %s, p90 %s', (values, expectedMedian, expectedP90) => {
    expect(median(values)).toBe(expectedMedian);
    expect(percentile(values, 0.9)).toBe(expectedP90);
  });
});

function trigger(fields: Partial<Trigger>): Trigger {
  return {
    id: 'd#1',
    deal: 'd',
    seq: 1,
    kind: 'buyer_replied',
    stage: 'contact',
    action: 'reply',
    stakeholder: null,
    firedAt: h(0),
    dueAt: h(4),
    status: 'open',
    resolvedAt: null,
    resolvedBy: null,
    latencyMinutes: null,
    businessMinutes: null,
    withinSla: null,
    ...fields,
  };
}

describe('missed: due before as-of and not ended by its due time', () => {
  test.each([
    ['open, not yet due', trigger({}), h(3), false],
    ['open, due exactly now', trigger({}), h(4), false],
    ['open and overdue', trigger({}), h(5), true],
    ['done in time', trigger({ status: 'done', resolvedAt: h(4) }), h(9), false],
    ['done late', trigger({ status: 'done', resolvedAt: h(5) }), h(9), true],
    ['dismissed in time', trigger({ status: 'dismissed', resolvedAt: h(1) }), h(9), false],
    ['dismissed late', trigger({ status: 'dismissed', resolvedAt: h(6) }), h(9), true],
    ['closed late', trigger({ status: 'closed', resolvedAt: h(6) }), h(9), true],
    ['superseded in time', trigger({ kind: 'quiet', status: 'superseded', resolvedAt: h(2) }), h(9), false],
  ])('%s', (_case, subject, asOf, missed) => {
    expect(isMissed(subject, asOf)).toBe(missed);
  });

  test('the SLA rate counts late and open overdue triggers as misses', () => {
    const latency = computeLatency(
      [
        trigger({ status: 'done', resolvedAt: h(1), latencyMinutes: 60, businessMinutes: 60 }),
        trigger({ status: 'done', resolvedAt: h(6), latencyMinutes: 360, businessMinutes: 240 }),
        trigger({}),
        trigger({ kind: 'quiet', dueAt: h(100) }),
      ],
      h(10),
    );
    expect(latency.buyer_replied).toEqual({
      count: 2,
      medianMinutes: 210,
      p90Minutes: 360,
      medianBusinessMinutes: 150,
      met: 1,
      missed: 2,
      withinSlaRate: 1 / 3,
    });
    expect(latency.quiet).toMatchObject({ count: 0, met: 0, missed: 0, withinSlaRate: null });
    expect(Object.keys(latency).sort()).toEqual([
      'buyer_replied',
      'meeting_ended',
      'new_stakeholder',
      'quiet',
      'stage_entered',
    ]);
  });
});

function deal(id: string, stage: string, status: Deal['status'], closedAt: number | null = null): Deal {
  return {
    id,
    title: id,
    stage,
    status,
    contacts: [],
    createdAt: h(0),
    closedAt,
    lastActivityAt: null,
    lastInboundAt: null,
    latestMessageAt: null,
    latestThread: null,
    quietDueAt: null,
    quietWaiting: false,
    triggerCount: 0,
    stageChangeCount: 0,
    appliedThrough: '',
  };
}

const change = (dealId: string, from: string | null, to: string, hours: number): StageChange => ({
  id: `${dealId}/${to}@${hours}`,
  deal: dealId,
  from,
  to,
  at: h(hours),
  evidence: null,
});

describe('time in stage and conversion', () => {
  const deals = [
    deal('won', 'close', 'won', h(30)),
    deal('lost', 'propose', 'lost', h(20)),
    deal('back', 'contact', 'open'),
    deal('open', 'discovery', 'open'),
  ];
  const stageChanges = [
    change('won', null, 'contact', 0),
    change('won', 'contact', 'propose', 10),
    change('won', 'propose', 'close', 20),
    change('lost', null, 'contact', 0),
    change('lost', 'contact', 'discovery', 4),
    change('lost', 'discovery', 'propose', 6),
    change('back', null, 'contact', 0),
    change('back', 'contact', 'discovery', 2),
    change('back', 'discovery', 'contact', 5),
    change('open', null, 'discovery', 1),
  ];
  const metrics = computeMetrics({ workflow: DEFAULT_WORKFLOW, deals, stageChanges, triggers: [], asOf: h(40) });

  test('only stints that moved forward or won count; a move back or a loss says nothing about pace', () => {
    expect(metrics.timeInStage).toEqual({
      identify: { completed: 0, medianHours: null, open: 0 },
      contact: { completed: 3, medianHours: 4, open: 1 },
      discovery: { completed: 1, medianHours: 2, open: 1 },
      propose: { completed: 1, medianHours: 10, open: 0 },
      resolve: { completed: 0, medianHours: null, open: 0 },
      close: { completed: 1, medianHours: 10, open: 0 },
    });
  });

  test("conversion goes by each deal's furthest stage and leaves undecided deals out of the rate", () => {
    expect(metrics.conversion).toEqual({
      identify: { entered: 0, advanced: 0, lost: 0, rate: null },
      contact: { entered: 3, advanced: 3, lost: 0, rate: 1 },
      discovery: { entered: 3, advanced: 1, lost: 0, rate: 1 },
      propose: { entered: 2, advanced: 1, lost: 1, rate: 0.5 },
      resolve: { entered: 0, advanced: 0, lost: 0, rate: null },
      close: { entered: 1, advanced: 1, lost: 0, rate: 1 },
    });
  });
});
