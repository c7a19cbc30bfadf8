import { browser } from 'wxt/browser';
import type { Clock } from './ports';

/**
 * A settable clock for end-to-end tests, reached by `{ type: 'e2e:setClock', now }` from an
 * extension page. Only `--mode e2e` builds install it.
 */
export function installTestClock(): Clock {
  let offset = 0;
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    const request = message as { type?: unknown; now?: unknown };
    if (request?.type !== 'e2e:setClock' || sender.id !== browser.runtime.id) return false;
    if (typeof request.now === 'number') offset = request.now - Date.now();
    sendResponse({ now: Date.now() + offset });
    return false;
  });
  return () => Date.now() + offset;
}
