import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createRequestProcessor } from '@/lib/messaging/server';
import type { RequestInput, RequestType, ResponseData } from '@/lib/messaging/protocol';
import { testBackground } from '../helpers/fake-ports';

/**
 * Ember's conclusions about a deal never depend on the order mail reaches it. Random timelines (deals
 * sharing buyers, mail both ways, internal and stray mail, the unread feed's partial copies first,
 * meetings, advances, dismissals, closes, checklist ticks, role changes, threads tracked and unlinked)
 * are delivered through the real background over fake-indexeddb twice: each message as soon as it
 * was written, and each message late by a random delay, in random batches. The rep's own actions
 * happen when they happen in both. Every stored conclusion must be the same.
 */
const ACCOUNT = 'sam@seller.com';
const DEALS = ['a', 'b', 'c'];
const BUYERS = ['ann@a.com', 'bob@b.com', 'cy@a.com', 'dee@shared.com', 'eve@b.com'];
const STAGES = ['identify', 'contact', 'discovery', 'propose', 'resolve', 'close'];
const KINDS = ['buyer_replied', 'meeting_ended', 'quiet', 'new_stakeholder', 'stage_entered'] as const;
const START = Date.parse('2026-04-06T08:00:00Z');
const HOUR = 3_600_000;
/** EMBER_PROPERTY_RUNS=500 for a long search; the suite runs 25 timelines. */
const RUNS = Number(process.env.EMBER_PROPERTY_RUNS ?? 25);

type Step =
  | {
      kind: 'message';
      fromBuyer: boolean;
      buyer: number;
      cc: number[];
      thread: number;
      internal: boolean;
      feed: boolean;
    }
  | { kind: 'meeting'; deal: number; offsetHours: number }
  | { kind: 'advance'; deal: number; to: number }
  | { kind: 'dismiss'; deal: number; trigger: number }
  | { kind: 'close'; deal: number; won: boolean }
  | { kind: 'tick'; deal: number }
  | { kind: 'role'; deal: number }
  | { kind: 'unlink'; thread: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('message' as const),
      fromBuyer: fc.boolean(),
      buyer: fc.nat(4),
      cc: fc.array(fc.nat(4), { maxLength: 2 }),
      thread: fc.nat(5),
      internal: fc.boolean(),
      feed: fc.boolean(),
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
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), deal: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('role' as const), deal: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlink' as const), thread: fc.nat(5) }) },
);

type Send = <Type extends RequestType>(type: Type, data: RequestInput<Type>) => Promise<ResponseData<Type>>;

/** Something that happens at `at`: a request of the rep's (never late), or mail (late by `delay`). */
interface Delivery {
  at: number;
  order: number;
  mail?: RequestInput<'ingestMessages'>['messages'][number];
  action?: (send: Send) => Promise<unknown>;
}

function timeline(steps: Step[], gapsMinutes: number[]): Delivery[] {
  const deliveries: Delivery[] = [];
  let at = START;
  let order = 0;
  const push = (delivery: Omit<Delivery, 'order'>) => deliveries.push({ ...delivery, order: order++ });
  DEALS.forEach((id, index) => {
    // Deal a is tracked from thread t0, so that thread's earlier mail is its history.
    push({
      at,
      action: (send) =>
        send('createDeal', {
          account: ACCOUNT,
          id,
          title: id,
          stage: STAGES[index + 1],
          contacts: [BUYERS[index]!, BUYERS[3]!],
          ...(id === 'a' ? { thread: 't0' } : {}),
        }),
    });
    at += 60_000;
  });
  const closed = new Set<string>();
  const stage = new Map(DEALS.map((id, index) => [id, STAGES[index + 1]!]));
  steps.forEach((item, index) => {
    at += (gapsMinutes[index % gapsMinutes.length] ?? 60) * 60_000;
    const now = at;
    switch (item.kind) {
      case 'message': {
        const buyer = BUYERS[item.buyer]!;
        const cc = item.cc.map((n) => BUYERS[n]!);
        const id = `m${String(index).padStart(3, '0')}`;
        const thread = `t${item.thread}`;
        const common = { id, thread, at: now, subject: `s${item.thread}`, body: `body ${id}` };
        if (item.fromBuyer) {
          if (item.feed) {
            // The unread feed saw it first: its own thread, only the rep, a summary.
            push({
              at: now,
              mail: { ...common, thread: `feed-${id}`, from: buyer, to: [ACCOUNT], body: 'summary', partial: true },
            });
          }
          push({ at: now, mail: { ...common, from: `Buyer ${item.buyer} <${buyer}>`, to: [ACCOUNT], cc } });
        } else {
          push({
            at: now,
            mail: {
              ...common,
              from: ACCOUNT,
              to: item.internal ? ['boss@seller.com'] : [buyer],
              cc: item.internal ? [] : cc,
            },
          });
        }
        break;
      }
      case 'meeting': {
        const deal = DEALS[item.deal]!;
        const end = now + item.offsetHours * HOUR;
        push({
          at: now,
          action: (send) =>
            send('recordMeeting', { account: ACCOUNT, deal, start: end - 1_800_000, end, title: 'Call' }),
        });
        break;
      }
      case 'advance': {
        const deal = DEALS[item.deal]!;
        const to = STAGES[item.to]!;
        if (closed.has(deal) || stage.get(deal) === to) break;
        stage.set(deal, to);
        push({
          at: now,
          action: (send) => send('advanceStage', { account: ACCOUNT, deal, to, evidence: 'note: random' }),
        });
        break;
      }
      case 'dismiss': {
        const deal = DEALS[item.deal]!;
        const kind = KINDS[item.trigger]!;
        push({ at: now, action: (send) => send('dismissTrigger', { account: ACCOUNT, deal, kind }) });
        break;
      }
      case 'close': {
        const deal = DEALS[item.deal]!;
        if (closed.has(deal)) break;
        closed.add(deal);
        push({
          at: now,
          action: (send) => send('closeDeal', { account: ACCOUNT, deal, outcome: item.won ? 'won' : 'lost' }),
        });
        break;
      }
      case 'tick': {
        const deal = DEALS[item.deal]!;
        push({
          at: now,
          action: (send) =>
            send('setChecklistItem', { account: ACCOUNT, deal, stage: stage.get(deal)!, item: 'x', done: true }).catch(
              () => null,
            ),
        });
        break;
      }
      case 'role': {
        const deal = DEALS[item.deal]!;
        push({
          at: now,
          action: (send) =>
            send('setContactRole', { account: ACCOUNT, deal, address: BUYERS[3]!, role: 'champion' }).catch(() => null),
        });
        break;
      }
      case 'unlink':
        push({ at: now, action: (send) => send('unlinkThread', { account: ACCOUNT, thread: `t${item.thread}` }) });
        break;
    }
  });
  return deliveries;
}

