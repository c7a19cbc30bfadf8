import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { GoogleApiError, ReconnectNeededError } from '@/lib/background/google/google-api';
import { virtualGoogleApi } from '../google/virtual-google';

/** A fetch that answers from a script, recording what it was asked. */
function harness(answers: (() => Response)[]) {
  const requests: { url: string; authorization: string | null }[] = [];
  const google = virtualGoogleApi(async (input, init) => {
    requests.push({
      url: input instanceof Request ? input.url : input.toString(),
      authorization: new Headers(init?.headers).get('authorization'),
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
});
