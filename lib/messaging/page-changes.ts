import { browser } from 'wxt/browser';

/** Listens for the background's "data changed" message (lib/background/browser-adapters.ts). */
export function subscribeToChanges(listener: () => void): () => void {
  const onMessage = (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === 'ember:changed') listener();
  };
  browser.runtime.onMessage.addListener(onMessage);
  return () => browser.runtime.onMessage.removeListener(onMessage);
}

/** Opens a Gmail thread in the account's Gmail tab, or a new tab. */
export async function openGmailThread(url: string): Promise<void> {
  const [tab] = await browser.tabs.query({ url: 'https://mail.google.com/*', active: true, currentWindow: true });
  if (tab?.id !== undefined) await browser.tabs.update(tab.id, { url });
  else await browser.tabs.create({ url });
}
