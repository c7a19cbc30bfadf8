/// <reference types="@maxim_mazurok/gapi.client.gmail-v1" />
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createFakeCalendar, type FakeCalendar } from './fake-calendar';

/**
 * A local stand-in for the subset of Gmail v1 Ember calls (profile, messages.list, messages.get
 * format=full, history.list, and the batch endpoint), on 127.0.0.1 only. Its answers are typed by
 * Google's published types (generated from the discovery document: @maxim_mazurok/gapi.client.gmail-v1),
 * and faults can be queued: any status with a body and headers (a 404 history, a 401, a 429 with
 * Retry-After, a 500), for direct calls and batched ones alike.
 *
 * `POST /batch/gmail/v1` speaks Google's multipart/mixed format
 * (https://developers.google.com/gmail/api/guides/batch) with a parser of its own, not Ember's: each
 * inner request goes through the same routing as a direct one, and the parts are answered in
 * reverse order, so a client that pairs answers by position rather than Content-ID fails.
 *
 * Beside Gmail it serves the rep's Calendar v3 (tests/google/fake-calendar.ts) and Google's token
 * revoke endpoint, and answers CORS as Google's APIs do, so an extension's worker can call it.
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

export interface DeliverOptions {
  /**
   * What messages.get answers instead of the well-formed message built from the mail (which the
   * search still matches on): a garbage body, a multipart with no text, missing headers, ….
   */
  reshape?: (message: Message) => Message;
}

export interface FakeGoogleServer {
  baseUrl: string;
  /** Adds a message as Gmail would take it in; returns its id (which carries `at`). */
  deliver(mail: FakeMail, options?: DeliverOptions): string;
  /**
   * The next requests whose path starts with `path` get these answers, in order; a batch's inner
   * requests too (one part 500 while the others answer), and `/batch/gmail/v1` for a batch as a whole.
   */
  fail(path: string, ...faults: Fault[]): void;
  /** Makes every historyId given so far expire: history.list from one answers 404. */
  expireHistory(): void;
  /**
   * Requests made, as `METHOD path?query`, with their Authorization header: a batch is its outer
   * `POST /batch/gmail/v1`, then each inner request (`inBatch`), with the outer Authorization; `at`:
   * when it came, by the server's clock.
   */
  requests: { line: string; authorization: string | undefined; inBatch: boolean; at: number }[];
  /** The rep's calendar, served beside Gmail under /calendar/v3 (tests/google/fake-calendar.ts). */
  calendar: FakeCalendar;
  /** Tokens revoked at `POST /revoke`, as Google's OAuth endpoint takes them. */
  revoked: string[];
  close(): Promise<void>;
}

/** An answer, before it is written: to the socket, or into a batch answer's part. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface InnerRequest {
  method: string;
  url: URL;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** Google's limit: a batch of more than 100 calls is refused whole. */
const MAX_BATCH_PARTS = 100;

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

