import { describe, expect, test } from 'vitest';
import { browserGoogleAuth, getAuthTokenUnsupported, type IdentityApi } from '@/lib/background/google/browser-auth';
import { TokenUnavailableError } from '@/lib/background/google/google-sync';
import { GOOGLE_SCOPES, type GrantedToken } from '@/lib/background/google/web-auth';
import { startFakeGoogleServer } from '../google/fake-google-server';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';
const CLIENT = '1234-abc.apps.googleusercontent.com';
const NOW = Date.parse('2026-12-01T12:00:00Z');

/** chrome.identity as a browser would answer, with every call kept. */
function fakeIdentity(options: { getAuthToken?: 'works' | 'unsupported' | 'declined' | 'missing' } = {}) {
  const calls: { method: string; details: unknown }[] = [];
  let issued = 0;
  const identity: IdentityApi = {
    launchWebAuthFlow: async (details) => {
      calls.push({ method: 'launchWebAuthFlow', details });
      const url = new URL(details.url);
      issued += 1;
      const answer = new URLSearchParams({
        access_token: `web-${issued}`,
        state: url.searchParams.get('state') ?? '',
        scope: GOOGLE_SCOPES.join(' '),
        expires_in: '3600',
      });
      return `${REDIRECT}#${answer.toString()}`;
    },
    getRedirectURL: () => REDIRECT,
    removeCachedAuthToken: async (details) => {
      calls.push({ method: 'removeCachedAuthToken', details });
    },
  };
  const mode = options.getAuthToken ?? 'works';
  if (mode !== 'missing') {
    identity.getAuthToken = async (details) => {
      calls.push({ method: 'getAuthToken', details });
      if (mode === 'unsupported') throw new Error('This API is not supported on Microsoft Edge.');
      if (mode === 'declined') throw new Error('The user did not approve access.');
      return { token: 'chrome-token' };
    };
  }
  return { identity, calls };
}

function setup(options: Parameters<typeof fakeIdentity>[0] = {}) {
  const { identity, calls } = fakeIdentity(options);
  const cache = new Map<string, GrantedToken>();
  const revoked: { url: string; body: string }[] = [];
  let now = NOW;
  let revokeStatus = 200;
  const auth = browserGoogleAuth({
    clientId: CLIENT,
    identity,
    cache: {
      get: async (account) => cache.get(account) ?? null,
      set: async (account, token) => {
        if (token) cache.set(account, token);
        else cache.delete(account);
      },
    },
    fetch: async (input, init) => {
      revoked.push({ url: input instanceof Request ? input.url : input.toString(), body: JSON.stringify(init?.body) });
      return new Response(null, { status: revokeStatus });
    },
    now: () => now,
    randomState: () => 'state-1',
    revokeUrl: 'http://127.0.0.1:1/revoke',
  });
  return {
    auth,
    calls,
    cache,
    revoked,
    advance: (ms: number) => (now += ms),
    revokeAnswers: (status: number) => (revokeStatus = status),
  };
}

