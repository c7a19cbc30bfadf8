import { describe, expect, test } from 'vitest';
import { createSides } from '@/lib/domain/addresses';
import { isAutomatedAddress, isBroadcast, withoutAutomated } from '@/lib/domain/bulk-mail';
import { runScenario } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import { deal, message, REP, run } from '../helpers/scenario';

// Monday 2026-04-06 in UTC, default working hours; "contact" has no stage_entered rule.
const BUYER = 'dana@acme.com';
const acme = deal('2026-04-06T09:00:00Z', 'acme', { stage: 'contact', contacts: [BUYER] });
const globex = deal('2026-04-06T09:00:00Z', 'globex', { stage: 'contact', contacts: ['gil@globex.com', BUYER] });
/** `count` buyer-side addresses at distinct companies. */
const crowd = (count: number) => Array.from({ length: count }, (_, index) => `p${index}@crowd${index}.com`);

describe('isAutomatedAddress', () => {
  test.each([
    ['noreply@initech.com', true],
    ['NoReply+tickets@Initech.com', true],
    ['no-reply@x.io', true],
    ['no_reply@x.io', true],
    ['donotreply@x.io', true],
    ['do-not-reply@x.io', true],
    ['do_not_reply@x.io', true],
    ['mailer-daemon@x.io', true],
    ['postmaster@x.io', true],
    ['bounce@x.io', true],
    ['bounces+abc@x.io', true],
    ['notification@x.io', true],
    ['notifications@x.io', true],
    ['newsletter@x.io', true],
    ['newsletters@x.io', true],
    ['alerts@x.io', true],
    ['digest@x.io', true],
    ['dana@acme.com', false],
    ['noreply.team@x.io', false],
    ['dana+noreply@acme.com', false],
    ['alert@x.io', false],
    ['info@x.io', false],
  ])('%s: %s', (address, automated) => {
    expect(isAutomatedAddress(address)).toBe(automated);
  });
});

describe('isBroadcast', () => {
  const sides = createSides([REP]);
  test.each([
    ['ten buyer-side recipients', { from: REP, to: crowd(10), cc: [] }, false],
    ['eleven buyer-side recipients', { from: REP, to: crowd(11), cc: [] }, true],
    ['eleven across to and cc', { from: REP, to: crowd(6), cc: crowd(11).slice(6) }, true],
    ['a repeated address counts once', { from: REP, to: crowd(10), cc: crowd(1) }, false],
    ['the sender is not counted', { from: 'p0@crowd0.com', to: crowd(11), cc: [] }, false],
    [
      'seller-side recipients are not counted',
      { from: REP, to: crowd(10), cc: ['a@seller.com', 'b@seller.com'] },
      false,
    ],
  ])('%s: %s', (_case, mail, broadcast) => {
    expect(isBroadcast(sides, mail)).toBe(broadcast);
  });
});

describe('withoutAutomated', () => {
  test('removes automated addresses from to and cc and keeps everything else', () => {
    const mail = { id: 'm1', from: BUYER, to: [REP, 'noreply@acme.com'], cc: ['alerts+ops@acme.com', 'lee@acme.com'] };
    expect(withoutAutomated(mail)).toEqual({ id: 'm1', from: BUYER, to: [REP], cc: ['lee@acme.com'] });
    expect(mail.to).toEqual([REP, 'noreply@acme.com']);
  });

  test('is the same message when nothing is automated', () => {
    const mail = { from: BUYER, to: [REP], cc: [] };
    expect(withoutAutomated(mail)).toBe(mail);
  });

  test('keeps getters unread, so text is still cleaned only when first read', () => {
    let reads = 0;
    const mail = {
      from: BUYER,
      to: [REP, 'notifications@acme.com'],
      cc: [],
      get text() {
        reads += 1;
        return 'cleaned';
      },
    };
    const copy = withoutAutomated(mail);
    expect(reads).toBe(0);
    expect(copy.text).toBe('cleaned');
    expect(reads).toBe(1);
  });
});

/** What a rule changed: contacts, triggers (kind, stakeholder, status), unlinked messages. */
async function outcome(events: object[]) {
  const output = await run(events);
  return {
    contacts: Object.fromEntries(output.deals.map((each) => [each.id, each.contacts])),
    triggers: output.triggers.map((trigger) => [trigger.deal, trigger.kind, trigger.stakeholder, trigger.status]),
    unlinked: output.unlinked.map((entry) => entry.message),
  };
}

