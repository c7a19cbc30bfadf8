import { describe, expect, test } from 'vitest';
import type { MessageInput, RequestType } from '@/lib/messaging/protocol';
import { createRequestProcessor } from '@/lib/messaging/server';
import { testBackground } from '../helpers/fake-ports';
import { requestsFrom, retryingSender, stopServiceWorker, useExtensionPage } from './extension-messaging';

/*
 * The service worker stopped through the DevTools protocol in the middle of work, as Chrome stops
 * workers it considers idle or stuck. Where it stops is the test's choice: the e2e build's write
 * pause (lib/background/test-pause.ts) holds a write inside its transaction, written but not
 * committed, and the worker is stopped there. Requests are sent the way Ember's pages and content
 * script send them (one at a time, through the real retry policy in lib/messaging/retry.ts, which
 * sees Chrome's own error text); the store afterwards must equal the store of the same work done
 * without interruption (in Node, over the same code), with no trigger fired twice.
 */
const ACCOUNT = 'sam@emberseller.com';
const DEALS = 50;
const MESSAGES = 5_000;
const BATCH = 500;
const QUIET_DEALS = 600;
const DAY = 86_400_000;

type Tables = { messages: { id: string; deal: string | null }[]; triggers: Record<string, unknown>[] };

/** What must not depend on when or how often the work was done. */
function outcome(tables: Tables) {
  return {
    messages: tables.messages.map((message) => `${message.id}→${message.deal}`).sort(),
    triggers: tables.triggers
      .map((t) => [t.deal, t.kind, t.stakeholder, t.firedAt, t.dueAt, t.status, t.resolvedBy].join('|'))
      .sort(),
  };
}

/** No trigger fired twice: one per deal, kind, stakeholder and firing time. */
function firings(tables: Tables): string[] {
  return tables.triggers.map((t) => [t.deal, t.kind, t.stakeholder, t.firedAt].join('|'));
}

const dealsOf = (count: number) =>
  Array.from({ length: count }, (_, deal) => ({
    account: ACCOUNT,
    id: `deal-${deal}`,
    title: `Deal ${deal}`,
    stage: 'contact',
    contacts: [`buyer${deal}@account${deal}.example`],
  }));

/** Mail over three hours on 50 deals, both ways, some bringing in new people; deterministic. */
function mailOf(start: number): MessageInput[] {
  return Array.from({ length: MESSAGES }, (_, index) => {
    const deal = index % DEALS;
    const buyer = `buyer${deal}@account${deal}.example`;
    const fromBuyer = index % 3 !== 2;
    return {
      id: `msg-${index}`,
      thread: `thread-${deal}`,
      at: start + index * 2_000,
      from: fromBuyer ? buyer : ACCOUNT,
      to: fromBuyer ? [ACCOUNT] : [buyer],
      cc: index % 97 === 0 ? [`new${index}@account${deal}.example`] : [],
      subject: 'Pilot',
      body: `Message ${index}: how does the pilot work?`,
    };
  });
}

/** The seller's last word on each deal at `at`: each deal goes quiet from then on. */
const lastWordsOf = (count: number, at: number): MessageInput[] =>
  Array.from({ length: count }, (_, deal) => ({
    id: `last-${deal}`,
    thread: `thread-${deal}`,
    at: at + deal * 1_000,
    from: ACCOUNT,
    to: [`buyer${deal}@account${deal}.example`],
    cc: [],
    subject: 'Proposal',
    body: 'Here is the proposal we discussed.',
  }));

const inBatches = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/** The same work in Node, never interrupted. */
async function uninterrupted(
  account: string,
  steps: { at: number; requests: [RequestType, unknown][] }[],
): Promise<Tables> {
  const harness = testBackground();
  const process = createRequestProcessor(harness.background.handlers(), () => true);
  for (const step of steps) {
    harness.clock.set(step.at);
    for (const [type, data] of step.requests) {
      const answer = await process(type, data, {});
      if (!answer.ok) throw new Error(`${type}: ${answer.error.message}`);
    }
  }
  const exported = await process('exportData', { account }, {});
  if (!exported.ok) throw new Error(exported.error.message);
  return (exported.value as { tables: Tables }).tables;
}

