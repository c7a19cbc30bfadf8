import { describe, expect, test } from 'vitest';
import {
  AuthRedirectError,
  authUrl,
  GOOGLE_SCOPES,
  readAuthRedirect,
  revokeRequest,
} from '@/lib/background/google/web-auth';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const expected = { redirectUri: REDIRECT, state: 's-123' };
const granted = `${REDIRECT}#state=s-123&access_token=ya29.x&token_type=Bearer&expires_in=3599&scope=${encodeURIComponent(GOOGLE_SCOPES.join(' '))}`;

describe("Google's sign-in through launchWebAuthFlow", () => {
  test('the URL asks for a token for the read-only scopes, for this account, and no page when not interactive', () => {
    const url = new URL(
      authUrl({
        clientId: 'cid.apps.googleusercontent.com',
        redirectUri: REDIRECT,
        state: 's-123',
        loginHint: 'sam@emberseller.com',
        interactive: false,
      }),
    );
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid.apps.googleusercontent.com',
      redirect_uri: REDIRECT,
      response_type: 'token',
      scope: GOOGLE_SCOPES.join(' '),
      state: 's-123',
      include_granted_scopes: 'true',
      login_hint: 'sam@emberseller.com',
      prompt: 'none',
    });
    expect(
      new URL(authUrl({ clientId: 'c', redirectUri: REDIRECT, state: 's', interactive: true })).searchParams.has(
        'prompt',
      ),
    ).toBe(false);
  });

  test('reads the token and when it expires from the redirect', () => {
    expect(readAuthRedirect(granted, expected, NOW)).toEqual({
      accessToken: 'ya29.x',
      expiresAt: NOW + 3_599_000,
      scopes: [...GOOGLE_SCOPES],
    });
  });

  test.each([
    ['another state', granted.replace('state=s-123', 'state=forged'), 'the sign-in answer is not for this request'],
    [
      'another redirect',
      granted.replace(REDIRECT, 'https://evil.example/'),
      'Google redirected elsewhere than Ember (https://evil.example)',
    ],
    ['declined', `${REDIRECT}#state=s-123&error=access_denied`, 'you declined access in Google’s sign-in'],
    ['sign-in needed', `${REDIRECT}?state=s-123&error=interaction_required`, 'Google needs you to sign in again'],
    [
      'a scope left out',
      granted.replace(encodeURIComponent(' https://www.googleapis.com/auth/calendar.freebusy'), ''),
      'access was granted without https://www.googleapis.com/auth/calendar.freebusy',
    ],
    ['no token', `${REDIRECT}#state=s-123`, 'Google sent no access token'],
    ['not a URL', 'nope', 'Google sent back something that is not a URL'],
  ])('%s is refused with the reason', (_case, redirect, reason) => {
    expect(() => readAuthRedirect(redirect, expected, NOW)).toThrow(new AuthRedirectError(reason));
  });

  test('Disconnect revokes the token with a form POST', () => {
    expect(revokeRequest('ya29.x')).toEqual({
      url: 'https://oauth2.googleapis.com/revoke',
      init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=ya29.x' },
    });
  });
});
