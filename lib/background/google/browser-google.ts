import type { BackgroundDeps } from '../background';
import { browserGoogleAuth, type IdentityApi, type TokenCache } from './browser-auth';
import { createGoogleApi } from './google-api';
import type { GoogleConnectionStore } from './google-sync';

/** Google's API hosts: Gmail's own, and the general one Calendar lives on. */
export const GOOGLE_API_BASE = { gmail: 'https://gmail.googleapis.com/', calendar: 'https://www.googleapis.com/' };

export interface BrowserGoogleOptions {
  /** The OAuth client id the build was given (WXT_GOOGLE_CLIENT_ID); empty: Google cannot be connected. */
  clientId: string;
  /** The client the web sign-in uses (a "Web application" one, redirecting to chromiumapp.org); empty: `clientId`. */
  webClientId: string;
  /** chrome.identity; absent when the manifest has no `identity` permission. */
  identity: IdentityApi | undefined;
  cache: TokenCache;
  connections: GoogleConnectionStore;
  fetch: typeof fetch;
  log(message: string): void;
}

/** The Google sync's browser side, for entrypoints/background.ts. */
export function browserGoogle(options: BrowserGoogleOptions): NonNullable<BackgroundDeps['google']> {
  const { identity } = options;
  const clock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((done) => setTimeout(done, ms)) };
  return {
    available: () => options.clientId !== '' && identity !== undefined,
    connections: options.connections,
    auth: browserGoogleAuth({
      clientId: options.webClientId || options.clientId,
      // Never called when unavailable (GoogleSync refuses to connect first).
      identity: identity ?? {
        launchWebAuthFlow: () => Promise.reject(new Error('no identity API')),
        getRedirectURL: () => '',
      },
      cache: options.cache,
      fetch: options.fetch,
      now: () => Date.now(),
      randomState: () => crypto.randomUUID(),
    }),
    api: (tokens) =>
      createGoogleApi({ fetch: options.fetch, tokens, clock, random: Math.random, baseUrl: GOOGLE_API_BASE }),
    log: (line) => options.log(line),
  };
}
