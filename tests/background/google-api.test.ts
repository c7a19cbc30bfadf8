import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parseMultipart } from '@/lib/background/google/batch-format';
import {
  GoogleApiError,
  MAX_BATCH,
  ReconnectNeededError,
  type GoogleRequest,
} from '@/lib/background/google/google-api';
import { MAX_ATTEMPTS, PACED_WINDOW_MS } from '@/lib/background/google/pacing';
import { virtualGoogleApi } from '../google/virtual-google';

/** A fetch that answers from a script, recording what it was asked. */
function harness(answers: (() => Response)[]) {
  const requests: { url: string; authorization: string | null; contentType?: string; body?: string }[] = [];
  const google = virtualGoogleApi(async (input, init) => {
    const headers = new Headers(init?.headers);
    requests.push({
      url: input instanceof Request ? input.url : input.toString(),
      authorization: headers.get('authorization'),
      ...(typeof init?.body === 'string' ? { contentType: headers.get('content-type') ?? '', body: init.body } : {}),
    });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers scripted');
    return answer();
  }, 'https://gmail.test/');
  return { ...google, requests };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const profile = z.object({ emailAddress: z.string(), historyId: z.string() });
const getProfile = {
  api: 'gmail',
  method: 'getProfile',
  path: 'gmail/v1/users/me/profile',
  schema: profile,
} as const;

/** A batch answer as Google writes it: each part an HTTP response named `response-<request's id>`. */
const batchAnswer =
  (parts: { id: string; status: number; body: unknown; headers?: Record<string, string> }[]) => () => {
    const boundary = 'batch_answer';
    const text = parts
      .map((part) =>
        [
          `--${boundary}`,
          'Content-Type: application/http',
          `Content-ID: <response-${part.id}>`,
          '',
          `HTTP/1.1 ${part.status} Whatever`,
          'Content-Type: application/json; charset=UTF-8',
          ...Object.entries(part.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
          '',
          typeof part.body === 'string' ? part.body : JSON.stringify(part.body),
          '',
        ].join('\r\n'),
      )
      .join('');
    return new Response(`${text}--${boundary}--\r\n`, {
      status: 200,
      headers: { 'content-type': `multipart/mixed; boundary=${boundary}` },
    });
  };

/** What a batch request asked: each part's Content-ID and request line. */
const partsOf = (request: { contentType?: string; body?: string } | undefined) =>
  parseMultipart(request?.contentType ?? null, request?.body ?? '').map(
    (part) => `${part.headers['content-id']} ${part.content.split('\r\n')[0]}`,
  );

const message = z.object({ id: z.string() });
const get = (id: string): GoogleRequest<{ id: string }> => ({
  api: 'gmail',
  method: 'messages.get',
  path: `gmail/v1/users/me/messages/${id}`,
  query: { format: 'full' },
  schema: message,
});
const ok = (id: string) => ({ id: `item-${id}`, status: 200, body: { id } });
const error = (status: number, message: string, reason?: string) => ({
  error: { code: status, message, ...(reason ? { errors: [{ reason }] } : {}) },
});

describe("Google's APIs from the background", () => {
  test('a call carries the token and the query, and its answer is checked', async () => {
    const { api, requests } = harness([json(200, { emailAddress: 'sam@emberseller.com', historyId: '42' })]);
    const answer = await api.call({
      ...getProfile,
      path: 'gmail/v1/users/me/messages',
      method: 'messages.list',
      query: { q: 'from:dana@acme.com', labelIds: ['INBOX', 'SENT'], pageToken: undefined },
    });
    expect(answer).toEqual({ emailAddress: 'sam@emberseller.com', historyId: '42' });
    expect(requests).toEqual([
      {
        url: 'https://gmail.test/gmail/v1/users/me/messages?q=from%3Adana%40acme.com&labelIds=INBOX&labelIds=SENT',
        authorization: 'Bearer token-1',
      },
    ]);
  });

  test('a 401 drops the token and retries once with a new one; a second 401 asks the rep to reconnect', async () => {
    const once = harness([json(401, {}), json(200, { emailAddress: 'a@b.c', historyId: '1' })]);
    await once.api.call(getProfile);
    expect([once.dropped, once.requests.map((r) => r.authorization)]).toEqual([
      ['token-1'],
      ['Bearer token-1', 'Bearer token-2'],
    ]);
    const twice = harness([json(401, {}), json(401, {})]);
    await expect(twice.api.call(getProfile)).rejects.toThrow(ReconnectNeededError);
  });

  test('429 with Retry-After, then 500, then success: waits as asked, then with jitter', async () => {
    const { api, sleeps, requests } = harness([
      json(429, { error: { message: 'slow down' } }, { 'retry-after': '7' }),
      json(500, { error: { message: 'backend' } }),
      json(200, { emailAddress: 'a@b.c', historyId: '1' }),
    ]);
    await api.call(getProfile);
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([7_000, 1_000]);
  });

  test('403 userRateLimitExceeded is retried; 403 insufficientPermissions is not', async () => {
    const limited = harness([
      json(403, { error: { errors: [{ reason: 'userRateLimitExceeded' }] } }),
      json(200, { emailAddress: 'a@b.c', historyId: '1' }),
    ]);
    await limited.api.call(getProfile);
    const forbidden = harness([
      json(403, { error: { message: 'no', errors: [{ reason: 'insufficientPermissions' }] } }),
    ]);
    const error = await forbidden.api.call(getProfile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({ status: 403, reasons: ['insufficientPermissions'], message: 'getProfile: no' });
  });

  test("a 404 is the caller's (an expired history id means a resync): no retry", async () => {
    const { api, requests } = harness([json(404, { error: { message: 'Requested entity was not found.' } })]);
    await expect(api.call(getProfile)).rejects.toMatchObject({ status: 404 });
    expect(requests).toHaveLength(1);
  });

  test('an answer of the wrong shape is an error naming where', async () => {
    const { api } = harness([json(200, { emailAddress: 7 })]);
    await expect(api.call(getProfile)).rejects.toThrow('getProfile: unexpected answer at emailAddress');
  });

  describe('a batch', () => {
    test('is one multipart POST to the batch endpoint; answers come back in the order asked, whatever order they came in', async () => {
      const { api, requests } = harness([
        batchAnswer([
          { id: 'item-3', status: 200, body: '<html>not JSON</html>' },
          { id: 'item-1', status: 404, body: error(404, 'Requested entity was not found.', 'notFound') },
          { id: 'item-2', status: 200, body: { id: 7 } },
          ok('0'),
        ]),
      ]);
      const results = await api.batch(['0', '1', '2', '3'].map(get));
      expect(results[0]).toEqual({ ok: true, value: { id: '0' } });
      expect(results.slice(1).every((result) => !result.ok && result.error instanceof GoogleApiError)).toBe(true);
      expect(results.map((result) => (result.ok ? null : [result.error.status, result.error.message]))).toEqual([
        null,
        [404, 'messages.get: Requested entity was not found.'],
        [200, 'messages.get: unexpected answer at id: Invalid input: expected string, received number'],
        [200, 'messages.get: the answer is not JSON'],
      ]);
      expect(requests).toHaveLength(1);
      expect([requests[0]?.url, requests[0]?.authorization]).toEqual([
        'https://gmail.test/batch/gmail/v1',
        'Bearer token-1',
      ]);
      expect(requests[0]?.contentType).toMatch(/^multipart\/mixed; boundary=batch_[0-9a-z]{32}$/);
      expect(partsOf(requests[0])).toEqual(
        [0, 1, 2, 3].map((i) => `<item-${i}> GET /gmail/v1/users/me/messages/${i}?format=full`),
      );
    });

    test('sends again only the parts Google throttled or failed, after the longest Retry-After among them', async () => {
      const { api, requests, sleeps } = harness([
        batchAnswer([
          ok('0'),
          { id: 'item-1', status: 500, body: error(500, 'Backend Error', 'backendError') },
          { id: 'item-2', status: 429, body: error(429, 'Too many'), headers: { 'Retry-After': '7' } },
          {
            id: 'item-3',
            status: 403,
            body: error(403, 'Slow down', 'userRateLimitExceeded'),
            headers: { 'Retry-After': '3' },
          },
          { id: 'item-4', status: 403, body: error(403, 'No', 'insufficientPermissions') },
        ]),
        batchAnswer([ok('3'), ok('2'), { id: 'item-1', status: 503, body: error(503, 'Unavailable') }]),
        batchAnswer([ok('1')]),
      ]);
      const results = await api.batch(['0', '1', '2', '3', '4'].map(get));
      expect(results.map((result) => (result.ok ? result.value.id : result.error.status))).toEqual([
        '0',
        '1',
        '2',
        '3',
        403,
      ]);
      expect(requests.map(partsOf).map((parts) => parts.map((part) => part.split(' ')[0]))).toEqual([
        ['<item-0>', '<item-1>', '<item-2>', '<item-3>', '<item-4>'],
        ['<item-1>', '<item-2>', '<item-3>'],
        ['<item-1>'],
      ]);
      // 7 s as the 429 asked (the jitter would have been 0.5 s); then jitter: half of 2 s.
      expect(sleeps).toEqual([7_000, 1_000]);
    });

    test('a part that keeps failing is an error after the attempts every call gets; the others are answers', async () => {
      const failing = { id: 'item-1', status: 500, body: error(500, 'Backend Error') };
      const { api, requests } = harness([
        batchAnswer([ok('0'), failing]),
        ...Array.from({ length: MAX_ATTEMPTS - 1 }, () => batchAnswer([failing])),
      ]);
      const results = await api.batch(['0', '1'].map(get));
      expect(results[0]).toEqual({ ok: true, value: { id: '0' } });
      expect(results[1]).toMatchObject({ ok: false, error: { status: 500, message: 'messages.get: Backend Error' } });
      expect(requests).toHaveLength(MAX_ATTEMPTS);
    });

    test('a part Google left unanswered is sent again', async () => {
      const { api, requests } = harness([batchAnswer([ok('1')]), batchAnswer([ok('0')])]);
      expect(await api.batch(['0', '1'].map(get))).toEqual([
        { ok: true, value: { id: '0' } },
        { ok: true, value: { id: '1' } },
      ]);
      expect(partsOf(requests[1])).toEqual(['<item-0> GET /gmail/v1/users/me/messages/0?format=full']);
    });

    test('a 401, for the whole batch or for parts, drops the token and sends again with a new one; twice asks to reconnect', async () => {
      const whole = harness([json(401, {}), batchAnswer([ok('0'), ok('1')])]);
      expect(await whole.api.batch(['0', '1'].map(get))).toHaveLength(2);
      expect([whole.dropped, whole.requests.map((r) => [r.authorization, partsOf(r).length])]).toEqual([
        ['token-1'],
        [
          ['Bearer token-1', 2],
          ['Bearer token-2', 2],
        ],
      ]);
      expect(whole.sleeps).toEqual([]);

      const parts = harness([
        batchAnswer([ok('0'), { id: 'item-1', status: 401, body: error(401, 'Invalid Credentials') }]),
        batchAnswer([ok('1')]),
      ]);
      expect((await parts.api.batch(['0', '1'].map(get))).every((result) => result.ok)).toBe(true);
      expect(parts.dropped).toEqual(['token-1']);
      expect(parts.requests.map((r) => [r.authorization, partsOf(r).length])).toEqual([
        ['Bearer token-1', 2],
        ['Bearer token-2', 1],
      ]);

      const twice = harness([json(401, {}), batchAnswer([{ id: 'item-0', status: 401, body: {} }])]);
      await expect(twice.api.batch([get('0')])).rejects.toThrow(ReconnectNeededError);
    });

    test('a throttled or failed batch request is sent again whole, with backoff; another failure is thrown', async () => {
      const throttled = harness([
        json(429, error(429, 'Too many'), { 'retry-after': '4' }),
        json(502, error(502, 'Bad Gateway')),
        batchAnswer([ok('0')]),
      ]);
      expect(await throttled.api.batch([get('0')])).toEqual([{ ok: true, value: { id: '0' } }]);
      expect(throttled.sleeps).toEqual([4_000, 1_000]);
      const refused = harness([json(400, error(400, 'Invalid multipart request.'))]);
      await expect(refused.api.batch([get('0')])).rejects.toMatchObject({
        status: 400,
        message: 'batch: Invalid multipart request.',
      });
      const unreadable = harness([json(200, { id: '0' })]);
      await expect(unreadable.api.batch([get('0')])).rejects.toThrow(
        'batch: unreadable answer: not a multipart answer',
      );
    });

    test(`holds at most ${MAX_BATCH} calls of one API; none is not a request`, async () => {
      const { api, requests } = harness([]);
      await expect(api.batch(Array.from({ length: MAX_BATCH + 1 }, (_, i) => get(String(i))))).rejects.toThrow(
        RangeError,
      );
      await expect(api.batch([get('0'), { ...get('1'), api: 'calendar' }])).rejects.toThrow(RangeError);
      await expect(api.batch([get('0'), { ...get('1'), path: 'calendar/v3/x' }])).rejects.toThrow(RangeError);
      expect(await api.batch([])).toEqual([]);
      expect(requests).toEqual([]);
    });

    test('takes quota for all its calls: 50 messages.get are 250 units, the whole of a paced window', async () => {
      const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i));
      const full = harness([batchAnswer(ids(50).map(ok)), json(200, { emailAddress: 'a@b.c', historyId: '1' })]);
      await full.api.batch(ids(50).map(get));
      expect(full.sleeps).toEqual([]);
      // Even a 1-unit call waits for the batch's window (a second and its margin) to pass.
      await full.api.call(getProfile);
      expect(full.sleeps).toEqual([PACED_WINDOW_MS]);

      const almost = harness([batchAnswer(ids(49).map(ok)), batchAnswer([ok('0')])]);
      await almost.api.batch(ids(49).map(get));
      await almost.api.batch([get('0')]);
      expect(almost.sleeps).toEqual([]);
    });

    test('a resend takes quota for the parts it sends again', async () => {
      const ids = Array.from({ length: 50 }, (_, i) => String(i));
      const { api, sleeps, now } = harness([
        batchAnswer([...ids.slice(1).map(ok), { id: 'item-0', status: 500, body: error(500, 'Backend Error') }]),
        batchAnswer([ok('0')]),
      ]);
      const start = now();
      await api.batch(ids.map(get));
      // The backoff (0.5 s) is not enough: the resent part's 5 units wait for the first 250 to age out.
      expect(sleeps).toEqual([500, PACED_WINDOW_MS - 500]);
      expect(now() - start).toBe(PACED_WINDOW_MS);
    });
  });
});
