import { describe, expect, test } from 'vitest';
import { deal, message, REP, run, triggersOf } from '../helpers/scenario';

// The week of Monday 2026-04-06, in UTC with the default 09:00–17:00 working hours.
const BUYER = 'buyer@acme.com';

describe('buyer_replied', () => {
  test('latency runs from the first unanswered reply: a second one fires nothing', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { stage: 'contact' }),
      message('2026-04-06T10:00:00Z', BUYER, [REP], { id: 'b1' }),
      message('2026-04-06T11:00:00Z', BUYER, [REP], { id: 'b2' }),
      message('2026-04-06T12:00:00Z', REP, [BUYER], { id: 's1' }),
      message('2026-04-06T13:00:00Z', BUYER, [REP], { id: 'b3' }),
    ]);
    expect(triggersOf(output, 'buyer_replied')).toEqual([
      expect.objectContaining({
        firedAt: '2026-04-06T10:00:00.000Z',
        status: 'done',
        resolvedBy: 's1',
        action: 'book_meeting',
      }),
      expect.objectContaining({
        firedAt: '2026-04-06T13:00:00.000Z',
        status: 'open',
        dueAt: '2026-04-06T17:00:00.000Z',
      }),
    ]);
    expect(output.triggers[0]).toMatchObject({ latencyMinutes: 120, businessMinutes: 120, withinSla: true });
  });

  test('internal mail resolves nothing and is not activity', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      message('2026-04-06T10:00:00Z', BUYER, [REP], { id: 'b1' }),
      message('2026-04-06T11:00:00Z', REP, ['manager@seller.com'], { id: 'internal', cc: ['ops@seller.com'] }),
      { at: '2026-04-06T12:00:00Z', type: 'tick' },
    ]);
    expect(triggersOf(output)).toEqual([
      expect.objectContaining({ kind: 'buyer_replied', status: 'open', action: 'reply' }),
    ]);
  });

  test('a reply from a colleague at the company domain is action', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      message('2026-04-06T10:00:00Z', BUYER, [REP], { id: 'b1' }),
      message('2026-04-06T10:30:00Z', 'se@seller.com', [BUYER], { id: 'colleague' }),
    ]);
    expect(triggersOf(output)).toEqual([expect.objectContaining({ status: 'done', resolvedBy: 'colleague' })]);
  });

  test('a late reply counts as done and outside the SLA', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { stage: 'contact' }),
      message('2026-04-06T16:00:00Z', BUYER, [REP]),
      message('2026-04-07T15:00:00Z', REP, [BUYER]),
    ]);
    expect(output.triggers[0]).toMatchObject({
      dueAt: '2026-04-07T12:00:00.000Z',
      status: 'done',
      latencyMinutes: 23 * 60,
      businessMinutes: 7 * 60,
      withinSla: false,
    });
    expect(output.metrics.latency.buyer_replied).toMatchObject({ met: 0, missed: 1, withinSlaRate: 0 });
  });
});

