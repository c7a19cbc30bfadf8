/**
 * What Ember needs from Gmail, as a small port. InboxSDK implements it (inboxsdk-host.ts): in real
 * Gmail, and in the production build's end-to-end tests on a synthesized Gmail page. The e2e build
 * (`--mode e2e`, whose clock tests set) uses a host over a small fixture page (fixture-host.ts).
 */

export type Unsubscribe = () => void;

/** A message as Gmail shows it. Addresses may carry display names (`Dana <dana@acme.com>`). */
export interface GmailMessage {
  id: string;
  thread: string;
  from: string;
  to: string[];
  cc: string[];
  /** When it was sent; null when Gmail's page gave nothing readable (ingestion sets it aside). */
  at: number | null;
  subject: string;
  /** Plain text as rendered, quoted parts included; ingestion cleans it. */
  body: string;
  /** An incomplete copy (recipients as first shown, before Gmail's own data came): a full copy replaces it. */
  partial?: boolean;
}

export interface OpenedThread {
  readonly id: string;
  readonly subject: string;
  /** Everyone on the thread's loaded messages, senders and recipients. */
  participants(): string[];
  /** The messages whose content has loaded, oldest first. */
  loadedMessages(): Promise<GmailMessage[]>;
  /** A collapsed message that loads later (the rep expands it). */
  onMessageLoaded(handler: (message: GmailMessage) => void): Unsubscribe;
  /** Shows Ember's sidebar panel; false when Gmail has no sidebar for this view (split pane). */
  showPanel(element: HTMLElement): boolean;
  onClosed(handler: () => void): Unsubscribe;
}

/** A message the rep sent, captured from the compose window. */
export type SentMessage = Omit<GmailMessage, 'from' | 'at' | 'partial'> & { at: number };

/** An open reply box on a thread. */
export interface ReplyBox {
  readonly thread: string;
  /** What the rep has typed so far. */
  typedText(): string;
  /** Puts text at the top of the reply, above anything quoted. Plain text only: nothing is parsed as HTML. */
  insertAtTop(text: string): void;
  onClosed(handler: () => void): Unsubscribe;
}

/** A new email to open in a compose window; the rep reviews and sends it. */
export interface ComposeRequest {
  to: string[];
  cc: string[];
  subject: string;
  body: string;
}

export interface ThreadRowLabel {
  text: string;
  overdue: boolean;
}

export interface GmailHost {
  /** The signed-in Gmail account's address, lower-case. */
  readonly account: string;
  onThreadOpened(handler: (thread: OpenedThread) => void): Unsubscribe;
  onMessageSent(handler: (message: SentMessage) => void): Unsubscribe;
  /** A reply box opened on a thread (the rep clicked Reply). */
  onReplyOpened(handler: (reply: ReplyBox) => void): Unsubscribe;
  /** Opens a new compose window filled in; it never sends. */
  openCompose(request: ComposeRequest): Promise<void>;
  /** Labels rows in thread lists; `label` answers per thread id, or null for no label. */
  labelThreadRows(label: (threadId: string) => Promise<ThreadRowLabel | null>): Unsubscribe;
  /** A left-nav entry and a route whose content `mount` renders; it returns its own teardown. */
  addQueueRoute(mount: (container: HTMLElement) => Unsubscribe): Unsubscribe;
  openQueue(): void;
  openThread(threadId: string): void;
  /** A Gmail keyboard shortcut, listed in Gmail's shortcut help. */
  addShortcut(chord: string, description: string, run: () => void): Unsubscribe;
}
