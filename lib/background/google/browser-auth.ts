import type { TokenSource } from './google-api';
import type { GoogleAuth, GoogleConnection } from './google-sync';
import { TokenUnavailableError } from './google-sync';
import {
  AuthRedirectError,
  authUrl,
  GOOGLE_SCOPES,
  readAuthRedirect,
  revokeRequest,
  type GrantedToken,
} from './web-auth';

/**
 * Google access tokens in the background, two ways:
 *
 * - Chrome: `chrome.identity.getAuthToken` (the manifest's `oauth2` client; Chrome keeps and
 *   refreshes the token, `removeCachedAuthToken` forgets a refused one);
 * - where that is missing or refuses to work (Edge, Brave): the implicit flow through
 *   `launchWebAuthFlow`, its token kept in `storage.session` (memory only, and not readable by
 *   content scripts), fetched again without the rep (`prompt=none`) when it expires.
 *
 * Passed in as the subset of the identity API it calls, so it tests without a browser.
 */

export interface IdentityApi {
  getAuthToken?: (details: { interactive: boolean; scopes: string[] }) => Promise<{ token?: string | undefined }>;
  removeCachedAuthToken?: (details: { token: string }) => Promise<void>;
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
  getRedirectURL(): string;
}

/** Web-flow tokens by account, in session storage. */
export interface TokenCache {
  get(account: string): Promise<GrantedToken | null>;
  set(account: string, token: GrantedToken | null): Promise<void>;
}

export interface BrowserAuthDeps {
  /** The web sign-in's client id (getAuthToken reads the manifest's own). */
  clientId: string;
  identity: IdentityApi;
  cache: TokenCache;
  fetch: typeof fetch;
  now(): number;
  randomState(): string;
  /** Google's revoke endpoint; the fake's in tests. */
  revokeUrl?: string;
}

/** A web-flow token this close to expiry is fetched again rather than risk a 401 mid-sync. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Whether getAuthToken failed because this browser does not do it (Edge: "not supported on
 * Microsoft Edge"; Brave disables it), rather than because the rep said no.
 */
export function getAuthTokenUnsupported(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /not supported|unsupported|not available|disabled|is not a function/i.test(message);
}

export function browserGoogleAuth(deps: BrowserAuthDeps): GoogleAuth {
  const { identity } = deps;

  const webFlow = async (interactive: boolean, loginHint?: string): Promise<GrantedToken> => {
    const redirectUri = identity.getRedirectURL();
    const state = deps.randomState();
    const url = authUrl({
      clientId: deps.clientId,
      redirectUri,
      state,
      interactive,
      ...(loginHint ? { loginHint } : {}),
    });
    let redirect: string | undefined;
    try {
      redirect = await identity.launchWebAuthFlow({ url, interactive });
    } catch (error) {
      if (!interactive) throw new TokenUnavailableError(error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (!redirect) throw new AuthRedirectError('the sign-in window closed without an answer');
    return readAuthRedirect(redirect, { redirectUri, state }, deps.now());
  };

  const identityTokens: TokenSource = {
    async get({ interactive }) {
      let token: string | undefined;
      try {
        token = (await identity.getAuthToken!({ interactive, scopes: [...GOOGLE_SCOPES] })).token;
      } catch (error) {
        throw new TokenUnavailableError(error instanceof Error ? error.message : String(error));
      }
      if (!token) throw new TokenUnavailableError('Chrome gave no token');
      return token;
    },
    async drop(token) {
      await identity.removeCachedAuthToken?.({ token });
    },
  };

  const webTokens = (account: string): TokenSource => ({
    async get({ interactive }) {
      const cached = await deps.cache.get(account);
      if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > deps.now()) return cached.accessToken;
      const granted = await webFlow(interactive, account);
      await deps.cache.set(account, granted);
      return granted.accessToken;
    },
    async drop(token) {
      const cached = await deps.cache.get(account);
      if (cached?.accessToken === token) await deps.cache.set(account, null);
    },
  });

  const revoke = async (token: string) => {
    const { url, init } = revokeRequest(token);
    const response = await deps.fetch(deps.revokeUrl ?? url, init);
    // 400 is Google's answer for a token already revoked or expired: nothing left to undo.
    if (!response.ok && response.status !== 400) throw new Error(`Google's revoke answered ${response.status}`);
  };

  return {
    async connect() {
      if (identity.getAuthToken) {
        try {
          const { token } = await identity.getAuthToken({ interactive: true, scopes: [...GOOGLE_SCOPES] });
          if (token) return { via: 'identity', tokens: identityTokens };
        } catch (error) {
          if (!getAuthTokenUnsupported(error)) throw error;
        }
      }
      const granted = await webFlow(true);
      // The account is known only once Gmail's profile is read: this token serves that first call.
      return {
        via: 'web-auth',
        tokens: { get: async () => granted.accessToken, drop: async () => {} },
      };
    },
    tokens: (connection: Pick<GoogleConnection, 'account' | 'via'>) =>
      connection.via === 'identity' ? identityTokens : webTokens(connection.account),
    async revoke(connection) {
      if (connection.via === 'identity') {
        const token = await identityTokens.get({ interactive: false }).catch(() => null);
        if (token === null) return;
        await identity.removeCachedAuthToken?.({ token });
        await revoke(token);
        return;
      }
      const cached = await deps.cache.get(connection.account);
      await deps.cache.set(connection.account, null);
      if (cached) await revoke(cached.accessToken);
    },
  };
}
