import { afterEach, describe, expect, test } from 'vitest';
import { threadLabels } from '@/lib/background/reads/thread-labels';
import { RecentThreadDeals } from '@/lib/background/recent-thread-deals';
import type { EmberDatabase } from '@/lib/store/database';
import { testDatabase } from '../../helpers/database';
import { testClock } from '../../helpers/fake-ports';
import { at, deal } from './rows';

let db: EmberDatabase;
afterEach(() => db?.close());

const link = (id: string, dealId: string | null) => ({
  id,
  deal: dealId,
  linkedBy: 'contact' as const,
  subject: '',
  linkedAt: 0,
});

async function seed() {
  db = testDatabase();
  await db.deals.bulkPut([
    deal('acme', { stage: 'contact', nextDueAt: at('2026-04-07T14:30:00Z') }),
    deal('calm', { stage: 'discovery', nextDueAt: null }),
    deal('gone', { status: 'won', closedAt: at('2026-04-06T12:00:00Z') }),
  ]);
  await db.threads.bulkPut([
    link('t-acme', 'acme'),
    link('t-calm', 'calm'),
    link('t-won', 'gone'),
    link('t-unlinked', null),
    link('t-removed', 'removed'),
  ]);
}

const all = ['t-acme', 't-calm', 't-won', 't-unlinked', 't-removed', 't-unknown'];

describe('thread labels', () => {
  test('label threads of open deals with their stage; an earliest due time past now is overdue', async () => {
    await seed();
    const clock = testClock(at('2026-04-07T14:30:00Z'));
    const guesses = new RecentThreadDeals(10);
    // Due exactly now is not overdue yet.
    expect(await threadLabels(db, clock, guesses, all)).toEqual([
      { thread: 't-acme', deal: 'acme', stage: 'contact', overdue: false },
      { thread: 't-calm', deal: 'calm', stage: 'discovery', overdue: false },
    ]);
    clock.set(at('2026-04-07T14:30:00Z') + 1);
    expect((await threadLabels(db, clock, guesses, all)).map((label) => [label.thread, label.overdue])).toEqual([
      ['t-acme', true],
      ['t-calm', false],
    ]);
  });

  test("remember each linked thread's deal, closed ones too, so opening it next reads that deal", async () => {
    await seed();
    const guesses = new RecentThreadDeals(10);
    await threadLabels(db, testClock(), guesses, all);
    expect(all.map((thread) => guesses.get(thread))).toEqual(['acme', 'calm', 'gone', undefined, undefined, undefined]);
  });
});
