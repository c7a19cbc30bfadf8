import type { Send } from './client';
import type { RequestType } from './protocol';

/**
 * Requests that have the effect of one when they arrive twice: reads, and writes that set a value
 * or are keyed by what they store (mail by message id). Only these are sent again.
 */
export const IDEMPOTENT_REQUESTS: ReadonlySet<RequestType> = new Set<RequestType>([
  'listAccounts',
  'getDealForThread',
  'getDeal',
  'searchDeals',
  'getThreadLabels',
  'getQueue',
  'getDashboard',
  'getMetrics',
  'getWorkflow',
  'getSettings',
  'getDraftingSettings',
  'getDraft',
  'getVoice',
  'exportData',
  'ingestMessages',
  'recordSend',
  'linkThread',
  'unlinkThread',
  'setContactRole',
  'setChecklistItem',
  'snoozeTrigger',
  'saveSettings',
  'saveVoiceOverride',
]);

/**
 * What Chrome and @webext-core/messaging say when the service worker stopped (killed, updated or
 * idle-terminated) before it answered: the request may or may not have been applied.
 */
const WORKER_STOPPED = /receiving end does not exist|message port closed|message channel closed|^no response$/i;

export function isWorkerStopped(error: unknown): boolean {
  return error instanceof Error && WORKER_STOPPED.test(error.message);
}

/** Backoff before each new attempt: Chrome starts a stopped worker again on the next message. */
export const RETRY_DELAYS_MS = [50, 250, 1_000] as const;

/**
 * Sends again, after a pause, an idempotent request whose worker stopped before answering, so a
 * worker killed mid-ingest loses no mail. Other failures, and other requests, surface at once.
 */
export function retryWhenWorkerStops(
  send: Send,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  delays: readonly number[] = RETRY_DELAYS_MS,
): Send {
  return async (type, data) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await send(type, data);
      } catch (error) {
        const delay = delays[attempt];
        if (delay === undefined || !IDEMPOTENT_REQUESTS.has(type) || !isWorkerStopped(error)) throw error;
        await sleep(delay);
      }
    }
  };
}
