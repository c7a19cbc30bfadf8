import { createGoogleApi, type GoogleApiDeps } from '@/lib/background/google/google-api';

/**
 * createGoogleApi with a token source that hands out token-1, token-2, … (a new one after each
 * refusal) and a clock that moves only when something sleeps on it, so backoff costs no time.
 */
export function virtualGoogleApi(fetch: GoogleApiDeps['fetch'], baseUrl: string) {
  let now = Date.parse('2026-12-01T12:00:00Z');
  const sleeps: number[] = [];
  const dropped: string[] = [];
  let tokenNumber = 1;
  const api = createGoogleApi({
    fetch,
    tokens: {
      get: async () => `token-${tokenNumber}`,
      drop: async (token) => {
        dropped.push(token);
        tokenNumber += 1;
      },
    },
    clock: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    random: () => 0.5,
    baseUrl: { gmail: baseUrl, calendar: baseUrl },
  });
  return { api, sleeps, dropped, now: () => now };
}
