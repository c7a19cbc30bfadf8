import Dexie from 'dexie';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { AccountService } from '@/lib/background/account-service';
import { computeDashboard } from '@/lib/domain/dashboard';
import type { Draft } from '@/lib/domain/drafting/types';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { DexieEngineStore } from '@/lib/store/dexie-engine-store';
import { exportBackup } from '@/lib/store/backup';
import type { EmberDatabase } from '@/lib/store/database';
import type { MessageInput } from '@/lib/messaging/protocol';
import { testDatabase } from '../helpers/database';
import { mailInput } from '../helpers/mail-input';
import { testClock } from '../helpers/fake-ports';

const REP = 'sam@seller.com';
const DANA = 'Dana Lee <dana@acme.com>';
const at = (iso: string) => Date.parse(iso);

let db: EmberDatabase;
afterEach(() => db?.close());

function setup() {
  db = testDatabase(REP);
  const clock = testClock(at('2026-04-06T09:00:00Z'));
  const fired: string[] = [];
  let ids = 0;
  const service = new AccountService(REP, {
    db,
    settings: async () => DEFAULT_ACCOUNT_SETTINGS,
    clock,
    newId: () => `id-${++ids}`,
    onTriggersFired: (triggers) => fired.push(...triggers.map((trigger) => `${trigger.kind}@${trigger.deal}`)),
  });
  return { service, clock, fired };
}

const message = (
  id: string,
  when: string,
  from: string,
  to: string[],
  fields: Partial<MessageInput> = {},
): MessageInput =>
  mailInput(id, when, from, to, {
    body: 'Can we talk this week?\n\nOn Mon, Apr 6, 2026 at 9:00 AM Sam <sam@seller.com> wrote:\n> Hello',
    ...fields,
  });

/** Everything in the store, as a backup sees it: two snapshots are equal when nothing changed. */
const snapshot = async () => (await exportBackup(db, REP, DEFAULT_ACCOUNT_SETTINGS, 0)).tables;

