import { afterEach, describe, expect, test } from 'vitest';
import { AccountService } from '@/lib/background/account-service';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import type { EmberDatabase } from '@/lib/store/database';
import type { TriggerRecord } from '@/lib/store/records';
import { testDatabase } from '../helpers/database';
import { mailInput } from '../helpers/mail-input';
import { testClock } from '../helpers/fake-ports';

/**
 * The deal record through the account service: the cases the issue found on main, each of which left
 * a deal different from the same mail in time order.
 */
const REP = 'sam@seller.com';
const at = (iso: string) => Date.parse(iso);

let db: EmberDatabase;
afterEach(() => db?.close());

function setup(start = '2026-04-06T09:00:00Z') {
  db = testDatabase(REP);
  const clock = testClock(at(start));
  let ids = 0;
  const service = new AccountService(REP, {
    db,
    settings: async () => DEFAULT_ACCOUNT_SETTINGS,
    clock,
    newId: () => `id-${++ids}`,
  });
  return { service, clock };
}

const mail = mailInput;

const triggers = async (deal = 'acme') =>
  (await db.triggers.where('deal').equals(deal).toArray())
    .sort((a, b) => a.firedAt - b.firedAt || (a.id < b.id ? -1 : 1))
    .map(({ kind, status, stakeholder, resolvedBy, firedAt }) => ({
      kind,
      status,
      stakeholder,
      resolvedBy,
      firedAt: new Date(firedAt).toISOString(),
    }));

const withoutStageEntered = (list: Awaited<ReturnType<typeof triggers>>) =>
  list.filter((trigger) => trigger.kind !== 'stage_entered');

