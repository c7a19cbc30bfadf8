import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { PausedWrite } from '@/lib/background/test-pause';
import type { Envelope, RequestType } from '@/lib/messaging/protocol';
import { retryWhenWorkerStops } from '@/lib/messaging/retry';
import type { SendRequest } from '../helpers/scenario-driver';
import { E2E_EXTENSION_PATH, launchWithExtension, type ExtensionBrowser } from './chromium';

/** A write the e2e build's background is holding inside its open transaction. */
export interface WritePause {
  /** Resolves once the write is held, with what it wrote: the work is then in flight, uncommitted. */
  reached(): Promise<PausedWrite>;
}

/** Requests to the background from an extension page, as its client sends them (@webext-core's format). */
export function requestsFrom(page: Page): {
  send: SendRequest;
  setClock: (at: number | string) => Promise<void>;
  pauseNextWrite: (table: string) => Promise<WritePause>;
} {
  const send: SendRequest = async (type, data) => {
    const response = await page.evaluate(
      ([type, data]) =>
        new Promise<{ res?: Envelope; err?: unknown }>((resolve, reject) =>
          chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }, (answer: { res?: Envelope }) =>
            chrome.runtime.lastError ? reject(new Error(chrome.runtime.lastError.message)) : resolve(answer),
          ),
        ),
      [type, data] as const,
    );
    const envelope = response.res;
    if (!envelope) throw new Error(`${type}: no answer (${JSON.stringify(response.err)})`);
    if (!envelope.ok) throw new Error(`${type}: ${envelope.error.code}: ${envelope.error.message}`);
    return envelope.value as never;
  };
  const setClock = async (at: number | string) => {
    const now = typeof at === 'string' ? Date.parse(at) : at;
    await page.evaluate((value) => chrome.runtime.sendMessage({ type: 'e2e:setClock', now: value }), now);
  };
  /**
   * Arms the e2e build's write pause (lib/background/test-pause.ts): the next write to `table`
   * (a store name) is held inside its transaction. Resolves once armed.
   */
  const pauseNextWrite = async (table: string): Promise<WritePause> => {
    await page.evaluate((table) => chrome.runtime.sendMessage({ type: 'e2e:pauseWrite', table }), table);
    return {
      reached: async () => {
        const answer = await page.evaluate(() =>
          chrome.runtime.sendMessage<unknown, PausedWrite | { error: string }>({ type: 'e2e:writePaused' }),
        );
        if ('error' in answer) throw new Error(answer.error);
        return answer;
      },
    };
  };
  return { send, setClock, pauseNextWrite };
}

/**
 * Sends as Ember's client does, through the real retry policy (lib/messaging/retry.ts), which sees
 * Chrome's own error text. Before each new attempt `beforeRetry` runs: its own requests start the
 * stopped worker again and are answered, which is what the policy's backoff gives Chrome time for,
 * so the attempt waits for that instead.
 */
export function retryingSender(page: Page, beforeRetry: () => Promise<void>) {
  let retries = 0;
  const raw = async (type: RequestType, data: unknown): Promise<Envelope> => {
    const answer = await page.evaluate(
      ([type, data]) =>
        new Promise<{ res?: Envelope; error?: string }>((resolve) =>
          chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }, (response?: { res?: Envelope }) =>
            resolve(chrome.runtime.lastError ? { error: chrome.runtime.lastError.message } : (response ?? {})),
          ),
        ),
      [type, data] as const,
    );
    if (answer.error !== undefined) throw new Error(answer.error);
    if (!answer.res) throw new Error('No response');
    return answer.res;
  };
  const send = retryWhenWorkerStops(raw, async () => {
    retries += 1;
    await beforeRetry();
  });
  return { send: send as (type: RequestType, data: unknown) => Promise<Envelope>, retries: () => retries };
}

/** For a describe block: the e2e build in Chromium with one extension page open, closed after it. */
export function useExtensionPage(): { readonly browser: ExtensionBrowser; readonly page: Page } {
  const session = {} as { browser: ExtensionBrowser; page: Page };
  beforeAll(async () => {
    session.browser = await launchWithExtension(E2E_EXTENSION_PATH);
    session.page = await session.browser.context.newPage();
    await session.page.goto(`chrome-extension://${session.browser.extensionId}/options.html`);
  }, 30_000);
  afterAll(async () => {
    await session.browser?.close();
  });
  return session;
}

/** Stops the extension's service worker through the DevTools protocol, as Chrome stops idle or stuck ones. */
export async function stopServiceWorker({ browser, page }: { browser: ExtensionBrowser; page: Page }): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { type: string; targetId: string; url: string }[];
  };
  const worker = targetInfos.find(
    (target) => target.type === 'service_worker' && target.url.endsWith('/background.js'),
  );
  if (!worker) throw new Error('the extension has no running service worker to stop');
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await cdp.detach();
}