describe('new_stakeholder', () => {
  test('the buyer side bringing someone in fires for each newcomer; the seller side adds them silently', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { contacts: [BUYER] }),
      message('2026-04-06T10:00:00Z', BUYER, [REP], { cc: ['lee@acme.com', 'kim@partner.io', REP] }),
      message('2026-04-06T11:00:00Z', REP, [BUYER], { cc: ['cfo@acme.com'] }),
    ]);
    expect(output.deals[0]!.contacts).toEqual([BUYER, 'lee@acme.com', 'kim@partner.io', 'cfo@acme.com']);
    expect(triggersOf(output, 'new_stakeholder').map((trigger) => [trigger.stakeholder, trigger.status])).toEqual([
      ['kim@partner.io', 'open'],
      ['lee@acme.com', 'open'],
    ]);
  });

  test('a new sender is a new stakeholder too', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { contacts: [BUYER] }),
      message('2026-04-06T10:00:00Z', REP, [BUYER], { thread: 'intro' }),
      message('2026-04-06T11:00:00Z', 'lee@acme.com', [REP], { thread: 'intro' }),
    ]);
    expect(triggersOf(output).map((trigger) => [trigger.kind, trigger.stakeholder])).toEqual([
      ['buyer_replied', null],
      ['new_stakeholder', 'lee@acme.com'],
    ]);
  });

  test('only a message with that stakeholder in to or cc resolves it', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { contacts: [BUYER] }),
      message('2026-04-06T10:00:00Z', BUYER, [REP], { cc: ['lee@acme.com'] }),
      message('2026-04-06T11:00:00Z', REP, [BUYER], { id: 'without-lee' }),
      message('2026-04-06T12:00:00Z', REP, ['lee@acme.com'], { id: 'to-lee' }),
    ]);
    expect(triggersOf(output).map((trigger) => [trigger.kind, trigger.resolvedBy])).toEqual([
      ['buyer_replied', 'without-lee'],
      ['new_stakeholder', 'to-lee'],
    ]);
  });

  test('a rep on a consumer domain: everyone else on it is the buyer side', async () => {
    const output = await run(
      [
        deal('2026-04-06T09:00:00Z', 'jo', { contacts: ['jo@gmail.com'] }),
        message('2026-04-06T10:00:00Z', 'jo@gmail.com', ['rep@gmail.com'], { cc: ['pat@gmail.com'] }),
      ],
      { me: ['rep@gmail.com'] },
    );
    expect(output.deals[0]!.contacts).toEqual(['jo@gmail.com', 'pat@gmail.com']);
    expect(triggersOf(output, 'new_stakeholder')).toEqual([expect.objectContaining({ stakeholder: 'pat@gmail.com' })]);
  });

  test('dismissing one stakeholder leaves the others open', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { contacts: [BUYER] }),
      message('2026-04-06T10:00:00Z', BUYER, [REP], { cc: ['a@acme.com', 'b@acme.com'] }),
      { at: '2026-04-06T11:00:00Z', type: 'dismiss', deal: 'acme', kind: 'new_stakeholder', stakeholder: 'A@acme.com' },
    ]);
    expect(triggersOf(output, 'new_stakeholder').map((trigger) => [trigger.stakeholder, trigger.status])).toEqual([
      ['a@acme.com', 'dismissed'],
      ['b@acme.com', 'open'],
    ]);
  });
});

describe('quiet', () => {
  test('fires quietAfterDays after the last exchange, even on a weekend, due from the next working start', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      message('2026-04-08T10:00:00Z', REP, [BUYER]),
      { at: '2026-04-30T00:00:00Z', type: 'tick' },
    ]);
    expect(triggersOf(output, 'quiet')).toEqual([
      expect.objectContaining({
        firedAt: '2026-04-18T10:00:00.000Z',
        dueAt: '2026-04-20T17:00:00.000Z',
        status: 'open',
        action: 'follow_up',
      }),
    ]);
  });

  test('a deal with no exchange goes quiet from its creation', async () => {
    const output = await run([deal('2026-04-06T09:00:00Z', 'acme'), { at: '2026-04-16T09:00:00Z', type: 'tick' }]);
    expect(triggersOf(output, 'quiet')).toEqual([expect.objectContaining({ firedAt: '2026-04-16T09:00:00.000Z' })]);
  });

  test('fires at most once per silence: dismissing it does not bring it back', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      { at: '2026-04-17T09:00:00Z', type: 'dismiss', deal: 'acme', kind: 'quiet' },
      { at: '2026-05-30T09:00:00Z', type: 'tick' },
    ]);
    expect(triggersOf(output, 'quiet').map((trigger) => trigger.status)).toEqual(['dismissed']);
  });

  test('the buyer breaking the silence supersedes it', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      message('2026-04-16T12:00:00Z', BUYER, [REP], { id: 'back' }),
      { at: '2026-04-20T12:00:00Z', type: 'tick' },
    ]);
    expect(triggersOf(output, 'quiet')).toEqual([
      expect.objectContaining({ status: 'superseded', resolvedAt: '2026-04-16T12:00:00.000Z', resolvedBy: 'back' }),
    ]);
    // Ended before it was due: neither met nor missed.
    expect(output.metrics.latency.quiet).toMatchObject({ count: 0, met: 0, missed: 0 });
  });

  test('a follow-up from the rep is action on it, and starts a new silence', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      message('2026-04-17T10:00:00Z', REP, [BUYER], { id: 'nudge' }),
      { at: '2026-04-28T00:00:00Z', type: 'tick' },
    ]);
    expect(triggersOf(output, 'quiet').map((trigger) => [trigger.firedAt, trigger.status, trigger.resolvedBy])).toEqual(
      [
        ['2026-04-16T09:00:00.000Z', 'done', 'nudge'],
        ['2026-04-27T10:00:00.000Z', 'open', null],
      ],
    );
  });

  test('waits while another trigger is open, and fires when those are all dismissed', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { contacts: [BUYER] }),
      message('2026-04-06T10:00:00Z', BUYER, [REP], { cc: ['lee@acme.com'] }),
      { at: '2026-04-17T09:00:00Z', type: 'dismiss', deal: 'acme', kind: 'buyer_replied' },
      { at: '2026-04-17T12:00:00Z', type: 'dismiss', deal: 'acme', kind: 'new_stakeholder' },
      { at: '2026-04-20T12:00:00Z', type: 'tick' },
    ]);
    expect(triggersOf(output, 'quiet')).toEqual([
      expect.objectContaining({ firedAt: '2026-04-17T12:00:00.000Z', status: 'open' }),
    ]);
  });

  test('while waiting, a new exchange starts a new silence instead', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      message('2026-04-06T10:00:00Z', BUYER, [REP]),
      message('2026-04-20T10:00:00Z', REP, [BUYER]),
      { at: '2026-04-30T10:00:00Z', type: 'tick' },
    ]);
    // The silence from 04-06 waited behind buyer_replied; the reply on 04-20 started the next one.
    expect(triggersOf(output).map((trigger) => [trigger.kind, trigger.status, trigger.firedAt])).toEqual([
      ['buyer_replied', 'done', '2026-04-06T10:00:00.000Z'],
      ['quiet', 'open', '2026-04-30T10:00:00.000Z'],
    ]);
  });

  test('a closed deal never goes quiet', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      { at: '2026-04-07T09:00:00Z', type: 'close', deal: 'acme', outcome: 'lost' },
      { at: '2026-06-01T09:00:00Z', type: 'tick' },
    ]);
    expect(output.triggers).toEqual([]);
  });
});

