/**
 * Google sign-in where chrome.identity.getAuthToken is missing (Edge, Brave): the OAuth 2.0
 * implicit flow through chrome.identity.launchWebAuthFlow, whose redirect comes back to
 * https://<extension id>.chromiumapp.org/. Building the URL and reading the redirect are pure, so
 * both are tested; the browser call itself is one line in the adapter.
 * (https://developers.google.com/identity/protocols/oauth2/javascript-implicit-flow)
 */

export const GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_REVOKE_URL = 'https://oauth2.googleapis.com/revoke';

/** What Ember reads of the rep's mail and calendar: nothing it could change. */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/gmail.readonly',
  'https://www.googleapis.com/auth/calendar.events.readonly',
  'https://www.googleapis.com/auth/calendar.freebusy',
] as const;

export interface AuthRequest {
  clientId: string;
  redirectUri: string;
  /** A fresh random value; the redirect must carry it back. */
  state: string;
  /** The Gmail account to sign in as (u/0's address): Google preselects it. */
  loginHint?: string;
  interactive: boolean;
}

export function authUrl(request: AuthRequest): string {
  const url = new URL(GOOGLE_AUTH_URL);
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('response_type', 'token');
  url.searchParams.set('scope', GOOGLE_SCOPES.join(' '));
  url.searchParams.set('state', request.state);
  url.searchParams.set('include_granted_scopes', 'true');
  if (request.loginHint) url.searchParams.set('login_hint', request.loginHint);
  // Without the rep there, Google must not show a page: it answers with an error instead.
  if (!request.interactive) url.searchParams.set('prompt', 'none');
  return url.toString();
}

export interface GrantedToken {
  accessToken: string;
  /** When it stops working, in ms since the epoch. */
  expiresAt: number;
  scopes: string[];
}

export class AuthRedirectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthRedirectError';
  }
}

/** Reads the token from the redirect, checking it answers this request and grants every scope asked. */
export function readAuthRedirect(
  redirect: string,
  expected: { redirectUri: string; state: string },
  now: number,
): GrantedToken {
  let url: URL;
  try {
    url = new URL(redirect);
  } catch {
    throw new AuthRedirectError('Google sent back something that is not a URL');
  }
  if (!redirect.startsWith(expected.redirectUri)) {
    throw new AuthRedirectError(`Google redirected elsewhere than Ember (${url.origin})`);
  }
  // The implicit flow answers in the fragment; errors may come in the query.
  const answer = new URLSearchParams(url.hash.replace(/^#/, '') || url.search.replace(/^\?/, ''));
  if (answer.get('state') !== expected.state) throw new AuthRedirectError('the sign-in answer is not for this request');
  const error = answer.get('error');
  if (error) {
    throw new AuthRedirectError(
      error === 'access_denied'
        ? 'you declined access in Google’s sign-in'
        : error === 'interaction_required' || error === 'login_required' || error === 'consent_required'
          ? 'Google needs you to sign in again'
          : `Google's sign-in failed: ${error}`,
    );
  }
  const accessToken = answer.get('access_token');
  if (!accessToken) throw new AuthRedirectError('Google sent no access token');
  const scopes = (answer.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const missing = GOOGLE_SCOPES.filter((scope) => !scopes.includes(scope));
  if (missing.length > 0) throw new AuthRedirectError(`access was granted without ${missing.join(', ')}`);
  const seconds = Number(answer.get('expires_in') ?? 3600);
  return { accessToken, expiresAt: now + (Number.isFinite(seconds) ? seconds : 3600) * 1000, scopes };
}

/** The request that revokes a token at Google (Disconnect). */
export function revokeRequest(token: string): { url: string; init: RequestInit } {
  return {
    url: GOOGLE_REVOKE_URL,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    },
  };
}