export async function startFakeGoogleServer({ account = 'sam@emberseller.com' } = {}): Promise<FakeGoogleServer> {
  const messages = new Map<string, { mail: FakeMail; historyId: number; reshape?: (message: Message) => Message }>();
  let historyId = 1_000;
  let expiredBefore = 0;
  let sequence = 0;
  const faults = new Map<string, Fault[]>();
  const requests: FakeGoogleServer['requests'] = [];
  const revoked: string[] = [];
  const calendar = createFakeCalendar({ account });

  const message = (id: string): Message | undefined => {
    const stored = messages.get(id);
    if (!stored) return undefined;
    const { mail, reshape = (built: Message) => built } = stored;
    return reshape({
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
    });
  };

  const matches = (query: string, mail: FakeMail) => {
    const after = /after:(\d+)/.exec(query);
    if (after) return mail.at >= Number(after[1]) * 1000;
    const everyone = [mail.from, ...mail.to, ...(mail.cc ?? [])];
    return [...query.matchAll(/(?:from|to|cc):([^\s}]+)/g)].some((term) => everyone.includes(term[1]!));
  };

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
    body: JSON.stringify(body),
  });
  const notFound = {
    error: { code: 404, message: 'Requested entity was not found.', errors: [{ reason: 'notFound' }] },
  };
  const badRequest = (message: string) =>
    json(400, { error: { code: 400, message, errors: [{ reason: 'badRequest' }] } });

  /** One request, direct or batched: recorded, then a queued fault, else Gmail's answer. */
  const route = (request: InnerRequest, inBatch: boolean): Answer => {
    const { url } = request;
    if (url.pathname === '/revoke' && !inBatch) {
      // Google's revoke endpoint needs no bearer token: the form names the token revoked.
      const token = new URLSearchParams(request.body).get('token');
      if (!token) return badRequest('no token');
      revoked.push(token);
      return json(200, {});
    }
    requests.push({
      line: `${request.method} ${url.pathname}${url.search}`,
      authorization: request.authorization,
      inBatch,
      at: Date.now(),
    });
    for (const [path, queued] of faults) {
      if (url.pathname.startsWith(path) && queued.length > 0) {
        const fault = queued.shift()!;
        return json(fault.status, fault.body ?? {}, fault.headers);
      }
    }
    if (request.authorization?.startsWith('Bearer ') !== true) {
      return json(401, { error: { code: 401, message: 'Login Required.' } });
    }
    const calendarAnswer = calendar.handle(request.method, url, request.body);
    if (calendarAnswer) return json(calendarAnswer.status, calendarAnswer.body, calendarAnswer.headers);
    if (url.pathname === '/batch/gmail/v1') {
      if (inBatch) return badRequest('Nested batch requests are not allowed.');
      return request.method === 'POST' ? batch(request) : badRequest('A batch request is a POST.');
    }
    const user = '/gmail/v1/users/me';
    if (url.pathname === `${user}/profile`) {
      const profile: Profile = { emailAddress: account, historyId: String(historyId), messagesTotal: messages.size };
      return json(200, profile);
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
      return json(200, page);
    }
    const get = new RegExp(`^${user}/messages/([0-9a-f]+)$`).exec(url.pathname);
    if (get) {
      const found = message(get[1]!);
      return found ? json(200, found) : json(404, notFound);
    }
    if (url.pathname === `${user}/history`) {
      const start = Number(url.searchParams.get('startHistoryId'));
      if (start < expiredBefore) return json(404, notFound);
      const added = [...messages.entries()].filter(([, stored]) => stored.historyId > start);
      const page: ListHistoryResponse = {
        history: added.map(([id, stored]) => ({
          id: String(stored.historyId),
          messagesAdded: [{ message: { id, threadId: id } }],
        })),
        historyId: String(historyId),
      };
      return json(200, page);
    }
    return json(404, notFound);
  };

  /** Google's batch endpoint: each part an HTTP request of its own, answered in a part of the answer. */
  const batch = (outer: InnerRequest): Answer => {
    const parts = multipartParts(outer.contentType ?? '', outer.body);
    if (!parts) return badRequest('Invalid multipart request.');
    if (parts.length > MAX_BATCH_PARTS) return badRequest(`A batch holds at most ${MAX_BATCH_PARTS} requests.`);
    const answered = parts.map((part) => {
      const inner = innerRequest(part.content);
      const answer = inner
        ? route(
            {
              ...inner,
              url: new URL(inner.target, 'http://127.0.0.1'),
              authorization: inner.headers.authorization ?? outer.authorization,
              contentType: inner.headers['content-type'],
            },
            true,
          )
        : badRequest('Invalid inner request.');
      return { contentId: part.headers['content-id'], answer };
    });
    const boundary = `batch_${randomUUID().replace(/-/g, '')}`;
    const body = answered
      .reverse()
      .map(({ contentId, answer }) =>
        [
          `--${boundary}`,
          'Content-Type: application/http',
          ...(contentId === undefined ? [] : [`Content-ID: <response-${contentId.replace(/^<(.*)>$/, '$1')}>`]),
          '',
          `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`,
          ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`),
          '',
          answer.body,
          '',
        ].join('\r\n'),
      )
      .join('');
    return {
      status: 200,
      headers: { 'content-type': `multipart/mixed; boundary=${boundary}` },
      body: `${body}--${boundary}--\r\n`,
    };
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    // Ember's background calls from its extension origin: CORS answered as Google's APIs answer it.
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-allow-headers', 'authorization, content-type');
    response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    response.setHeader('access-control-expose-headers', 'retry-after');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = route(
        {
          method: request.method ?? 'GET',
          url: new URL(request.url ?? '/', 'http://127.0.0.1'),
          authorization: request.headers.authorization,
          contentType: request.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        },
        false,
      );
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    deliver(mail, { reshape } = {}) {
      sequence += 1;
      const id = ((BigInt(mail.at) << 20n) | BigInt(sequence)).toString(16);
      historyId += 1;
      messages.set(id, { mail, historyId, ...(reshape ? { reshape } : {}) });
      return id;
    },
    fail(path, ...queued) {
      faults.set(path, [...(faults.get(path) ?? []), ...queued]);
    },
    expireHistory() {
      expiredBefore = historyId + 1;
    },
    requests,
    calendar,
    revoked,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser keeps its connections alive: they would hold the close open.
        server.closeAllConnections();
      }),
  };
}

/** Header lines up to the first empty one, as a record with lower-case names. */
function headerLines(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    lines.flatMap((line) => {
      const colon = line.indexOf(':');
      return colon > 0 ? [[line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]] : [];
    }),
  );
}

/** A multipart/mixed body's parts (headers, and content with LF line breaks); null when it is not one. */
function multipartParts(
  contentType: string,
  body: string,
): { headers: Record<string, string>; content: string }[] | null {
  const boundary = /^multipart\/mixed;.*\bboundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return null;
  const parts: string[][] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    if (line.trimEnd() === `--${boundary}--`) break;
    if (line.trimEnd() === `--${boundary}`) parts.push((current = []));
    else current?.push(line);
  }
  if (parts.length === 0) return null;
  return parts.map((lines) => {
    const blank = lines.indexOf('');
    const head = blank === -1 ? lines : lines.slice(0, blank);
    return { headers: headerLines(head), content: blank === -1 ? '' : lines.slice(blank + 1).join('\n') };
  });
}

/** `GET /path?query [HTTP/1.1]`, headers, blank line, body: an application/http part. */
function innerRequest(content: string) {
  const lines = content.split('\n');
  const line = /^([A-Z]+) (\/\S*)(?: HTTP\/\d(?:\.\d)?)?$/.exec(lines[0] ?? '');
  if (!line) return null;
  const blank = lines.indexOf('', 1);
  return {
    method: line[1]!,
    target: line[2]!,
    headers: headerLines(lines.slice(1, blank === -1 ? undefined : blank)),
    body: blank === -1 ? '' : lines.slice(blank + 1).join('\n'),
  };
}
