import { browser } from 'wxt/browser';
import type { BackgroundDeps } from './background';
import { createGoogleApi } from './google/google-api';
import type { GoogleConnectionStore } from './google/google-sync';
import { revokeRequest } from './google/web-auth';

/**
 * Google's APIs for end-to-end tests: `{ type: 'e2e:setGoogle', baseUrl }` from an extension page
 * points the background at a fake Google server (tests/google/fake-google-server.ts) and makes
 * Google "available"; its token provider hands out `e2e-token-1`, then `e2e-token-2` after a
 * refusal. Only `--mode e2e` builds install it, as they do the test clock.
 */
export function installTestGoogle(connections: GoogleConnectionStore): NonNullable<BackgroundDeps['google']> {
  let baseUrl: string | null = null;
  let tokenNumber = 1;
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    const request = message as { type?: unknown; baseUrl?: unknown };
    if (request?.type !== 'e2e:setGoogle' || sender.id !== browser.runtime.id) return false;
    if (typeof request.baseUrl === 'string') baseUrl = request.baseUrl;
    sendResponse({ baseUrl });
    return false;
  });
  const server = () => {
    if (baseUrl === null) throw new Error('e2e: no fake Google server set');
    return baseUrl;
  };
  const tokens = {
    get: async () => `e2e-token-${tokenNumber}`,
    drop: async () => {
      tokenNumber += 1;
    },
  };
  const clock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((done) => setTimeout(done, ms)) };
  return {
    available: () => baseUrl !== null,
    connections,
    auth: {
      connect: async () => ({ via: 'identity', tokens }),
      tokens: () => tokens,
      async revoke() {
        const { init } = revokeRequest(await tokens.get());
        await fetch(new URL('revoke', server()), init);
      },
    },
    api: (source) =>
      createGoogleApi({
        fetch: (input, init) => fetch(input, init),
        tokens: source,
        clock,
        random: Math.random,
        baseUrl: { gmail: server(), calendar: server() },
      }),
    log: (line) => console.info(line),
  };
}
