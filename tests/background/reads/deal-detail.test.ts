import { afterEach, describe, expect, test } from 'vitest';
import { dealDetail, lookupThread } from '@/lib/background/reads/deal-detail';
import { RecentThreadDeals } from '@/lib/background/recent-thread-deals';
import { createEngineContext } from '@/lib/domain/engine/context';
import { DomainError } from '@/lib/domain/errors';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';
import type { EmberDatabase } from '@/lib/store/database';
import { testDatabase } from '../../helpers/database';
import { testClock } from '../../helpers/fake-ports';
import { REP, at, deal, seedSample, trigger } from './rows';

let db: EmberDatabase;
afterEach(() => db?.close());

/** A lookup's sources over `db`, counting sweeps and reads of the engine's context. */
function sources(now = at('2026-04-07T09:00:00Z')) {
  const counts = { sweeps: 0, contexts: 0 };
  const threadDeals = new RecentThreadDeals(10);
  return {
    counts,
    threadDeals,
    db,
    clock: testClock(now),
    sweep: async () => {
      counts.sweeps += 1;
    },
    context: async () => {
      counts.contexts += 1;
      return createEngineContext(REP, DEFAULT_ACCOUNT_SETTINGS, DEFAULT_WORKFLOW);
    },
  };
}

describe("a deal's detail", () => {
  test("holds contacts in the deal's order, triggers by number, and mail without its text", async () => {
    db = testDatabase();
    await seedSample(db);
    await db.deals.update('acme', { contacts: ['lee@acme.com', 'dana@acme.com'] });
    await db.contacts.put({
      deal: 'acme',
      address: 'lee@acme.com',
      name: null,
      role: 'stakeholder',
      firstSeenAt: 0,
      lastHeardAt: null,
    });
    await db.triggers.bulkPut([trigger('acme', 10), trigger('acme', 2)]);
    const detail = await dealDetail(db, 'acme');
    expect(detail.contacts.map((contact) => contact.address)).toEqual(['lee@acme.com', 'dana@acme.com']);
    expect(detail.triggers.map((t) => t.seq)).toEqual([1, 2, 10]);
    expect(detail.messages.map((message) => message.id)).toEqual(['m1', 'm2']);
    expect(detail.messages.some((message) => 'text' in message)).toBe(false);
    expect(detail.messages[1]).toMatchObject({ snippet: 'Interested.', closing: null });
    expect(detail.threads).toEqual(['t1']);
    expect(detail.stageEvents.map((event) => event.id)).toEqual(['acme/1']);
  });

  test('of an unknown deal is refused', async () => {
    db = testDatabase();
    await expect(dealDetail(db, 'nope')).rejects.toThrow(new DomainError('unknown deal "nope"'));
  });
});

describe('a thread lookup', () => {
  test("of a linked thread brings its deal's detail and remembers the deal, reading no context", async () => {
    db = testDatabase();
    await seedSample(db);
    const lookup = sources();
    const found = await lookupThread(lookup, 't1', []);
    expect(found.kind === 'linked' && [found.linkedBy, found.detail.deal.id]).toEqual(['contact', 'acme']);
    expect(lookup.threadDeals.get('t1')).toBe('acme');
    expect(lookup.counts).toEqual({ sweeps: 0, contexts: 0 });
  });

  test('sweeps first when a timer is due, and shows the detail as the sweep left it', async () => {
    db = testDatabase();
    await seedSample(db);
    const lookup = sources(at('2026-04-16T18:30:00Z'));
    lookup.sweep = async () => {
      lookup.counts.sweeps += 1;
      await db.deals.update('acme', { nextTimerAt: null });
      await db.triggers.put(trigger('acme', 2, { kind: 'quiet' }));
    };
    const found = await lookupThread(lookup, 't1', []);
    expect(lookup.counts.sweeps).toBe(1);
    expect(found.kind === 'linked' && found.detail.triggers.map((t) => t.kind)).toEqual(['buyer_replied', 'quiet']);
  });

  test('of a thread the rep unlinked says so', async () => {
    db = testDatabase();
    await db.threads.put({ id: 't1', deal: null, linkedBy: 'rep', subject: '', linkedAt: 0 });
    expect(await lookupThread(sources(), 't1', ['dana@acme.com'])).toEqual({ kind: 'unlinked-by-rep' });
  });

  test('of a new thread offers the open deal of its buyers, or lets the rep choose among several', async () => {
    db = testDatabase();
    await db.deals.bulkPut([
      deal('acme', { contacts: ['dana@acme.com'] }),
      deal('acme-2', { contacts: ['lee@acme.com', 'dana@acme.com'] }),
      deal('acme-old', { contacts: ['kim@acme.com'], status: 'lost', closedAt: 0 }),
      // The rep's own address on a deal is no reason to offer it.
      deal('self', { contacts: [REP] }),
    ]);
    const lookup = sources();
    const found = await lookupThread(lookup, 'new', ['Lee <lee@acme.com>', REP, 'not an address']);
    expect(found.kind === 'contact' && found.detail.deal.id).toBe('acme-2');
    const both = await lookupThread(lookup, 'new', ['dana@acme.com']);
    expect(both.kind === 'ambiguous' && both.candidates.map((candidate) => candidate.id)).toEqual(['acme', 'acme-2']);
    expect(await lookupThread(lookup, 'new', ['kim@acme.com'])).toEqual({ kind: 'none' });
    expect(await lookupThread(lookup, 'new', [REP])).toEqual({ kind: 'none' });
    expect(await lookupThread(lookup, 'new', [])).toEqual({ kind: 'none' });
    expect(lookup.threadDeals.get('new')).toBeUndefined();
  });
});