describe('ingestion', () => {
  test('places mail on its deal, keeps the cleaned text and the people, and announces what fired', async () => {
    const { service, fired } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    const placements = await service.ingestMessages([
      message('m1', '2026-04-06T10:00:00Z', DANA, [REP], { cc: ['Lee <lee@acme.com>'] }),
    ]);
    expect(placements).toEqual([{ message: 'm1', placement: { kind: 'deal', deal: 'acme', direction: 'inbound' } }]);
    const stored = await db.messages.get('m1');
    expect(stored).toMatchObject({
      deal: 'acme',
      from: 'dana@acme.com',
      cc: ['lee@acme.com'],
      text: 'Can we talk this week?',
    });
    expect(await db.contacts.toArray()).toEqual([
      {
        deal: 'acme',
        address: 'dana@acme.com',
        name: 'Dana Lee',
        role: 'buyer',
        firstSeenAt: at('2026-04-06T09:00:00Z'),
        lastHeardAt: at('2026-04-06T10:00:00Z'),
      },
      {
        deal: 'acme',
        address: 'lee@acme.com',
        name: 'Lee',
        role: 'stakeholder',
        firstSeenAt: at('2026-04-06T10:00:00Z'),
        lastHeardAt: null,
      },
    ]);
    expect(fired).toEqual(['new_stakeholder@acme', 'buyer_replied@acme']);
    expect(await db.deals.get('acme')).toMatchObject({
      openTriggerCount: 2,
      lastInboundAt: at('2026-04-06T10:00:00Z'),
    });
  });

  test('is idempotent: the same messages again change nothing', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    const batch = [
      message('m1', '2026-04-06T10:00:00Z', DANA, [REP]),
      message('m2', '2026-04-06T11:00:00Z', REP, ['dana@acme.com']),
    ];
    await service.ingestMessages(batch);
    const first = await snapshot();
    const again = await service.ingestMessages([...batch].reverse());
    expect(again.map((result) => result.placement?.kind)).toEqual(['duplicate', 'duplicate']);
    expect(await snapshot()).toEqual(first);
  });

  test('recognises seen messages whether the batch ids sort apart from the stored ones or among them', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    const stored = Array.from({ length: 12 }, (_, n) =>
      message(`m${String(n).padStart(2, '0')}`, `2026-04-06T1${n % 10}:00:00Z`, DANA, [REP]),
    );
    await service.ingestMessages(stored);
    // m00 and m11 bound a range holding all twelve stored ids: each id is then read on its own.
    const spread = await service.ingestMessages([
      stored[0]!,
      message('m055', '2026-04-06T12:30:00Z', DANA, [REP]),
      stored[11]!,
    ]);
    expect(spread.map((result) => [result.message, result.placement?.kind])).toEqual([
      ['m00', 'duplicate'],
      ['m11', 'duplicate'],
      ['m055', 'deal'],
    ]);
    // New ids sorting after every stored one: one range read answers.
    const fresh = await service.ingestMessages([
      stored[3]!,
      message('n1', '2026-04-06T13:00:00Z', REP, ['dana@acme.com']),
    ]);
    expect(fresh.map((result) => result.placement?.kind)).toEqual(['duplicate', 'deal']);
    expect(await db.messages.count()).toBe(14);
  });

  test('a batch cut off mid-way (the worker killed) leaves nothing half-written, and a retry completes it', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    const before = await snapshot();
    const batch = [
      message('m1', '2026-04-06T10:00:00Z', DANA, [REP]),
      message('m2', '2026-04-06T11:00:00Z', REP, ['dana@acme.com']),
    ];
    const kill = () => {
      throw new Error('worker stopped');
    };
    const subscriber = function (this: unknown, key: string) {
      if (key === 'm2') kill();
    };
    db.messages.hook('creating', subscriber);
    await expect(service.ingestMessages(batch)).rejects.toThrow('worker stopped');
    expect(await snapshot()).toEqual(before);
    db.messages.hook('creating').unsubscribe(subscriber);
    await service.ingestMessages(batch);
    expect((await db.triggers.toArray()).map((trigger) => trigger.status)).toEqual(['done']);
  });

  test('a message with no address in "from" is set aside for this thread, and the rest of the batch is kept', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] });
    const results = await service.ingestMessages([
      message('ok', '2026-04-06T10:00:00Z', DANA, [REP]),
      message('bad', '2026-04-06T10:01:00Z', 'Dana', [REP]),
    ]);
    expect(results.map((result) => [result.message, result.placement?.kind ?? null])).toEqual([
      ['ok', 'deal'],
      ['bad', null],
    ]);
    expect(await db.messages.count()).toBe(1);
    expect(await service.setAsideMessages('t1')).toMatchObject([
      { message: 'bad', reason: 'message bad: "from" is not an address: "Dana"' },
    ]);
    expect(await service.setAsideMessages('another-thread')).toEqual([]);
  });

  test('a message Gmail gave no readable date for is set aside, never dated "now"', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] });
    const { at: _dropped, ...undated } = message('undated', '2026-04-06T10:00:00Z', DANA, [REP]);
    const [result] = await service.ingestMessages([undated]);
    expect(result).toEqual({
      message: 'undated',
      placement: null,
      setAside: 'message undated: Gmail showed no date Ember can read',
    });
    expect(await db.messages.count()).toBe(0);
  });

  test("mail that is no deal's is not stored at all", async () => {
    const { service } = setup();
    await service.ingestMessages([message('n1', '2026-04-06T10:00:00Z', 'news@vendor.example', [REP])]);
    expect(await db.messages.count()).toBe(0);
  });

  test('ambiguous mail waits, and tracking its thread as a deal places it', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'a', title: 'A', stage: 'contact', contacts: ['jo@shared.com'] });
    await service.createDeal({ id: 'b', title: 'B', stage: 'contact', contacts: ['jo@shared.com'] });
    const [result] = await service.ingestMessages([
      message('q', '2026-04-06T10:00:00Z', 'jo@shared.com', [REP], { thread: 'tq' }),
    ]);
    expect(result!.placement).toEqual({ kind: 'unlinked', candidates: ['a', 'b'] });
    expect(await db.unlinked.count()).toBe(1);
    const detail = await service.linkThread('tq', 'b');
    expect(detail.triggers.map((trigger) => [trigger.kind, trigger.firedAt])).toEqual([
      ['buyer_replied', at('2026-04-06T10:00:00Z')],
    ]);
    expect(await db.unlinked.count()).toBe(0);
    expect((await db.messages.get('q'))?.deal).toBe('b');
  });

  test('a thread the rep unlinked is not deal mail any more', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] });
    await service.unlinkThread('t1');
    const [result] = await service.ingestMessages([message('m1', '2026-04-06T10:00:00Z', DANA, [REP])]);
    expect(result!.placement).toEqual({ kind: 'ignored' });
    expect(await service.lookupThread('t1', [DANA])).toEqual({ kind: 'unlinked-by-rep' });
  });
});