describe('meeting_ended', () => {
  test('fires at the end under the rule of the stage the deal is in then', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { stage: 'contact' }),
      {
        at: '2026-04-06T10:00:00Z',
        type: 'meeting',
        deal: 'acme',
        start: '2026-04-07T14:00:00Z',
        end: '2026-04-07T15:00:00Z',
      },
      { at: '2026-04-06T11:00:00Z', type: 'advance', deal: 'acme' },
      { at: '2026-04-07T18:00:00Z', type: 'tick' },
    ]);
    expect(triggersOf(output, 'meeting_ended')).toEqual([
      expect.objectContaining({
        firedAt: '2026-04-07T15:00:00.000Z',
        dueAt: '2026-04-07T17:00:00.000Z',
        stage: 'discovery',
        status: 'open',
      }),
    ]);
  });

  test('recorded after it ended: fires at once from its end, done by the first reply after it', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { stage: 'discovery' }),
      message('2026-04-06T10:30:00Z', REP, [BUYER], { id: 'before-end' }),
      message('2026-04-06T12:00:00Z', REP, [BUYER], { id: 'recap' }),
      message('2026-04-06T12:30:00Z', REP, [BUYER], { id: 'later' }),
      {
        at: '2026-04-06T13:00:00Z',
        type: 'meeting',
        deal: 'acme',
        start: '2026-04-06T10:00:00Z',
        end: '2026-04-06T11:00:00Z',
      },
    ]);
    expect(triggersOf(output, 'meeting_ended')).toEqual([
      expect.objectContaining({
        firedAt: '2026-04-06T11:00:00.000Z',
        status: 'done',
        resolvedBy: 'recap',
        resolvedAt: '2026-04-06T12:00:00.000Z',
      }),
    ]);
    expect(output.triggers.find((trigger) => trigger.kind === 'meeting_ended')).toMatchObject({ latencyMinutes: 60 });
  });

  test('recorded late with no reply since: open, and overdue at once when its SLA has passed', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { stage: 'discovery' }),
      {
        at: '2026-04-07T09:00:00Z',
        type: 'meeting',
        deal: 'acme',
        start: '2026-04-06T10:00:00Z',
        end: '2026-04-06T11:00:00Z',
      },
    ]);
    expect(output.queue).toEqual([
      { deal: 'acme', kind: 'meeting_ended', stakeholder: null, dueAt: '2026-04-06T13:00:00.000Z', overdue: true },
    ]);
  });

  test('a meeting on a closed deal changes nothing, and a closed deal drops its upcoming ones', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      deal('2026-04-06T09:00:00Z', 'globex'),
      {
        at: '2026-04-06T10:00:00Z',
        type: 'meeting',
        deal: 'acme',
        start: '2026-04-07T14:00:00Z',
        end: '2026-04-07T15:00:00Z',
      },
      { at: '2026-04-06T11:00:00Z', type: 'close', deal: 'acme', outcome: 'won' },
      { at: '2026-04-06T11:00:00Z', type: 'close', deal: 'globex', outcome: 'lost' },
      {
        at: '2026-04-06T12:00:00Z',
        type: 'meeting',
        deal: 'globex',
        start: '2026-04-06T10:00:00Z',
        end: '2026-04-06T11:00:00Z',
      },
      { at: '2026-04-08T12:00:00Z', type: 'tick' },
    ]);
    expect(output.triggers).toEqual([]);
  });

  test('at the same instant as quiet, quiet fires first', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      {
        at: '2026-04-06T09:00:00Z',
        type: 'meeting',
        deal: 'acme',
        start: '2026-04-16T08:00:00Z',
        end: '2026-04-16T09:00:00Z',
      },
      { at: '2026-04-16T12:00:00Z', type: 'tick' },
    ]);
    expect(triggersOf(output).map((trigger) => [trigger.kind, trigger.firedAt])).toEqual([
      ['meeting_ended', '2026-04-16T09:00:00.000Z'],
      ['quiet', '2026-04-16T09:00:00.000Z'],
    ]);
  });
});