/** Delivers in order of arrival: mail `delays[i]` hours after it was written, in batches of consecutive mail. */
async function deliver(deliveries: Delivery[], delays: number[] | null, batchSizes: number[]) {
  const { background, clock } = testBackground();
  const process = createRequestProcessor(background.handlers(), () => true);
  const send: Send = async (type, data) => {
    const envelope = await process(type, data, {});
    if (!envelope.ok) throw new Error(`${type}: ${envelope.error.message}`);
    return envelope.value as never;
  };
  const arrivals = deliveries
    .map((delivery, index) => ({
      ...delivery,
      arrives: delivery.mail && delays ? delivery.at + (delays[index % delays.length] ?? 0) * HOUR : delivery.at,
    }))
    .sort((a, b) => a.arrives - b.arrives || a.order - b.order);
  await send('saveWorkflow', {
    account: ACCOUNT,
    workflow: {
      quietAfterDays: 2,
      stages: STAGES.map((id, index) => ({
        id,
        name: id,
        exitCriterion: 'The buyer did it',
        checklist: ['x'],
        rules:
          index === 0
            ? []
            : [
                { trigger: 'buyer_replied', action: 'book_meeting', maxDelay: 60 },
                { trigger: 'stage_entered', action: 'reply', maxDelay: 240 },
              ],
      })),
      rules: [
        { trigger: 'quiet', action: 'follow_up', maxDelay: 240 },
        { trigger: 'new_stakeholder', action: 'stakeholder_intro', maxDelay: 480 },
        { trigger: 'meeting_ended', action: 'send_recap', maxDelay: 120 },
      ],
    },
  });
  let batch: NonNullable<Delivery['mail']>[] = [];
  let batchIndex = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await send('ingestMessages', { account: ACCOUNT, messages: batch });
    batch = [];
  };
  let now = 0;
  for (const arrival of arrivals) {
    if (arrival.arrives > now) {
      await flush();
      now = arrival.arrives;
      clock.set(now);
    }
    if (arrival.mail) {
      batch.push(arrival.mail);
      if (batch.length >= (batchSizes[batchIndex++ % batchSizes.length] ?? 1)) await flush();
    } else {
      await flush();
      await arrival.action!(send);
    }
  }
  await flush();
  // Both runs are read at the same moment, after the latest mail of either has arrived.
  clock.set(Math.max(...deliveries.map((delivery) => delivery.at)) + 100 * 24 * HOUR);
  const queue = await send('getQueue', { account: ACCOUNT });
  const dashboard = await send('getDashboard', { account: ACCOUNT });
  const backup = (await send('exportData', { account: ACCOUNT })) as { tables: Record<string, unknown[]> };
  const byKey = (rows: unknown[]) =>
    [...rows].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)) as Record<string, unknown>[];
  const { tables } = backup;
  return {
    triggers: byKey(tables.triggers ?? []).map(({ seq: _seq, ...trigger }) => trigger),
    deals: byKey(tables.deals ?? []),
    contacts: byKey(tables.contacts ?? []),
    stageEvents: byKey(tables.stageEvents ?? []),
    unlinked: byKey(tables.unlinked ?? []),
    queue: queue.map((item) => ({ trigger: item.trigger.id, deal: item.deal, overdue: item.overdue })),
    metrics: dashboard,
  };
}

describe('whatever order mail arrives in, every deal ends the same', () => {
  test(
    'late mail, partial copies first and random batches give the time-ordered run',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { minLength: 5, maxLength: 30 }),
          fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 8 }),
          fc.array(fc.integer({ min: 0, max: 72 }), { minLength: 1, maxLength: 8 }),
          fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
          async (steps, gaps, delays, batchSizes) => {
            const deliveries = timeline(steps, gaps);
            const inOrder = await deliver(deliveries, null, [1]);
            const late = await deliver(deliveries, delays, batchSizes);
            expect(late).toEqual(inOrder);
          },
        ),
        { numRuns: RUNS },
      );
    },
    RUNS * 6_000,
  );
});