describe('the sweep', () => {
  test('fires quiet when its time comes, and reads only the deals that are due', async () => {
    const { service, clock, fired } = setup();
    for (let index = 0; index < 50; index += 1) {
      clock.set(at('2026-04-06T09:00:00Z') + index * 3_600_000);
      await service.createDeal({ id: `deal-${index}`, title: `Deal ${index}`, contacts: [`b${index}@x${index}.com`] });
    }
    const loads = vi.spyOn(DexieEngineStore.prototype, 'loadDeal');
    clock.set('2026-04-16T11:30:00Z');
    await service.sweep();
    expect(loads.mock.calls.map(([id]) => id)).toEqual(['deal-0', 'deal-1', 'deal-2']);
    expect(fired).toEqual(['quiet@deal-0', 'quiet@deal-1', 'quiet@deal-2']);
    loads.mockClear();
    await service.sweep();
    expect(loads).not.toHaveBeenCalled();
  });

  test('a sweep cut off mid-way writes nothing, and the next one finishes the work', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'a', title: 'A', contacts: ['a@a.com'] });
    await service.createDeal({ id: 'b', title: 'B', contacts: ['b@b.com'] });
    clock.set('2026-04-20T09:00:00Z');
    const subscriber = function (this: unknown, _key: unknown, trigger: { deal: string }) {
      if (trigger.deal === 'b') throw new Error('worker stopped');
    };
    db.triggers.hook('creating', subscriber);
    await expect(service.sweep()).rejects.toThrow('worker stopped');
    expect(await db.triggers.count()).toBe(0);
    db.triggers.hook('creating').unsubscribe(subscriber);
    await service.sweep();
    expect((await db.triggers.toArray()).map((trigger) => `${trigger.kind}@${trigger.deal}`)).toEqual([
      'quiet@a',
      'quiet@b',
    ]);
  });
});