describe('late mail', () => {
  test('an old thread opened after newer mail leaves one buyer_replied, answered, as in time order', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-08T12:00:00Z');
    // The rep's answer arrives first (sent from the phone), the buyer's question it answered later.
    await service.ingestMessages([mail('m2', '2026-04-07T10:00:00Z', REP, ['dana@acme.com'])]);
    await service.ingestMessages([mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP])]);
    expect(withoutStageEntered(await triggers())).toEqual([
      {
        kind: 'buyer_replied',
        status: 'done',
        stakeholder: null,
        resolvedBy: 'm2',
        firedAt: '2026-04-07T09:00:00.000Z',
      },
    ]);
  });

  test('a late message and a late ignored one are answered with where the rebuild placed them', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-08T12:00:00Z');
    await service.ingestMessages([mail('m2', '2026-04-07T10:00:00Z', REP, ['dana@acme.com'])]);
    const placements = await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP]),
      mail('m0', '2026-04-07T08:00:00Z', 'news@letters.example', [REP]),
    ]);
    expect(placements).toEqual([
      { message: 'm0', placement: { kind: 'ignored' } },
      { message: 'm1', placement: { kind: 'deal', deal: 'acme', direction: 'inbound' } },
    ]);
  });

  test('a close made at the same instant as mail it came after still decides where that mail goes', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dee@shared.com'] });
    await service.createDeal({ id: 'beta', title: 'Beta', stage: 'contact', contacts: ['dee@shared.com'] });
    clock.set('2026-04-07T09:00:00Z');
    // Ambiguous as it arrives: both deals are open and have Dee.
    const [first] = await service.ingestMessages([mail('m1', '2026-04-07T09:00:00Z', REP, ['dee@shared.com'])]);
    expect(first?.placement).toEqual({ kind: 'unlinked', candidates: ['acme', 'beta'] });
    // At the same instant the rep's close comes first (the rep's inputs before mail), so only acme was open.
    await service.closeDeal('beta', 'lost');
    expect((await db.inputs.get('m1'))?.deal).toBe('acme');
    expect(await db.unlinked.count()).toBe(0);
  });

  test("the rep's reply arriving before the buyer's mail that cc'd a new person keeps the new stakeholder", async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-08T12:00:00Z');
    await service.ingestMessages([mail('m2', '2026-04-07T10:00:00Z', REP, ['dana@acme.com'])]);
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP], { cc: ['Lee Park <lee@acme.com>'] }),
    ]);
    expect(withoutStageEntered(await triggers())).toEqual([
      {
        kind: 'buyer_replied',
        status: 'done',
        stakeholder: null,
        resolvedBy: 'm2',
        firedAt: '2026-04-07T09:00:00.000Z',
      },
      {
        kind: 'new_stakeholder',
        status: 'open',
        stakeholder: 'lee@acme.com',
        resolvedBy: null,
        firedAt: '2026-04-07T09:00:00.000Z',
      },
    ]);
    expect((await service.dealDetail('acme')).contacts.map((contact) => [contact.address, contact.name])).toEqual([
      ['dana@acme.com', null],
      ['lee@acme.com', 'Lee Park'],
    ]);
  });

  test('a quiet trigger the sweep fired disappears when late mail shows the silence never happened', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-30T12:00:00Z');
    await service.sweep();
    const quiet = (await db.triggers.toArray()).filter((trigger) => trigger.kind === 'quiet');
    expect(quiet).toHaveLength(1);
    await service.snooze(quiet[0]!.id, at('2026-05-02T00:00:00Z'));
    await db.drafts.put({ trigger: quiet[0]!.id, deal: 'acme', historyHash: 'h', createdAt: 0, draft: {} as never });
    await service.ingestMessages([mail('m1', '2026-04-10T09:00:00Z', 'dana@acme.com', [REP])]);
    const after = await db.triggers.toArray();
    expect(after.some((trigger) => trigger.id === quiet[0]!.id)).toBe(false);
    expect(await db.drafts.get(quiet[0]!.id)).toBeUndefined();
    expect(await db.settings.get(`snooze:${quiet[0]!.id}`)).toBeUndefined();
    // The buyer's message started a new silence, which turned quiet in its turn, behind the open reply.
    expect(after.find((trigger) => trigger.kind === 'buyer_replied')).toMatchObject({
      resolvedBy: null,
      status: 'open',
    });
  });

  test('a trigger keeps its id, draft and snooze when a rebuild changes how it ended', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-08T12:00:00Z');
    await service.ingestMessages([mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP])]);
    const [reply] = (await db.triggers.toArray()).filter((trigger) => trigger.kind === 'buyer_replied') as [
      TriggerRecord,
    ];
    await service.snooze(reply.id, at('2026-04-09T00:00:00Z'));
    await db.drafts.put({ trigger: reply.id, deal: 'acme', historyHash: 'h', createdAt: 0, draft: {} as never });
    // A later buyer message (which changes nothing for this trigger) and a late one: a rebuild.
    await service.ingestMessages([mail('m0', '2026-04-06T18:00:00Z', REP, ['dana@acme.com'])]);
    expect(await db.triggers.get(reply.id)).toMatchObject({ status: 'open', firedAt: at('2026-04-07T09:00:00Z') });
    expect(await db.drafts.get(reply.id)).toBeDefined();
    expect(await db.settings.get(`snooze:${reply.id}`)).toBeDefined();
  });
});

describe('partial copies', () => {
  test("the feed's copy is replaced by the thread's: the thread links, cc'd people join, the full text is kept", async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-07T09:05:00Z');
    await service.ingestMessages([
      {
        ...mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP]),
        thread: 'm1',
        body: 'Adding Lee…',
        partial: true,
      },
    ]);
    clock.set('2026-04-07T11:00:00Z');
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'Dana Lee <dana@acme.com>', [REP], {
        cc: ['Lee Park <lee@acme.com>'],
        body: 'Adding Lee, who runs ops. Lee, meet Sam.',
      }),
    ]);
    const detail = await service.dealDetail('acme');
    expect(detail.contacts.map((contact) => contact.address)).toEqual(['dana@acme.com', 'lee@acme.com']);
    expect(detail.threads).toEqual(['t1']);
    expect(await db.threads.get('m1')).toBeUndefined();
    expect(await db.messages.get('m1')).toMatchObject({
      thread: 't1',
      text: 'Adding Lee, who runs ops. Lee, meet Sam.',
    });
    expect(withoutStageEntered(await triggers()).map((trigger) => trigger.kind)).toEqual([
      'buyer_replied',
      'new_stakeholder',
    ]);
  });

  test('a partial copy arriving after the full one changes nothing', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-07T11:00:00Z');
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP], { cc: ['lee@acme.com'] }),
    ]);
    const before = await db.messages.get('m1');
    const placements = await service.ingestMessages([
      { ...mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP]), thread: 'm1', body: 'summary', partial: true },
    ]);
    expect(placements).toEqual([{ message: 'm1', placement: { kind: 'duplicate' } }]);
    expect(await db.messages.get('m1')).toEqual(before);
  });
});

