import { describe, expect, test } from 'vitest';
import type { MessageInput, RequestType } from '@/lib/messaging/protocol';
import { createRequestProcessor } from '@/lib/messaging/server';
import { testBackground } from '../helpers/fake-ports';
import { requestsFrom, retryingSender, stopServiceWorker, useExtensionPage } from './extension-messaging';

/*
 * Two senders at once, as in Gmail: a tab ingesting threads as the rep opens them (newer halves of
 * threads first, older halves later: late mail on every deal) and the unread feed sending its partial
 * copies of the buyers' mail in time order. Midway the service worker is stopped at a point the test
 * chooses: the e2e build's write pause holds the next write of deal inputs inside its transaction, and
 * the worker is stopped there. Both senders go on through the real retry policy. The store afterwards
 * must equal the uninterrupted run of the same full copies in time order, in Node, over the same code.
 */
const ACCOUNT = 'lee@emberseller.com';
const DEALS = 8;
const MESSAGES = 400;
const MINUTE = 60_000;

type Tables = {
  messages: { id: string; deal: string | null; thread: string }[];
  triggers: Record<string, unknown>[];
  contacts: { deal: string; address: string; name: string | null; firstSeenAt: number }[];
  threads: { id: string; deal: string | null }[];
  deals: { id: string; createdAt: number }[];
};

const buyerOf = (deal: number) => `buyer${deal}@account${deal}.example`;

const deals = Array.from({ length: DEALS }, (_, deal) => ({
  account: ACCOUNT,
  id: `deal-${deal}`,
  title: `Deal ${deal}`,
  stage: 'contact',
  contacts: [buyerOf(deal)],
}));

function mailOf(start: number): MessageInput[] {
  return Array.from({ length: MESSAGES }, (_, index) => {
    const deal = index % DEALS;
    const fromBuyer = index % 3 !== 2;
    return {
      id: `msg-${String(index).padStart(4, '0')}`,
      thread: `thread-${deal}`,
      at: start + index * 5 * MINUTE,
      from: fromBuyer ? `Buyer ${deal} <${buyerOf(deal)}>` : ACCOUNT,
      to: fromBuyer ? [ACCOUNT] : [buyerOf(deal)],
      cc: index % 29 === 0 ? [`New ${index} <new${index}@account${deal}.example>`] : [],
      subject: 'Pilot',
      body: `Message ${index}: how does the pilot work? Adding a colleague when it helps.`,
    };
  });
}

/** What the feed shows of a buyer's message: its own thread, only the rep, a summary. */
const feedCopy = (message: MessageInput): MessageInput => ({
  id: message.id,
  thread: `feed-${message.id}`,
  at: message.at,
  from: message.from,
  to: [ACCOUNT],
  cc: [],
  subject: message.subject,
  body: 'Message…',
  partial: true,
});

/** What must not depend on the order or the path the mail took. */
function outcome(tables: Tables) {
  const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
  return {
    messages: sorted(tables.messages.map(({ id, deal, thread }) => ({ id, deal, thread }))),
    triggers: sorted(tables.triggers.map(({ seq: _seq, ...trigger }) => trigger)),
    contacts: sorted(tables.contacts),
    threads: sorted(tables.threads.map(({ id, deal }) => ({ id, deal }))),
  };
}

describe('two senders, the worker stopped between them', () => {
  const session = useExtensionPage();

  test("a tab's late threads and the feed's partial copies, cut midway, end as the time-ordered run", async () => {
    const { setClock, pauseNextWrite, send: plainSend } = requestsFrom(session.page);
    const now = Date.now();
    const mail = mailOf(now - 3 * 86_400_000);
    const { send, retries } = retryingSender(session.page, () => setClock(now));
    // The deals are tracked before the mail is written, so the mail is theirs to act on, not history.
    const tracked = now - 4 * 86_400_000;
    await setClock(tracked);
    for (const deal of deals) await send('createDeal', deal);
    await setClock(now);

    // The tab: each thread's newer half, then (later) each thread's older half.
    const threadMail = (deal: number) => mail.filter((message) => message.thread === `thread-${deal}`);
    const half = MESSAGES / DEALS / 2;
    const tabRequests = [
      ...deals.map((_, deal) => threadMail(deal).slice(half)),
      ...deals.map((_, deal) => threadMail(deal).slice(0, half)),
    ];
    const feed = mail.filter((message) => message.from !== ACCOUNT).map(feedCopy);
    const feedRequests = Array.from({ length: Math.ceil(feed.length / 40) }, (_, index) =>
      feed.slice(index * 40, (index + 1) * 40),
    );
    const CUT_AT = 5;
    let cut: unknown[] = [];
    const answers: string[] = [];
    const tab = async () => {
      for (const [index, messages] of tabRequests.entries()) {
        if (index === CUT_AT) {
          // The next write of deal inputs, by either sender, is held; the worker is stopped there.
          const pause = await pauseNextWrite('inputs');
          const request = send('ingestMessages', { account: ACCOUNT, messages });
          cut = (await pause.reached()).keys;
          await stopServiceWorker(session);
          const answer = await request;
          answers.push(answer.ok ? 'ok' : answer.error.message);
        } else {
          const answer = await send('ingestMessages', { account: ACCOUNT, messages });
          answers.push(answer.ok ? 'ok' : answer.error.message);
        }
      }
    };
    const feedSender = async () => {
      for (const messages of feedRequests) {
        const answer = await send('ingestMessages', { account: ACCOUNT, messages });
        answers.push(answer.ok ? 'ok' : answer.error.message);
      }
    };
    await Promise.all([tab(), feedSender()]);
    expect(answers).toEqual([...tabRequests, ...feedRequests].map(() => 'ok'));
    expect(cut.length).toBeGreaterThan(0);
    expect(retries()).toBeGreaterThan(0);

    const tables = ((await plainSend('exportData', { account: ACCOUNT })) as unknown as { tables: Tables }).tables;
    const harness = testBackground();
    const process = createRequestProcessor(harness.background.handlers(), () => true);
    // The e2e clock runs on from where it was set: each deal is made at the time the browser made it.
    const created = new Map(tables.deals.map((deal) => [deal.id, deal.createdAt]));
    for (const deal of deals) {
      harness.clock.set(created.get(deal.id) ?? tracked);
      await process('createDeal', deal, {});
    }
    harness.clock.set(now);
    const requests: [RequestType, unknown][] = [
      ...Array.from({ length: MESSAGES / 50 }, (_, index): [RequestType, unknown] => [
        'ingestMessages',
        { account: ACCOUNT, messages: mail.slice(index * 50, (index + 1) * 50) },
      ]),
    ];
    for (const [type, data] of requests) {
      const answer = await process(type, data, {});
      if (!answer.ok) throw new Error(`${type}: ${answer.error.message}`);
    }
    const exported = await process('exportData', { account: ACCOUNT }, {});
    if (!exported.ok) throw new Error(exported.error.message);
    const expected = (exported.value as { tables: Tables }).tables;

    expect(tables.messages).toHaveLength(MESSAGES);
    expect(tables.messages.filter((message) => message.thread.startsWith('feed-'))).toEqual([]);
    expect(outcome(tables)).toEqual(outcome(expected));
    const queue = await plainSend('getQueue', { account: ACCOUNT });
    const expectedQueue = await process('getQueue', { account: ACCOUNT }, {});
    if (!expectedQueue.ok) throw new Error(expectedQueue.error.message);
    expect(queue.map((item) => item.trigger.id)).toEqual(
      (expectedQueue.value as typeof queue).map((item) => item.trigger.id),
    );
  }, 180_000);
});