describe('the queue and lookups', () => {
  test('the queue lists open triggers, overdue first, with the thread to open', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await service.ingestMessages([message('m1', '2026-04-06T10:00:00Z', DANA, [REP], { thread: 'acme-thread' })]);
    clock.set('2026-04-07T09:00:00Z');
    const queue = await service.queue();
    expect(queue).toEqual([
      expect.objectContaining({
        deal: { id: 'acme', title: 'Acme', stage: 'contact' },
        overdue: true,
        thread: 'acme-thread',
      }),
    ]);
    expect(await service.dueCounts(at('2026-04-07T23:59:59Z'))).toEqual({ overdue: 1, dueToday: 0 });
    // Deals are found by their earliest due time; one whose summary lacks it is still shown.
    await db.deals.update('acme', { nextDueAt: null });
    expect(await service.queue()).toEqual(queue);
  });

  test("the queue shows a deal's current title and stage, whatever wrote them", async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await service.ingestMessages([message('m1', '2026-04-06T10:00:00Z', DANA, [REP], { thread: 'acme-thread' })]);
    clock.set('2026-04-07T09:00:00Z');
    expect((await service.queue()).map((entry) => entry.deal)).toEqual([
      { id: 'acme', title: 'Acme', stage: 'contact' },
    ]);
    await service.advanceStage('acme', 'discovery', undefined);
    await db.deals.update('acme', { title: 'Acme Corp' });
    const queue = await service.queue();
    expect(queue.map((entry) => entry.deal)).toEqual([{ id: 'acme', title: 'Acme Corp', stage: 'discovery' }]);
    expect(queue.map((entry) => entry.thread)).toEqual(['acme-thread']);
  });

  test("each queue entry opens the thread of its deal's latest mail, by time, else a linked thread", async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await service.createDeal({ id: 'beta', title: 'Beta', stage: 'contact', contacts: ['bo@beta.com'] });
    await service.createDeal({ id: 'gamma', title: 'Gamma', contacts: ['gi@gamma.com'], thread: 'gamma-intro' });
    await service.createDeal({ id: 'delta', title: 'Delta', contacts: ['di@delta.com'] });
    await service.ingestMessages([
      message('a1', '2026-04-06T10:00:00Z', DANA, [REP], { thread: 'acme-1' }),
      message('a2', '2026-04-06T11:00:00Z', REP, [DANA], { thread: 'acme-2' }),
      message('b1', '2026-04-06T10:30:00Z', 'bo@beta.com', [REP], { thread: 'beta-1' }),
    ]);
    // Mail that arrives late does not move the latest; internal mail on a deal's thread does.
    await service.ingestMessages([
      message('a0', '2026-04-06T09:30:00Z', DANA, [REP], { thread: 'acme-0' }),
      message('b2', '2026-04-06T12:00:00Z', REP, ['lee@seller.com'], { thread: 'beta-1' }),
    ]);
    await service.ingestMessages([message('b3', '2026-04-06T11:00:00Z', 'bo@beta.com', [REP], { thread: 'beta-2' })]);
    clock.set('2026-04-20T09:00:00Z');
    const queue = await service.queue();
    const threads = Object.fromEntries(queue.map((entry) => [entry.deal.id, entry.thread]));
    expect(threads).toEqual({ acme: 'acme-2', beta: 'beta-1', gamma: 'gamma-intro', delta: null });
    // The same as reading each deal's newest message, which is what the queue did before.
    for (const entry of queue) {
      const newest = await db.messages
        .where('[deal+at]')
        .between([entry.deal.id, Dexie.minKey], [entry.deal.id, Dexie.maxKey])
        .last();
      expect(entry.thread, entry.deal.id).toBe(
        newest?.thread ?? (await db.threads.where('deal').equals(entry.deal.id).first())?.id ?? null,
      );
      expect(await service.threadFor(entry.deal.id)).toBe(entry.thread);
    }
  });

  test("queue entries carry their draft's first line and leave snoozed triggers out", async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await service.createDeal({ id: 'beta', title: 'Beta', stage: 'contact', contacts: ['bo@beta.com'] });
    await service.ingestMessages([
      message('a1', '2026-04-06T10:00:00Z', DANA, [REP], { thread: 'acme-1' }),
      message('b1', '2026-04-06T10:30:00Z', 'bo@beta.com', [REP], { thread: 'beta-1' }),
    ]);
    const open = await db.triggers
      .where('[status+dueAt]')
      .between(['open', Dexie.minKey], ['open', Dexie.maxKey])
      .toArray();
    const acme = open.find((trigger) => trigger.deal === 'acme')!;
    const beta = open.find((trigger) => trigger.deal === 'beta')!;
    const draft = (body: string) => ({ kind: 'reply', subject: 'Re: Pilot', body, to: [], cc: [] }) as unknown as Draft;
    await db.drafts.bulkPut([
      { trigger: acme.id, deal: 'acme', historyHash: 'h', createdAt: 0, draft: draft('Hi Dana,\n\nHappy to.\nSam') },
      { trigger: 'acme#99', deal: 'acme', historyHash: 'h', createdAt: 0, draft: draft('Old') },
    ]);
    await service.snooze(beta.id, at('2026-04-08T09:00:00Z'));
    clock.set('2026-04-07T09:00:00Z');
    expect((await service.queue()).map((entry) => [entry.trigger.id, entry.draftLine, entry.thread])).toEqual([
      [acme.id, 'Happy to.', 'acme-1'],
    ]);
    clock.set('2026-04-08T09:00:00Z');
    expect((await service.queue()).map((entry) => [entry.trigger.id, entry.draftLine])).toEqual([
      [acme.id, 'Happy to.'],
      [beta.id, null],
    ]);
  });

  test('a thread with a known contact would go to that deal; with two, the rep chooses', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] });
    expect(await service.lookupThread('new', ['Dana <dana@acme.com>', REP])).toMatchObject({ kind: 'contact' });
    expect(await service.lookupThread('new', ['someone@else.com'])).toEqual({ kind: 'none' });
    await service.createDeal({ id: 'acme-2', title: 'Acme expansion', contacts: ['dana@acme.com'] });
    const lookup = await service.lookupThread('new', ['dana@acme.com']);
    expect(lookup.kind === 'ambiguous' && lookup.candidates.map((deal) => deal.id)).toEqual(['acme', 'acme-2']);
  });
});