describe('mail older than the deal', () => {
  test("tracking a deal from a thread makes its mail the deal's history: contacts, times, one buyer_replied", async () => {
    const { service, clock } = setup();
    clock.set('2026-04-10T09:00:00Z');
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', REP, ['dana@acme.com']),
      mail('m2', '2026-04-08T09:00:00Z', 'Dana Lee <dana@acme.com>', [REP], { cc: ['lee@acme.com'] }),
    ]);
    await service.createDeal({
      id: 'acme',
      title: 'Acme',
      stage: 'contact',
      contacts: ['dana@acme.com'],
      thread: 't1',
    });
    const detail = await service.dealDetail('acme');
    expect(detail.deal).toMatchObject({
      lastActivityAt: at('2026-04-08T09:00:00Z'),
      lastInboundAt: at('2026-04-08T09:00:00Z'),
    });
    expect(detail.contacts.map((contact) => contact.address)).toEqual(['dana@acme.com', 'lee@acme.com']);
    expect(detail.messages.map((message) => message.id).sort()).toEqual(['m1', 'm2']);
    // Ember could not have acted before the deal existed: only the unanswered reply, at the creation.
    expect(withoutStageEntered(await triggers())).toEqual([
      {
        kind: 'buyer_replied',
        status: 'open',
        stakeholder: null,
        resolvedBy: null,
        firedAt: '2026-04-10T09:00:00.000Z',
      },
    ]);
  });

  test("mail of the deal's people that no deal took when it came becomes its history when it is tracked", async () => {
    const { service, clock } = setup();
    clock.set('2026-04-10T09:00:00Z');
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP], { thread: 'old', cc: ['lee@acme.com'] }),
      mail('m2', '2026-04-08T09:00:00Z', 'lee@acme.com', [REP], { thread: 'other' }),
    ]);
    expect(await db.messages.count()).toBe(0);
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    const detail = await service.dealDetail('acme');
    expect(detail.messages.map((message) => message.id).sort()).toEqual(['m1', 'm2']);
    expect(detail.contacts.map((contact) => contact.address)).toEqual(['dana@acme.com', 'lee@acme.com']);
    expect(detail.threads.sort()).toEqual(['old', 'other']);
    // Lee wrote last and nobody answered: one buyer_replied, at the creation.
    expect(withoutStageEntered(await triggers())).toEqual([
      {
        kind: 'buyer_replied',
        status: 'open',
        stakeholder: null,
        resolvedBy: null,
        firedAt: '2026-04-10T09:00:00.000Z',
      },
    ]);
    // Headers only were kept of mail that was no deal's: the text comes when the thread is opened again.
    expect(await db.messages.get('m1')).toMatchObject({ text: '' });
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP], { thread: 'old', cc: ['lee@acme.com'] }),
    ]);
    expect(await db.messages.get('m1')).toMatchObject({ text: 'Text of m1.' });
  });

  test('history the rep already answered fires nothing', async () => {
    const { service, clock } = setup();
    clock.set('2026-04-10T09:00:00Z');
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP]),
      mail('m2', '2026-04-08T09:00:00Z', REP, ['dana@acme.com']),
    ]);
    await service.createDeal({
      id: 'acme',
      title: 'Acme',
      stage: 'contact',
      contacts: ['dana@acme.com'],
      thread: 't1',
    });
    expect(withoutStageEntered(await triggers())).toEqual([]);
  });

  test('unlinking a thread takes its mail off the deal, and linking it back restores it', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-07T10:00:00Z');
    await service.ingestMessages([mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP])]);
    const placed = await triggers();
    await service.unlinkThread('t1');
    expect(withoutStageEntered(await triggers())).toEqual([]);
    expect((await service.dealDetail('acme')).messages).toEqual([]);
    await service.linkThread('t1', 'acme');
    expect(await triggers()).toEqual(placed);
  });
});

