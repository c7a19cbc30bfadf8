import { afterEach, describe, expect, test } from 'vitest';
import { dueCounts, firstLine, queue, snoozedUntil, threadFor } from '@/lib/background/reads/queue';
import type { Draft } from '@/lib/domain/drafting/types';
import type { EmberDatabase } from '@/lib/store/database';
import { testDatabase } from '../../helpers/database';
import { testClock } from '../../helpers/fake-ports';
import { at, deal, trigger } from './rows';

let db: EmberDatabase;
afterEach(() => db?.close());

const draft = (body: string) => ({ kind: 'reply', subject: 'Re: Pilot', body, to: [], cc: [] }) as unknown as Draft;
const noSweep = async () => {};

describe("a queue row's draft line", () => {
  test('is the first line after a greeting, else the first line; nothing for no draft or an empty one', () => {
    expect(firstLine(draft('Hi Dana,\n\n  \nHappy to.\nSam'))).toBe('Happy to.');
    expect(firstLine(draft('Happy to.\nSam'))).toBe('Happy to.');
    expect(firstLine(draft('Hi Dana,'))).toBe('Hi Dana,');
    expect(firstLine(draft(''))).toBeNull();
    expect(firstLine(undefined)).toBeNull();
  });
});

describe('the queue', () => {
  test('lists open triggers overdue first, with their deal, thread and draft line; snoozed ones wait', async () => {
    db = testDatabase();
    await db.deals.bulkPut([
      deal('acme', { latestThread: 'acme-thread' }),
      deal('beta', { latestThread: 'beta-thread' }),
      deal('gamma', { latestThread: 'gamma-thread' }),
    ]);
    await db.triggers.bulkPut([
      trigger('acme', 1, { dueAt: at('2026-04-08T09:00:00Z') }),
      trigger('beta', 1, { dueAt: at('2026-04-06T09:00:00Z') }),
      trigger('gamma', 1, { dueAt: at('2026-04-06T10:00:00Z') }),
      trigger('acme', 2, { status: 'done', resolvedAt: 0 }),
    ]);
    await db.drafts.put({
      trigger: 'acme#1',
      deal: 'acme',
      historyHash: 'h',
      createdAt: 0,
      draft: draft('Hi,\nSure.'),
    });
    await db.settings.put({ key: 'snooze:gamma#1', value: at('2026-04-07T12:00:00Z') });
    const clock = testClock(at('2026-04-07T09:00:00Z'));
    const rows = async () =>
      (await queue(db, clock, noSweep)).map((entry) => [
        entry.trigger.id,
        entry.overdue,
        entry.thread,
        entry.draftLine,
      ]);
    expect(await rows()).toEqual([
      ['beta#1', true, 'beta-thread', null],
      ['acme#1', false, 'acme-thread', 'Sure.'],
    ]);
    clock.set('2026-04-07T12:00:00Z');
    expect(await rows()).toEqual([
      ['beta#1', true, 'beta-thread', null],
      ['gamma#1', true, 'gamma-thread', null],
      ['acme#1', false, 'acme-thread', 'Sure.'],
    ]);
  });

  test('sweeps first when a timer has come, once, and reads the time after, so what the sweep fires is listed', async () => {
    db = testDatabase();
    const clock = testClock(at('2026-04-07T09:00:00Z'));
    // Due at this very moment: the sweep's own check takes timers at or before now.
    await db.deals.put(deal('acme', { latestThread: 'acme-thread', nextTimerAt: clock() }));
    let sweeps = 0;
    const sweep = async () => {
      sweeps += 1;
      await db.triggers.put(trigger('acme', 1, { dueAt: at('2026-04-07T09:30:00Z') }));
      clock.set('2026-04-07T10:00:00Z');
    };
    // The timer is left as it was: one that comes again while the queue loads waits for the next load.
    expect((await queue(db, clock, sweep)).map((entry) => [entry.trigger.id, entry.overdue])).toEqual([
      ['acme#1', true],
    ]);
    expect(sweeps).toBe(1);
  });

  test('reads without sweeping when no timer has come', async () => {
    db = testDatabase();
    const clock = testClock(at('2026-04-07T09:00:00Z'));
    await db.deals.put(deal('acme', { latestThread: 'acme-thread', nextTimerAt: clock() + 1 }));
    await db.triggers.put(trigger('acme', 1));
    const sweep = async () => {
      throw new Error('no timer has come: nothing to sweep');
    };
    expect((await queue(db, clock, sweep)).map((entry) => entry.trigger.id)).toEqual(['acme#1']);
  });

  test("shows a deal missing from the queue rows from the deal itself, and drops a removed deal's triggers", async () => {
    db = testDatabase();
    // No earliest due time recorded: the deal has no queue row.
    await db.deals.put(deal('acme', { title: 'Acme', stage: 'discovery', nextDueAt: null }));
    await db.triggers.bulkPut([trigger('acme', 1), trigger('removed', 1)]);
    expect(await db.queueDeals.count()).toBe(0);
    const entries = await queue(db, testClock(), noSweep);
    expect(entries.map((entry) => [entry.trigger.id, entry.deal])).toEqual([
      ['acme#1', { id: 'acme', title: 'Acme', stage: 'discovery' }],
    ]);
  });
});