describe('connecting Google in the browser', () => {
  test("Chrome: getAuthToken with the read-only scopes, and the sync's tokens come from it without the rep", async () => {
    const { auth, calls } = setup();
    const { via, tokens } = await auth.connect();
    expect(via).toBe('identity');
    expect(await tokens.get({ interactive: false })).toBe('chrome-token');
    expect(calls.map((call) => call.details)).toEqual([
      { interactive: true, scopes: [...GOOGLE_SCOPES] },
      { interactive: false, scopes: [...GOOGLE_SCOPES] },
    ]);
    await tokens.drop('chrome-token');
    expect(calls.at(-1)).toEqual({ method: 'removeCachedAuthToken', details: { token: 'chrome-token' } });
  });

  test.each(['unsupported', 'missing'] as const)(
    'where getAuthToken is %s (Edge, Brave), the web sign-in is used',
    async (getAuthToken) => {
      const { auth, calls } = setup({ getAuthToken });
      const { via, tokens } = await auth.connect();
      expect(via).toBe('web-auth');
      expect(await tokens.get({ interactive: false })).toBe('web-1');
      const launch = calls.find((call) => call.method === 'launchWebAuthFlow')!.details as { url: string };
      const url = new URL(launch.url);
      expect(url.searchParams.get('client_id')).toBe(CLIENT);
      expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
      expect(url.searchParams.get('scope')).toBe(GOOGLE_SCOPES.join(' '));
      expect(url.searchParams.has('prompt')).toBe(false);
    },
  );

  test('a rep who says no gets the refusal, not a second sign-in window', async () => {
    const { auth, calls } = setup({ getAuthToken: 'declined' });
    await expect(auth.connect()).rejects.toThrow('The user did not approve access.');
    expect(calls.map((call) => call.method)).toEqual(['getAuthToken']);
  });

  test.each([
    ['This API is not supported on Microsoft Edge.', true],
    ['chrome.identity.getAuthToken is not a function', true],
    ['The user did not approve access.', false],
    ['OAuth2 not granted or revoked.', false],
  ])('getAuthTokenUnsupported(%j) is %s', (message, unsupported) => {
    expect(getAuthTokenUnsupported(new Error(message))).toBe(unsupported);
  });

  test('web sign-in tokens are cached per account, fetched again silently near expiry, and dropped when refused', async () => {
    const { auth, calls, cache, advance } = setup({ getAuthToken: 'missing' });
    const tokens = auth.tokens({ account: 'sam@emberseller.com', via: 'web-auth' });
    expect(await tokens.get({ interactive: false })).toBe('web-1');
    expect(await tokens.get({ interactive: false })).toBe('web-1');
    const silent = new URL((calls[0]!.details as { url: string }).url);
    expect(silent.searchParams.get('prompt')).toBe('none');
    expect(silent.searchParams.get('login_hint')).toBe('sam@emberseller.com');
    advance(3_600_000 - 30_000);
    expect(await tokens.get({ interactive: false })).toBe('web-2');
    await tokens.drop('web-2');
    expect(cache.has('sam@emberseller.com')).toBe(false);
  });

  test('a silent sign-in that fails means reconnect', async () => {
    const { identity } = fakeIdentity({ getAuthToken: 'missing' });
    const auth = browserGoogleAuth({
      clientId: CLIENT,
      identity: { ...identity, launchWebAuthFlow: () => Promise.reject(new Error('User interaction required.')) },
      cache: { get: async () => null, set: async () => {} },
      fetch: () => Promise.reject(new Error('no network in this test')),
      now: () => NOW,
      randomState: () => 'state-1',
    });
    await expect(
      auth.tokens({ account: 'sam@emberseller.com', via: 'web-auth' }).get({ interactive: false }),
    ).rejects.toThrow(TokenUnavailableError);
  });

  test('disconnecting revokes the token at Google and forgets it; a token Google already dropped (400) is fine', async () => {
    const chrome = setup();
    await chrome.auth.revoke({ account: 'sam@emberseller.com', via: 'identity', connectedAt: NOW });
    expect(chrome.revoked).toEqual([{ url: 'http://127.0.0.1:1/revoke', body: JSON.stringify('token=chrome-token') }]);
    expect(chrome.calls.filter((call) => call.method === 'removeCachedAuthToken')).toHaveLength(1);

    const web = setup({ getAuthToken: 'missing' });
    await web.auth.tokens({ account: 'sam@emberseller.com', via: 'web-auth' }).get({ interactive: false });
    web.revokeAnswers(400);
    await web.auth.revoke({ account: 'sam@emberseller.com', via: 'web-auth', connectedAt: NOW });
    expect(web.revoked).toEqual([{ url: 'http://127.0.0.1:1/revoke', body: JSON.stringify('token=web-1') }]);
    expect(web.cache.size).toBe(0);

    web.revokeAnswers(500);
    await web.auth.tokens({ account: 'sam@emberseller.com', via: 'web-auth' }).get({ interactive: false });
    await expect(
      web.auth.revoke({ account: 'sam@emberseller.com', via: 'web-auth', connectedAt: NOW }),
    ).rejects.toThrow("Google's revoke answered 500");
  });
});

describe('revocation, against the fake Google', () => {
  test("the token goes to Google's revoke endpoint as a form, and the fake takes it", async () => {
    const server = await startFakeGoogleServer();
    try {
      const { identity } = fakeIdentity();
      const auth = browserGoogleAuth({
        clientId: CLIENT,
        identity,
        cache: { get: async () => null, set: async () => {} },
        fetch: (input, init) => fetch(input, init),
        now: () => NOW,
        randomState: () => 'state-1',
        revokeUrl: `${server.baseUrl}revoke`,
      });
      await auth.revoke({ account: 'sam@emberseller.com', via: 'identity', connectedAt: NOW });
      expect(server.revoked).toEqual(['chrome-token']);
    } finally {
      await server.close();
    }
  });
});
