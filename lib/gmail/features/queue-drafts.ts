import { browser } from 'wxt/browser';
import type { DraftDesk } from '../draft-desk';
import { type DELIVER_DRAFT_MESSAGE, type DraftDelivery } from '../draft-delivery';
import { onAbort } from '../feature';
import type { GmailHost } from '../gmail-host';

type Delivery = DraftDelivery & { type: typeof DELIVER_DRAFT_MESSAGE };

function isDelivery(message: unknown): message is Delivery {
  const candidate = message as Partial<Delivery> | null;
  return (
    candidate?.type === 'ember:deliver-draft' &&
    typeof candidate.thread === 'string' &&
    typeof candidate.body === 'string'
  );
}

/**
 * Takes drafts the queue sends ("Insert draft"): the thread's reply gets it (held until Reply), or an
 * intro opens a new compose. Only this extension's background can send it, and only for this account.
 */
export function acceptDraftsFromQueue(host: GmailHost, desk: DraftDesk, signal: AbortSignal): void {
  const listener = (message: unknown, sender: { id?: string }, respond: (answer: boolean) => void) => {
    if (!isDelivery(message) || sender.id !== browser.runtime.id || message.account !== host.account) return false;
    if (message.kind === 'stakeholder_intro') {
      void desk.openCompose({ to: message.to, cc: message.cc, subject: message.subject, body: message.body });
    } else {
      desk.insert(message.thread, message.body);
      host.openThread(message.thread);
    }
    respond(true);
    return false;
  };
  browser.runtime.onMessage.addListener(listener);
  onAbort(signal, () => browser.runtime.onMessage.removeListener(listener));
}