describe('stage_entered and rules', () => {
  const workflow = {
    quietAfterDays: 3,
    stages: [
      {
        id: 'lead',
        name: 'Lead',
        exitCriterion: 'The buyer answered',
        rules: [{ trigger: 'stage_entered', action: 'follow_up', maxDelay: 0 }],
      },
      {
        id: 'demo',
        name: 'Demo',
        exitCriterion: 'The buyer saw the demo',
        rules: [{ trigger: 'buyer_replied', action: 'book_meeting', maxDelay: 60 }],
      },
    ],
    rules: [{ trigger: 'buyer_replied', action: 'reply', maxDelay: 30 }],
  };

  test('fires on creation and on every advance, back included; a stage rule beats the default', async () => {
    const output = await run(
      [
        { at: '2026-04-06T08:00:00Z', type: 'deal', id: 'acme', contacts: [BUYER] },
        message('2026-04-06T10:00:00Z', BUYER, [REP], { id: 'b1' }),
        { at: '2026-04-06T10:05:00Z', type: 'advance', deal: 'acme' },
        message('2026-04-06T10:10:00Z', REP, [BUYER], { id: 's1' }),
        message('2026-04-06T11:00:00Z', BUYER, [REP], { id: 'b2' }),
        { at: '2026-04-06T12:00:00Z', type: 'advance', deal: 'acme', to: 'lead' },
      ],
      { workflow },
    );
    expect(triggersOf(output).map((trigger) => [trigger.kind, trigger.stage, trigger.action, trigger.dueAt])).toEqual([
      ['stage_entered', 'lead', 'follow_up', '2026-04-06T09:00:00.000Z'],
      ['buyer_replied', 'lead', 'reply', '2026-04-06T10:30:00.000Z'],
      ['buyer_replied', 'demo', 'book_meeting', '2026-04-06T12:00:00.000Z'],
      ['stage_entered', 'lead', 'follow_up', '2026-04-06T12:00:00.000Z'],
    ]);
  });

  test('with no rule for a trigger, nothing fires', async () => {
    const output = await run(
      [
        { at: '2026-04-06T08:00:00Z', type: 'deal', id: 'acme', stage: 'demo', contacts: [BUYER] },
        message('2026-04-06T10:00:00Z', BUYER, [REP], { cc: ['new@acme.com'] }),
        { at: '2026-04-20T08:00:00Z', type: 'tick' },
      ],
      { workflow },
    );
    expect(triggersOf(output).map((trigger) => trigger.kind)).toEqual(['buyer_replied']);
  });
});

