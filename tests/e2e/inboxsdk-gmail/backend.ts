import type { Contact, FixtureThread, Mailbox } from './mailbox';

/**
 * Gmail's endpoints as far as InboxSDK 2.2.26 calls them, answered from the mailbox. Only the array
 * positions InboxSDK's parsers read are filled (its pageWorld's sync response and send processors,
 * and the content world's "show original" lookup); everything else Gmail sends is left out.
 *
 *   POST /sync/u/0/i/fd   thread data: recipients and dates per message (getRecipientsFull)
 *   POST /sync/u/0/i/bv   thread search, by `threadid:<decimal>` (Router.goto to a thread)
 *   POST /sync/u/0/i/s    a send: answered with the sent message's ids (ComposeView `sent`)
 *   GET  /mail/u/0/?view=om&permmsgid=…   "show original": the legacy id of a sent message
 */

type Json = unknown[];

const contact = ({ address, name }: Contact): Json => [null, address, name];

/** Positions InboxSDK reads of a thread fetch's message: [0] To, [1] Cc, [2] Bcc, [16] date (ms). */
function threadData(thread: FixtureThread): Json {
  const info: unknown[] = [];
  info[2] = thread.messages.at(-1)?.body.slice(0, 100) ?? '';
  info[15] = thread.id;
  return [
    thread.syncId,
    [info],
    thread.messages.map((message) => {
      const details: unknown[] = [message.to.map(contact), message.cc.map(contact), []];
      details[16] = message.at;
      return [message.syncId, details];
    }),
  ];
}

export function threadFetchResponse(mailbox: Mailbox, requestBody: string): Json {
  const wanted = mailbox.threads.filter((t) => requestBody.includes(t.syncId) || requestBody.includes(t.id));
  return [null, wanted.map(threadData)];
}

/** Positions read of a search result: [0] subject, [1] snippet, [3] sync id, [4] messages, [19] legacy id. */
export function searchResponse(mailbox: Mailbox, requestBody: string): Json {
  const byId = /threadid:(\d+)/.exec(requestBody)?.[1];
  const found = byId ? mailbox.threads.filter((t) => BigInt(`0x${t.id}`).toString() === byId) : mailbox.threads;
  return [
    null,
    null,
    found.map((t) => {
      const descriptor: unknown[] = [];
      descriptor[0] = t.subject;
      descriptor[1] = t.messages.at(-1)?.body.slice(0, 100) ?? '';
      descriptor[3] = t.syncId;
      descriptor[19] = t.id;
      descriptor[4] = t.messages.map((m) => {
        const entry: unknown[] = [];
        entry[0] = m.syncId;
        entry[6] = m.at;
        entry[55] = m.id;
        return entry;
      });
      return [descriptor];
    }),
  ];
}

/** A send request, as the page's "Gmail" makes it: request[1][0] = [[_, [threadId, body]]], body[13][0] the message. */
export function readSendRequest(body: string): { draft: string; thread: string } | null {
  try {
    const request = JSON.parse(body) as Json;
    const wrappers = ((request[1] as Json | undefined)?.[0] ?? []) as Json[];
    for (const wrapper of wrappers) {
      const [thread, threadBody] = (wrapper[1] ?? []) as [unknown, Json | undefined];
      const sent = (threadBody?.[13] as Json[] | undefined)?.[0];
      if (typeof thread === 'string' && Array.isArray(sent) && (sent[10] as string[] | undefined)?.includes('^pfg')) {
        return { thread, draft: String(sent[0]) };
      }
    }
  } catch {
    // Not JSON: not a send.
  }
  return null;
}

/** The answer to a send: response[1][5] lists the thread with the sent message (its draft id, legacy ids). */
export function sendResponse(draft: string, thread: string, legacyMessageId: string, legacyThreadId: string): Json {
  const sent: unknown[] = [];
  sent[0] = draft;
  sent[2] = [];
  sent[3] = [];
  sent[4] = [];
  sent[10] = ['^all', '^f', '^pfg'];
  sent[13] = `<${draft}@mail.gmail.com>`;
  sent[55] = legacyMessageId;
  const inner: unknown[] = [];
  inner[4] = [sent];
  inner[19] = legacyThreadId;
  const result: unknown[] = [];
  result[5] = [[[thread, null, [null, null, null, null, null, null, [inner]]]]];
  return [null, result];
}

/** "Show original": InboxSDK takes the legacy message id from its download link. */
export function originalMessagePage(legacyId: string, ik: string): string {
  return `<!doctype html><html><body><a href="/mail/u/0?ui=2&amp;ik=${ik}&amp;view=att&amp;th=${legacyId}&amp;attid=0&amp;disp=comp&amp;safe=1&amp;zw">Download original</a></body></html>`;
}