describe('automated addresses and broadcasts in the engine', () => {
  // prettier-ignore
  test.each([
    ['automated recipients never become contacts', [
      acme,
      message('2026-04-06T10:00:00Z', BUYER, [REP, 'noreply@acme.com'], { cc: ['Alerts <alerts+ops@acme.com>', 'lee@acme.com'] }),
    ], { contacts: { acme: [BUYER, 'lee@acme.com'] }, triggers: [['acme', 'buyer_replied', null, 'open'], ['acme', 'new_stakeholder', 'lee@acme.com', 'open']], unlinked: [] }],
    ['an automated contact of a deal event is dropped', [
      deal('2026-04-06T09:00:00Z', 'acme', { stage: 'contact', contacts: [BUYER, 'Digest <digest@acme.com>'] }),
    ], { contacts: { acme: [BUYER] }, triggers: [], unlinked: [] }],
    ['mail from an automated address changes nothing, even naming its deal', [
      acme,
      message('2026-04-06T10:00:00Z', 'NoReply+tickets@acme.com', [REP], { thread: 'tickets', deal: 'acme', cc: ['kim@acme.com'] }),
      message('2026-04-06T11:00:00Z', 'kim@acme.com', [REP], { thread: 'tickets' }),
    ], { contacts: { acme: [BUYER] }, triggers: [], unlinked: [] }],
    ['mail from an automated address at contacts of two deals is not listed unlinked', [
      acme, globex,
      message('2026-04-06T10:00:00Z', 'notifications@acme.com', [REP, BUYER]),
    ], { contacts: { acme: [BUYER], globex: ['gil@globex.com', BUYER] }, triggers: [], unlinked: [] }],
    ['exactly ten buyer-side recipients is a conversation', [
      acme,
      message('2026-04-06T10:00:00Z', REP, [BUYER, ...crowd(9)]),
    ], { contacts: { acme: [BUYER, ...crowd(9)] }, triggers: [], unlinked: [] }],
    ['a broadcast to a contact links no thread', [
      acme,
      message('2026-04-06T10:00:00Z', REP, [BUYER, ...crowd(10)], { thread: 'webinar' }),
      message('2026-04-06T11:00:00Z', 'p1@crowd1.com', [REP], { thread: 'webinar' }),
    ], { contacts: { acme: [BUYER] }, triggers: [], unlinked: [] }],
    ['a broadcast to contacts of two deals is not listed unlinked', [
      acme, globex,
      message('2026-04-06T10:00:00Z', REP, [BUYER, ...crowd(10)]),
    ], { contacts: { acme: [BUYER], globex: ['gil@globex.com', BUYER] }, triggers: [], unlinked: [] }],
    ['a broadcast naming its deal adds no contact and fires nothing', [
      acme,
      message('2026-04-06T10:00:00Z', 'ceo@acme.com', [REP, ...crowd(11)], { deal: 'acme', thread: 'all-hands' }),
      message('2026-04-06T11:00:00Z', 'p0@crowd0.com', [REP], { thread: 'all-hands' }),
    ], { contacts: { acme: [BUYER] }, triggers: [], unlinked: [] }],
    ['a broadcast on a linked thread ends no trigger', [
      acme,
      message('2026-04-06T10:00:00Z', BUYER, [REP], { thread: 't1' }),
      message('2026-04-06T11:00:00Z', REP, [BUYER, ...crowd(11)], { thread: 't1' }),
    ], { contacts: { acme: [BUYER] }, triggers: [['acme', 'buyer_replied', null, 'open']], unlinked: [] }],
    ['a broadcast from the buyer on a linked thread fires nothing and supersedes no silence', [
      acme,
      message('2026-04-06T10:00:00Z', REP, [BUYER], { thread: 't1' }),
      { at: '2026-04-16T10:00:00Z', type: 'tick' },
      message('2026-04-16T11:00:00Z', BUYER, [REP, ...crowd(11)], { thread: 't1' }),
    ], { contacts: { acme: [BUYER] }, triggers: [['acme', 'quiet', null, 'open']], unlinked: [] }],
  ] as const)('%s', async (_case, events, expected) => {
    expect(await outcome([...events])).toEqual(expected);
  });

  test('a broadcast is not activity: the silence is timed from the last real exchange', async () => {
    const output = await run([
      acme,
      message('2026-04-06T10:00:00Z', REP, [BUYER], { thread: 't1' }),
      message('2026-04-10T10:00:00Z', REP, [BUYER, ...crowd(11)], { thread: 't1' }),
      { at: '2026-04-16T10:00:00Z', type: 'tick' },
    ]);
    expect(output.triggers).toEqual([expect.objectContaining({ kind: 'quiet', firedAt: '2026-04-16T10:00:00.000Z' })]);
  });

  test("a broadcast placed on a deal is the deal's mail, kept for drafting, and not its latest thread", async () => {
    const played = await runScenario(
      parseScenario({
        me: [REP],
        events: [
          acme,
          message('2026-04-06T10:00:00Z', BUYER, [REP], { id: 'ask', thread: 't1' }),
          message('2026-04-06T11:00:00Z', REP, [BUYER, ...crowd(11)], { id: 'news', thread: 'news', deal: 'acme' }),
        ],
      }),
    );
    expect(played.store.dealMessages.get('acme')?.map((placed) => [placed.message.id, placed.direction])).toEqual([
      ['ask', 'inbound'],
      ['news', 'outbound'],
    ]);
    expect(played.store.deals.get('acme')?.deal).toMatchObject({
      latestThread: 't1',
      lastActivityAt: Date.parse('2026-04-06T10:00:00Z'),
    });
  });
});