describe('closing', () => {
  test('ends open triggers as closed; later mail on the thread is recorded and changes nothing', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme', { contacts: [BUYER] }),
      message('2026-04-06T10:00:00Z', BUYER, [REP], { thread: 'x' }),
      { at: '2026-04-06T11:00:00Z', type: 'close', deal: 'acme', outcome: 'won' },
      message('2026-04-06T12:00:00Z', BUYER, [REP], { thread: 'x', cc: ['new@acme.com'] }),
    ]);
    expect(triggersOf(output)).toEqual([
      expect.objectContaining({ status: 'closed', resolvedAt: '2026-04-06T11:00:00.000Z', resolvedBy: null }),
    ]);
    expect(output.deals[0]).toMatchObject({ status: 'won', contacts: [BUYER] });
  });
});

describe('which deal a message belongs to', () => {
  test('a contact of two open deals is ambiguous: reported, never guessed, and nothing else changes', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'zeta', { contacts: ['jo@shared.com'] }),
      deal('2026-04-06T09:00:00Z', 'alpha', { contacts: ['jo@shared.com'] }),
      message('2026-04-06T10:00:00Z', 'jo@shared.com', [REP], { id: 'which', cc: ['new@shared.com'] }),
    ]);
    expect(output.unlinked).toEqual([{ message: 'which', from: 'jo@shared.com', candidates: ['alpha', 'zeta'] }]);
    expect(output.triggers).toEqual([]);
    expect(output.deals.map((deal) => deal.contacts)).toEqual([['jo@shared.com'], ['jo@shared.com']]);
  });

  test('only open deals are candidates', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'old', { contacts: ['jo@shared.com'] }),
      { at: '2026-04-06T09:30:00Z', type: 'close', deal: 'old', outcome: 'lost' },
      deal('2026-04-06T09:45:00Z', 'new', { contacts: ['jo@shared.com'] }),
      message('2026-04-06T10:00:00Z', 'jo@shared.com', [REP]),
    ]);
    expect(output.unlinked).toEqual([]);
    expect(triggersOf(output)).toEqual([expect.objectContaining({ deal: 'new', kind: 'buyer_replied' })]);
  });

  test('an explicit deal links the thread, and the thread then wins over contacts', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'a', { contacts: ['jo@shared.com'] }),
      deal('2026-04-06T09:00:00Z', 'b', { contacts: ['jo@shared.com'] }),
      message('2026-04-06T10:00:00Z', REP, ['jo@shared.com'], { thread: 'tb', deal: 'b' }),
      message('2026-04-06T11:00:00Z', 'jo@shared.com', [REP], { thread: 'tb' }),
    ]);
    expect(output.unlinked).toEqual([]);
    expect(triggersOf(output)).toEqual([expect.objectContaining({ deal: 'b', kind: 'buyer_replied' })]);
  });

  test('mail with no deal contact is not deal mail', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'acme'),
      message('2026-04-06T10:00:00Z', 'news@vendor.example', [REP]),
    ]);
    expect(output.triggers).toEqual([]);
    expect(output.unlinked).toEqual([]);
  });

  test('an identical second copy changes nothing', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'a', { contacts: ['jo@shared.com'] }),
      deal('2026-04-06T09:00:00Z', 'b', { contacts: ['jo@shared.com'] }),
      message('2026-04-06T10:00:00Z', 'jo@shared.com', [REP], { id: 'twice' }),
      message('2026-04-06T10:00:00Z', 'jo@shared.com', [REP], { id: 'twice' }),
    ]);
    expect(output.unlinked.map((item) => item.message)).toEqual(['twice']);
    expect(output.triggers.filter((trigger) => trigger.kind !== 'stage_entered')).toEqual([]);
  });

  test('of two copies the one with more participants is kept, and only it is applied', async () => {
    const output = await run([
      deal('2026-04-06T09:00:00Z', 'a', { contacts: ['jo@shared.com'] }),
      deal('2026-04-06T09:00:00Z', 'b', { contacts: ['jo@shared.com'] }),
      message('2026-04-06T11:00:00Z', 'jo@shared.com', [REP], { id: 'once', thread: 'ta', deal: 'a' }),
      message('2026-04-06T12:00:00Z', 'jo@shared.com', [REP], { id: 'once', thread: 'ta', cc: ['new@a.com'] }),
    ]);
    // The kept copy names no deal and its thread was never linked: jo is a contact of both deals.
    expect(output.unlinked.map((item) => item.message)).toEqual(['once']);
    expect(triggersOf(output)).toEqual([]);
  });
});