describe('the service worker stopped in the middle of work', () => {
  const session = useExtensionPage();

  const clientSend = (beforeRetry: () => Promise<void>) => retryingSender(session.page, beforeRetry);

  async function exported(account: string): Promise<Tables> {
    const { send } = requestsFrom(session.page);
    return ((await send('exportData', { account })) as unknown as { tables: Tables }).tables;
  }

  test('while it ingests 5,000 messages: the batch cut left nothing, every batch whole or absent, and after the restart the uninterrupted store', async () => {
    const { setClock, pauseNextWrite } = requestsFrom(session.page);
    const now = Date.now();
    const start = now - 3 * 3_600_000;
    const deals = dealsOf(DEALS);
    const batches = inBatches(mailOf(start), BATCH);
    /** The batches the worker is stopped in: the fourth and the eighth. */
    const cutBatches = [3, 7];
    let sending = -1;
    // What the store holds of each batch when the client finds the worker gone.
    const heldWhenRetried: { batch: number; held: number[] }[] = [];
    const { send, retries } = clientSend(async () => {
      const stored = new Set((await exported(ACCOUNT)).messages.map((message) => message.id));
      heldWhenRetried.push({
        batch: sending,
        held: batches.map((batch) => batch.filter((message) => stored.has(message.id)).length),
      });
      // The stopped worker forgot the test clock; the retry must run at the same time.
      await setClock(now);
    });

    // The deals are tracked before the mail is written, so the mail is theirs to act on, not history.
    const tracked = start - 3_600_000;
    await setClock(tracked);
    for (const deal of deals) await send('createDeal', deal);
    await setClock(now);

    // Batches go one at a time, as the client sends them; in a cut batch the worker is stopped while
    // the batch's first chunk of messages is written in its transaction and not committed.
    const cut: { batch: number; keys: unknown[] }[] = [];
    const answers: string[] = [];
    for (const [index, messages] of batches.entries()) {
      sending = index;
      const pause = cutBatches.includes(index) ? await pauseNextWrite('messages') : null;
      const request = send('ingestMessages', { account: ACCOUNT, messages });
      if (pause) {
        cut.push({ batch: index, keys: (await pause.reached()).keys });
        await stopServiceWorker(session);
      }
      const answer = await request;
      answers.push(answer.ok ? 'ok' : answer.error.message);
    }
    expect(answers).toEqual(batches.map(() => 'ok'));

    // Each stop cut its batch in flight: messages of it were written, uncommitted, when it landed.
    expect(cut.map(({ batch }) => batch)).toEqual(cutBatches);
    for (const { batch, keys } of cut) {
      expect(keys.length).toBeGreaterThan(0);
      expect(batches[batch]!.map((message) => message.id)).toEqual(expect.arrayContaining(keys));
    }
    // Found gone, the worker had left every earlier batch whole and nothing of the one it was cut in.
    expect(retries()).toBeGreaterThanOrEqual(cutBatches.length);
    expect([...new Set(heldWhenRetried.map(({ batch }) => batch))]).toEqual(cutBatches);
    for (const { batch, held } of heldWhenRetried) {
      expect(held).toEqual(batches.map((_, index) => (index < batch ? BATCH : 0)));
    }

    const tables = await exported(ACCOUNT);
    const expected = await uninterrupted(ACCOUNT, [
      { at: tracked, requests: deals.map((deal): [RequestType, unknown] => ['createDeal', deal]) },
      {
        at: now,
        requests: batches.map((messages): [RequestType, unknown] => ['ingestMessages', { account: ACCOUNT, messages }]),
      },
    ]);
    expect(tables.messages).toHaveLength(MESSAGES);
    expect(outcome(tables)).toEqual(outcome(expected));
    expect(new Set(firings(tables)).size).toBe(tables.triggers.length);
  }, 120_000);

  test('while it sweeps 600 quiet deals: the sweep cut left nothing, and after the restart no trigger fires twice', async () => {
    const { setClock, pauseNextWrite } = requestsFrom(session.page);
    const account = 'kim@emberseller.com';
    const now = Date.now();
    const past = now - 30 * DAY;
    const deals = dealsOf(QUIET_DEALS).map((deal) => ({ ...deal, account }));
    const lastWords = lastWordsOf(QUIET_DEALS, past).map((message) => ({ ...message, from: account }));
    const setUp: [RequestType, unknown][] = [
      ...deals.map((deal): [RequestType, unknown] => ['createDeal', deal]),
      ...inBatches(lastWords, BATCH).map((messages): [RequestType, unknown] => [
        'ingestMessages',
        { account, messages },
      ]),
    ];
    // The store when the client finds the worker gone, before its request goes again.
    let whenRetried: Tables | undefined;
    const { send, retries } = clientSend(async () => {
      whenRetried ??= await exported(account);
      await setClock(now);
    });
    const quiet = (tables: Tables) => tables.triggers.filter((trigger) => trigger.kind === 'quiet');

    await setClock(past);
    for (const [type, data] of setUp) await send(type, data);
    expect(quiet(await exported(account))).toHaveLength(0);

    // A month later every deal is due its quiet check; the queue read sweeps. The pause is armed
    // before the clock moves, so whichever sweep comes first (the queue's, or the minute alarm's)
    // is held with all it fired written in its transaction, and the worker is stopped there.
    const pause = await pauseNextWrite('triggers');
    await setClock(now);
    const queue = send('getQueue', { account });
    const cut = new Set((await pause.reached()).keys);
    expect(cut.size).toBe(QUIET_DEALS);
    await stopServiceWorker(session);
    const answer = await queue;
    expect(answer.ok).toBe(true);
    expect(retries()).toBeGreaterThan(0);

    // None of the cut sweep's triggers was stored. The restarted worker sweeps as it starts, so the
    // sweep may have been done again by the time the client looked: then whole, never a part.
    expect(whenRetried!.triggers.filter((trigger) => cut.has(trigger.id))).toEqual([]);
    expect([0, QUIET_DEALS]).toContain(quiet(whenRetried!).length);

    const tables = await exported(account);
    const expected = await uninterrupted(account, [
      { at: past, requests: setUp },
      { at: now, requests: [['getQueue', { account }]] },
    ]);
    expect(quiet(tables)).toHaveLength(QUIET_DEALS);
    expect(outcome(tables)).toEqual(outcome(expected));
    expect(new Set(firings(tables)).size).toBe(tables.triggers.length);
  }, 120_000);
});
