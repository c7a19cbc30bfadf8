import type { Page } from 'playwright-core';
import type { Envelope } from '@/lib/messaging/protocol';
import type { SendRequest } from '../helpers/scenario-driver';

/** Requests to the background from an extension page, as its client sends them (@webext-core's format). */
export function requestsFrom(page: Page): { send: SendRequest; setClock: (at: number | string) => Promise<void> } {
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
  return { send, setClock };
}