describe('what the sidebar reads', () => {
  test('a linked thread brings its deal with the newest 500 messages, oldest of them first', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    const start = at('2026-04-06T10:00:00Z');
    const mail = Array.from({ length: 520 }, (_, n) =>
      message(`m${String(n).padStart(3, '0')}`, new Date(start + n * 60_000).toISOString(), DANA, [REP]),
    );
    await service.ingestMessages(mail);
    const lookup = await service.lookupThread('t1', [DANA]);
    expect(lookup.kind).toBe('linked');
    const ids = lookup.kind === 'linked' ? lookup.detail.messages.map((m) => m.id) : [];
    expect(ids).toEqual(mail.slice(20).map((m) => m.id));
    // Written in chunks, each message with its own cleaned text.
    const texts = (await db.messages.toArray()).map((m) => [m.id, m.text, m.snippet]);
    expect(texts).toEqual(mail.map((m) => [m.id, 'Can we talk this week?', 'Can we talk this week?']));
    expect(lookup.kind === 'linked' && 'text' in lookup.detail.messages[0]!).toBe(false);
  });

  test('a deal with fewer messages than the limit brings all of them, oldest first', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await service.ingestMessages([
      message('late', '2026-04-06T12:00:00Z', DANA, [REP]),
      message('early', '2026-04-06T10:00:00Z', DANA, [REP]),
    ]);
    const detail = await service.dealDetail('acme');
    expect(detail.messages.map((m) => m.id)).toEqual(['early', 'late']);
  });

  test('a lookup when a timer is due sweeps first, so the detail shows what fired', async () => {
    const { service, clock, fired } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await service.ingestMessages([message('m1', '2026-04-06T10:00:00Z', REP, [DANA])]);
    clock.set('2026-04-20T09:00:00Z');
    const lookup = await service.lookupThread('t1', [DANA]);
    expect(fired).toContain('quiet@acme');
    expect(lookup.kind === 'linked' && lookup.detail.triggers.map((trigger) => trigger.kind)).toContain('quiet');
  });
  test('a thread labelled in the inbox opens on its deal, and a link changed since is followed, not the guess', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await service.createDeal({ id: 'globex', title: 'Globex', stage: 'contact', contacts: ['kim@globex.io'] });
    await service.ingestMessages([message('m1', '2026-04-06T10:00:00Z', DANA, [REP])]);
    expect(await service.threadLabels(['t1'])).toMatchObject([{ thread: 't1', deal: 'acme' }]);
    const opened = await service.lookupThread('t1', [DANA]);
    expect(opened.kind === 'linked' && opened.detail.deal.id).toBe('acme');
    expect(opened.kind === 'linked' && opened.detail.messages.map((m) => m.id)).toEqual(['m1']);

    await service.linkThread('t1', 'globex');
    const relinked = await service.lookupThread('t1', [DANA]);
    expect(relinked.kind === 'linked' && relinked.detail.deal.id).toBe('globex');

    await service.unlinkThread('t1');
    expect(await service.lookupThread('t1', [DANA])).toEqual({ kind: 'unlinked-by-rep' });
  });

  test('a database closed on purpose (all data deleted) is not opened again by a lookup', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] });
    db.close();
    await expect(service.dealDetail('acme')).rejects.toThrow(Dexie.DatabaseClosedError);
    await expect(service.lookupThread('t1', [DANA])).rejects.toThrow(Dexie.DatabaseClosedError);
    expect(db.isOpen()).toBe(false);
  });

  test('a thread remembered on a deal since removed is looked up afresh', async () => {
    const { service } = setup();
    await service.loadSample();
    const [label] = await service.threadLabels((await db.threads.toCollection().primaryKeys()).slice(0, 1));
    expect(label).toBeDefined();
    await service.removeSample();
    expect(await service.lookupThread(label!.thread, [])).toEqual({ kind: 'none' });
  });
});