describe('mail already stored that, in time order, comes after what a message changes', () => {
  test('a newcomer joining a deal takes their later mail, stored when it went to no deal', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-08T12:00:00Z');
    await service.ingestMessages([mail('m2', '2026-04-07T10:00:00Z', 'lee@acme.com', [REP], { thread: 't2' })]);
    expect((await db.inputs.get('m2'))?.deal).toBeNull();
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP], { cc: ['lee@acme.com'] }),
    ]);
    expect((await db.inputs.get('m2'))?.deal).toBe('acme');
    expect((await db.threads.get('t2'))?.deal).toBe('acme');
  });

  test('a newcomer only a closed deal had takes their later mail too', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'old', title: 'Old', stage: 'contact', contacts: ['lee@acme.com'] });
    await service.closeDeal('old', 'lost');
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-08T12:00:00Z');
    await service.ingestMessages([mail('m2', '2026-04-07T10:00:00Z', 'lee@acme.com', [REP], { thread: 't2' })]);
    expect((await db.inputs.get('m2'))?.deal).toBeNull();
    // Lee is no newcomer to the closed deal, but is one to acme, the deal this message is placed on.
    await service.ingestMessages([
      mail('m1', '2026-04-07T09:00:00Z', 'dana@acme.com', [REP], { cc: ['lee@acme.com'] }),
    ]);
    expect((await db.inputs.get('m2'))?.deal).toBe('acme');
  });

  test("a thread a message links takes its later mail, stored when it was no deal's", async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-08T12:00:00Z');
    await service.ingestMessages([mail('m4', '2026-04-07T11:00:00Z', 'kim@other.com', [REP], { thread: 't3' })]);
    expect((await db.inputs.get('m4'))?.deal).toBeNull();
    await service.ingestMessages([mail('m3', '2026-04-07T10:00:00Z', 'dana@acme.com', [REP], { thread: 't3' })]);
    expect((await db.threads.get('t3'))?.deal).toBe('acme');
    expect((await db.inputs.get('m4'))?.deal).toBe('acme');
  });
});

describe('meetings', () => {
  test('are stored, listed with the deal, and survive a rebuild', async () => {
    const { service, clock } = setup();
    await service.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    clock.set('2026-04-07T12:00:00Z');
    await service.recordMeeting('acme', {
      start: at('2026-04-07T10:00:00Z'),
      end: at('2026-04-07T11:00:00Z'),
      title: 'Discovery call',
    });
    const listed = (await service.dealDetail('acme')).meetings;
    expect(listed).toMatchObject([{ title: 'Discovery call', end: at('2026-04-07T11:00:00Z') }]);
    // A late reply after the meeting resolves its meeting_ended in a rebuild; the meeting stays.
    await service.ingestMessages([mail('m1', '2026-04-07T11:30:00Z', REP, ['dana@acme.com'])]);
    expect((await service.dealDetail('acme')).meetings).toEqual(listed);
    expect(withoutStageEntered(await triggers())).toEqual([
      {
        kind: 'meeting_ended',
        status: 'done',
        stakeholder: null,
        resolvedBy: 'm1',
        firedAt: '2026-04-07T11:00:00.000Z',
      },
    ]);
  });
});
