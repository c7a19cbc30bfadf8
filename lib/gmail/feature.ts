import type { EmberClient } from '@/lib/messaging/client';
import type { MessageInput } from '@/lib/messaging/protocol';
import type { DraftDesk } from './draft-desk';
import type { GmailHost, GmailMessage } from './gmail-host';

/** What every Gmail feature gets: the host, the background, and a signal that ends it. */
export interface GmailFeatureContext {
  host: GmailHost;
  client: EmberClient;
  signal: AbortSignal;
  /** Shared by the sidebar and the compose windows: where drafts go. */
  desk: DraftDesk;
}

/**
 * One self-contained piece of Ember in Gmail; it undoes everything it did when `signal` aborts.
 * Features that show UI take a wider context (components/gmail/gmail-ui.ts).
 */
export interface GmailFeature<Context extends GmailFeatureContext = GmailFeatureContext> {
  name: string;
  init(context: Context): void;
}

/** Calls `unsubscribe` when the feature is torn down. */
export function onAbort(signal: AbortSignal, unsubscribe: () => void): void {
  if (signal.aborted) unsubscribe();
  else signal.addEventListener('abort', unsubscribe, { once: true });
}

export function toMessageInput(message: GmailMessage): MessageInput {
  return {
    id: message.id,
    thread: message.thread,
    // No date goes as none: the background sets the message aside rather than guess one.
    ...(message.at === null ? {} : { at: message.at }),
    from: message.from,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    body: message.body,
    ...(message.partial ? { partial: true } : {}),
  };
}
