import { afterEach, describe, expect, test } from 'vitest';
import { dashboard, metrics, openDealsByStage, periodData } from '@/lib/background/reads/dashboard';
import { computeDashboard } from '@/lib/domain/dashboard';
import { computeMetrics } from '@/lib/domain/metrics';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';
import type { EmberDatabase } from '@/lib/store/database';
import type { StageEventRecord } from '@/lib/store/records';
import { testDatabase } from '../../helpers/database';
import { testClock } from '../../helpers/fake-ports';
import { at, deal, trigger } from './rows';

let db: EmberDatabase;
afterEach(() => db?.close());

const noSweep = async () => {};
const change = (dealId: string, n: number, when: string): StageEventRecord => ({
  id: `${dealId}/${n}`,
  deal: dealId,
  from: null,
  to: 'contact',
  at: at(when),
  evidence: null,
});

/** April's deals and May's, with triggers fired and stage changes in their months. */
async function seed() {
  db = testDatabase();
  await db.deals.bulkPut([
    deal('april', { createdAt: at('2026-04-06T10:00:00Z') }),
    deal('may', { createdAt: at('2026-05-04T10:00:00Z'), stage: 'discovery' }),
    deal('lost', { createdAt: at('2026-04-07T10:00:00Z'), status: 'lost', closedAt: at('2026-04-08T10:00:00Z') }),
  ]);
  await db.triggers.bulkPut([
    trigger('april', 1, { firedAt: at('2026-04-06T12:00:00Z') }),
    trigger('may', 1, { firedAt: at('2026-05-04T12:00:00Z') }),
    // Fired the instant May begins: May's, not April's.
    trigger('lost', 1, { firedAt: at('2026-05-01T00:00:00Z') }),
  ]);
  // Ids that sort otherwise than time ("april/10" before "april/2"), and two at the same time.
  await db.stageEvents.bulkPut([
    change('april', 2, '2026-04-06T11:00:00Z'),
    change('april', 10, '2026-04-06T13:00:00Z'),
    change('april', 1, '2026-04-06T11:00:00Z'),
    change('may', 1, '2026-05-04T11:00:00Z'),
  ]);
}

describe('the data the figures are computed over', () => {
  test('is all of it, with stage changes by time then id, and the newest unlinked mail', async () => {
    await seed();
    await db.unlinked.bulkPut(
      Array.from({ length: 105 }, (_, n) => ({
        message: `u${n}`,
        thread: `t${n}`,
        from: 'x@y.com',
        at: at('2026-04-06T00:00:00Z') + n,
        candidates: [],
      })),
    );
    const data = await periodData(db, testClock(at('2026-05-10T00:00:00Z')), noSweep, {});
    expect(data.deals.map((d) => d.id).sort()).toEqual(['april', 'lost', 'may']);
    expect(data.triggers.map((t) => t.id).sort()).toEqual(['april#1', 'lost#1', 'may#1']);
    expect(data.stageChanges.map((event) => event.id)).toEqual(['april/1', 'april/2', 'april/10', 'may/1']);
    expect(data.unlinked.map((row) => row.message)).toEqual(Array.from({ length: 100 }, (_, n) => `u${104 - n}`));
    expect(data).toMatchObject({ workflow: DEFAULT_WORKFLOW, asOf: at('2026-05-10T00:00:00Z') });
  });

  test('of a period are the deals created and triggers fired in it, as of its end if that has passed', async () => {
    await seed();
    const april = { from: at('2026-04-01T00:00:00Z'), to: at('2026-05-01T00:00:00Z') };
    const data = await periodData(db, testClock(at('2026-05-10T00:00:00Z')), noSweep, april);
    expect(data.deals.map((d) => d.id).sort()).toEqual(['april', 'lost']);
    expect(data.triggers.map((t) => t.id)).toEqual(['april#1']);
    expect(data.stageChanges.map((event) => event.deal)).not.toContain('may');
    expect(data.asOf).toBe(april.to);
    const since = await periodData(db, testClock(at('2026-05-10T00:00:00Z')), noSweep, { from: april.to });
    expect(since.deals.map((d) => d.id)).toEqual(['may']);
    expect(since.triggers.map((t) => t.id)).toEqual(['lost#1', 'may#1']);
    expect(since.asOf).toBe(at('2026-05-10T00:00:00Z'));
  });

  test('are read after the sweep, as of the time after it', async () => {
    await seed();
    const clock = testClock(at('2026-05-10T00:00:00Z'));
    const sweep = async () => {
      await db.triggers.put(trigger('may', 2, { firedAt: at('2026-05-10T00:00:00Z') }));
      clock.set('2026-05-11T00:00:00Z');
    };
    const data = await periodData(db, clock, sweep, {});
    expect(data.triggers.map((t) => t.id)).toContain('may#2');
    expect(data.asOf).toBe(at('2026-05-11T00:00:00Z'));
  });
});

describe('the figures', () => {
  test("are the domain's metrics and dashboard over that data", async () => {
    await seed();
    const clock = testClock(at('2026-05-10T00:00:00Z'));
    const { workflow, deals, triggers, stageChanges, unlinked, asOf } = await periodData(db, clock, noSweep, {});
    expect(await metrics(db, clock, noSweep, {})).toEqual({
      asOf,
      ...computeMetrics({ workflow, deals, stageChanges, triggers, asOf }),
    });
    expect(await dashboard(db, clock, noSweep, {})).toEqual({
      dashboard: computeDashboard({ workflow, deals, stageChanges, triggers, asOf }),
      unlinked,
    });
  });

  test('count open deals by stage', async () => {
    await seed();
    expect(await openDealsByStage(db)).toEqual({ contact: 1, discovery: 1 });
  });
});