describe('the dashboard', () => {
  test("sees each deal's stage changes in time order, though their ids sort otherwise", async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'identify', contacts: ['dana@acme.com'] });
    await service.createDeal({ id: 'beta', title: 'Beta', stage: 'contact', contacts: ['bo@beta.com'] });
    // Twelve changes: "acme/10" sorts before "acme/2" by id.
    const path = ['contact', 'discovery', 'contact', 'discovery', 'propose', 'discovery', 'propose', 'resolve'];
    for (const [index, stage] of [...path, 'propose', 'resolve', 'close'].entries()) {
      clock.set(at('2026-04-06T10:00:00Z') + (index + 1) * (index + 3) * 3_600_000);
      await service.advanceStage('acme', stage, undefined);
    }
    const { workflow } = await service.currentWorkflow();
    const expected = computeDashboard({
      workflow,
      deals: await db.deals.toArray(),
      stageChanges: await db.stageEvents.orderBy('at').toArray(),
      triggers: await db.triggers.toArray(),
      asOf: clock(),
    });
    expect(await db.stageEvents.toCollection().primaryKeys()).not.toEqual(
      await db.stageEvents.orderBy('at').primaryKeys(),
    );
    expect((await service.dashboard({})).dashboard).toEqual(expected);
  });
});

describe('the workflow', () => {
  test('a new quiet period moves pending silences; removing a stage deals are in is refused', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'discovery', contacts: ['dana@acme.com'] });
    const { workflow } = await service.currentWorkflow();
    expect((await service.saveWorkflow({ ...workflow, quietAfterDays: 3 })).version).toBe(1);
    expect(await db.deals.get('acme')).toMatchObject({
      quietDueAt: at('2026-04-09T09:00:00Z'),
      nextTimerAt: at('2026-04-09T09:00:00Z'),
    });
    await expect(
      service.saveWorkflow({ ...workflow, stages: workflow.stages.filter((stage) => stage.id !== 'discovery') }),
    ).rejects.toThrow('deal "Acme" is in stage "Discovery", which this workflow removes');
    expect((await service.currentWorkflow()).version).toBe(1);
  });

  test('removing a stage moves its open deals where the rep says, and history keeps the old name', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'discovery', contacts: ['dana@acme.com'] });
    const { workflow } = await service.currentWorkflow();
    await service.saveWorkflow(
      { ...workflow, stages: workflow.stages.filter((stage) => stage.id !== 'discovery') },
      { discovery: 'contact' },
    );
    const detail = await service.dealDetail('acme');
    expect(detail.deal.stage).toBe('contact');
    expect(detail.stageEvents.at(-1)).toMatchObject({
      from: 'discovery',
      to: 'contact',
      evidence: 'note: the stage was removed from the workflow',
    });
    expect((await service.stageNames()).discovery).toBe('Discovery');
    expect(await service.openDealsByStage()).toEqual({ contact: 1 });
  });
});

describe('what the sidebar asks', () => {
  test('thread labels give the stage of open deals, and whether they are overdue', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await service.ingestMessages([message('m1', '2026-04-06T10:00:00Z', DANA, [REP], { thread: 'ta' })]);
    expect(await service.threadLabels(['ta', 'unknown'])).toEqual([
      { thread: 'ta', deal: 'acme', stage: 'contact', overdue: false },
    ]);
    clock.set('2026-04-08T10:00:00Z');
    expect(await service.threadLabels(['ta'])).toEqual([
      { thread: 'ta', deal: 'acme', stage: 'contact', overdue: true },
    ]);
  });

  test('roles and checklist ticks are kept, and wrong ones refused', async () => {
    const { service } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] });
    const { workflow } = await service.currentWorkflow();
    await service.saveWorkflow({
      ...workflow,
      stages: workflow.stages.map((stage) =>
        stage.id === 'identify' ? { ...stage, checklist: ['Named the pain'] } : stage,
      ),
    });
    expect((await service.setContactRole('acme', 'dana@acme.com', 'champion')).contacts[0]?.role).toBe('champion');
    await expect(service.setContactRole('acme', 'nobody@acme.com', 'signer')).rejects.toThrow(
      'nobody@acme.com is not a contact of this deal',
    );
    expect((await service.setChecklistItem('acme', 'identify', 'Named the pain', true)).deal.checklist).toEqual({
      identify: ['Named the pain'],
    });
    await expect(service.setChecklistItem('acme', 'identify', 'Made up', true)).rejects.toThrow(
      '"Made up" is not on the checklist of stage "identify"',
    );
    // An engine event later keeps the ticks.
    await service.advanceStage('acme', undefined, undefined);
    expect((await service.dealDetail('acme')).deal.checklist).toEqual({ identify: ['Named the pain'] });
  });
});
