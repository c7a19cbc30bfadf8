import { browser } from 'wxt/browser';
import { onAbort } from './feature';

/**
 * "Is Ember running in this tab?" The background asks before telling a Gmail tab to reload after an
 * install or update: a content script of the current extension answers; one cut off by an update
 * cannot hear the new background, and a tab opened before the install has none.
 */
export const CONTENT_ALIVE_MESSAGE = 'ember:content-alive';

export function answerWhenAsked(signal: AbortSignal): void {
  const listener = (message: unknown, sender: { id?: string }, respond: (alive: boolean) => void) => {
    if ((message as { type?: unknown } | null)?.type !== CONTENT_ALIVE_MESSAGE || sender.id !== browser.runtime.id)
      return false;
    respond(true);
    return false;
  };
  browser.runtime.onMessage.addListener(listener);
  onAbort(signal, () => browser.runtime.onMessage.removeListener(listener));
}