describe('the thread to open for a deal', () => {
  test("is its latest mail's thread, else its newest message's, else a linked thread, else none", async () => {
    db = testDatabase();
    await db.deals.bulkPut([
      deal('latest', { latestThread: 'named' }),
      // Restored from an old backup: the row names no latest thread, though the deal has mail.
      deal('restored', { latestThread: null }),
      deal('new', { latestThread: null }),
      deal('bare', { latestThread: null }),
    ]);
    const mail = (id: string, thread: string, when: string) => ({
      id,
      thread,
      deal: 'restored',
      from: 'buyer@restored.com',
      to: [],
      cc: [],
      at: at(when),
      direction: 'inbound' as const,
      subject: '',
      text: '',
      snippet: '',
      closing: null,
    });
    await db.messages.bulkPut([
      mail('m2', 'newer', '2026-04-06T11:00:00Z'),
      mail('m1', 'older', '2026-04-06T10:00:00Z'),
    ]);
    await db.threads.put({ id: 'intro', deal: 'new', linkedBy: 'rep', subject: '', linkedAt: 0 });
    expect(await threadFor(db, 'latest')).toBe('named');
    expect(await threadFor(db, 'restored')).toBe('newer');
    expect(await threadFor(db, 'new')).toBe('intro');
    expect(await threadFor(db, 'bare')).toBeNull();
    expect(await threadFor(db, 'unknown')).toBeNull();
    // The queue opens the same threads for deals with no latest thread.
    await db.triggers.bulkPut(['restored', 'new', 'bare'].map((id) => trigger(id, 1)));
    const threads = Object.fromEntries(
      (await queue(db, testClock(), noSweep)).map((entry) => [entry.deal.id, entry.thread]),
    );
    expect(threads).toEqual({ restored: 'newer', new: 'intro', bare: null });
  });
});

describe('snoozes', () => {
  test('are the settings rows under the snooze prefix, by trigger', async () => {
    db = testDatabase();
    await db.settings.bulkPut([
      { key: 'snooze:acme#1', value: 5 },
      { key: 'snooze:beta#2', value: 7 },
      { key: 'other', value: 9 },
    ]);
    expect(await snoozedUntil(db)).toEqual(
      new Map([
        ['acme#1', 5],
        ['beta#2', 7],
      ]),
    );
  });
});

describe("the badge's counts", () => {
  test('count open triggers due before now as overdue, and from now to the end of the day as due today', async () => {
    db = testDatabase();
    const now = at('2026-04-07T09:00:00Z');
    await db.triggers.bulkPut([
      trigger('a', 1, { dueAt: now - 1 }),
      trigger('a', 2, { dueAt: now }),
      trigger('a', 3, { dueAt: at('2026-04-07T23:59:59Z') }),
      trigger('a', 4, { dueAt: at('2026-04-08T00:00:00Z') }),
      trigger('a', 5, { dueAt: now - 1, status: 'done', resolvedAt: now - 2 }),
    ]);
    expect(await dueCounts(db, testClock(now), at('2026-04-07T23:59:59Z'))).toEqual({ overdue: 1, dueToday: 2 });
  });
});
