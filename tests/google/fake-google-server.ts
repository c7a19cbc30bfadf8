/// <reference types="@maxim_mazurok/gapi.client.gmail-v1" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the subset of Gmail v1 Ember calls (profile, messages.list, messages.get
 * format=full, history.list), on 127.0.0.1 only. Its answers are typed by Google's published types
 * (generated from the discovery document: @maxim_mazurok/gapi.client.gmail-v1), and faults can be
 * queued: any status with a body and headers (a 404 history, a 401, a 429 with Retry-After, a 500).
 */

type Message = gapi.client.gmail.Message;
type ListMessagesResponse = gapi.client.gmail.ListMessagesResponse;
type ListHistoryResponse = gapi.client.gmail.ListHistoryResponse;
type Profile = gapi.client.gmail.Profile;

export interface FakeMail {
  from: string;
  to: string[];
  cc?: string[];
  subject?: string;
  text: string;
  at: number;
}

export interface Fault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeGoogleServer {
  baseUrl: string;
  /** Adds a message as Gmail would take it in; returns its id (which carries `at`). */
  deliver(mail: FakeMail): string;
  /** The next requests whose path starts with `path` get these answers, in order. */
  fail(path: string, ...faults: Fault[]): void;
  /** Makes every historyId given so far expire: history.list from one answers 404. */
  expireHistory(): void;
  /** Requests made, as `METHOD path?query`, with their Authorization header. */
  requests: { line: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

export async function startFakeGoogleServer({ account = 'sam@emberseller.com' } = {}): Promise<FakeGoogleServer> {
  const messages = new Map<string, { mail: FakeMail; historyId: number }>();
  let historyId = 1_000;
  let expiredBefore = 0;
  let sequence = 0;
  const faults = new Map<string, Fault[]>();
  const requests: FakeGoogleServer['requests'] = [];

  const message = (id: string): Message | undefined => {
    const stored = messages.get(id);
    if (!stored) return undefined;
    const { mail } = stored;
    return {
      id,
      threadId: id,
      internalDate: String(mail.at),
      labelIds: mail.from === account ? ['SENT'] : ['INBOX'],
      historyId: String(stored.historyId),
      payload: {
        mimeType: 'text/plain',
        headers: [
          { name: 'From', value: mail.from },
          { name: 'To', value: mail.to.join(', ') },
          ...(mail.cc?.length ? [{ name: 'Cc', value: mail.cc.join(', ') }] : []),
          { name: 'Subject', value: mail.subject ?? '' },
          { name: 'Date', value: new Date(mail.at).toUTCString().replace('GMT', '+0000') },
          { name: 'Content-Type', value: 'text/plain; charset="UTF-8"' },
        ],
        body: { size: mail.text.length, data: b64url(mail.text) },
      },
    };
  };

  const matches = (query: string, mail: FakeMail) => {
    const after = /after:(\d+)/.exec(query);
    if (after) return mail.at >= Number(after[1]) * 1000;
    const everyone = [mail.from, ...mail.to, ...(mail.cc ?? [])];
    return [...query.matchAll(/(?:from|to|cc):([^\s}]+)/g)].some((term) => everyone.includes(term[1]!));
  };

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const notFound = {
    error: { code: 404, message: 'Requested entity was not found.', errors: [{ reason: 'notFound' }] },
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({
      line: `${request.method} ${url.pathname}${url.search}`,
      authorization: request.headers.authorization,
    });
    for (const [path, queued] of faults) {
      if (url.pathname.startsWith(path) && queued.length > 0) {
        const fault = queued.shift()!;
        return send(response, fault.status, fault.body ?? {}, fault.headers);
      }
    }
    if (request.headers.authorization?.startsWith('Bearer ') !== true) {
      return send(response, 401, { error: { code: 401, message: 'Login Required.' } });
    }
    const user = '/gmail/v1/users/me';
    if (url.pathname === `${user}/profile`) {
      const profile: Profile = { emailAddress: account, historyId: String(historyId), messagesTotal: messages.size };
      return send(response, 200, profile);
    }
    if (url.pathname === `${user}/messages`) {
      const query = url.searchParams.get('q') ?? '';
      const all = [...messages.entries()]
        .filter(([, { mail }]) => matches(query, mail))
        .sort((a, b) => b[1].mail.at - a[1].mail.at);
      const size = Number(url.searchParams.get('maxResults') ?? 100);
      const start = Number(url.searchParams.get('pageToken') ?? 0);
      const page: ListMessagesResponse = {
        messages: all.slice(start, start + size).map(([id]) => ({ id, threadId: id })),
        resultSizeEstimate: all.length,
        ...(start + size < all.length ? { nextPageToken: String(start + size) } : {}),
      };
      return send(response, 200, page);
    }
    const get = new RegExp(`^${user}/messages/([0-9a-f]+)$`).exec(url.pathname);
    if (get) {
      const found = message(get[1]!);
      return found ? send(response, 200, found) : send(response, 404, notFound);
    }
    if (url.pathname === `${user}/history`) {
      const start = Number(url.searchParams.get('startHistoryId'));
      if (start < expiredBefore) return send(response, 404, notFound);
      const added = [...messages.entries()].filter(([, stored]) => stored.historyId > start);
      const page: ListHistoryResponse = {
        history: added.map(([id, stored]) => ({
          id: String(stored.historyId),
          messagesAdded: [{ message: { id, threadId: id } }],
        })),
        historyId: String(historyId),
      };
      return send(response, 200, page);
    }
    return send(response, 404, notFound);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    deliver(mail) {
      sequence += 1;
      const id = ((BigInt(mail.at) << 20n) | BigInt(sequence)).toString(16);
      historyId += 1;
      messages.set(id, { mail, historyId });
      return id;
    },
    fail(path, ...queued) {
      faults.set(path, [...(faults.get(path) ?? []), ...queued]);
    },
    expireHistory() {
      expiredBefore = historyId + 1;
    },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
