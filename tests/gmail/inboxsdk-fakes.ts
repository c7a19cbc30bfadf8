import { EventEmitter } from 'node:events';
import type { Contact, ContactNameOptional, ContentPanelView } from '@inboxsdk/core';
import type {
  ComposeViewLike,
  InboxSdkLike,
  MessageViewLike,
  ThreadRowViewLike,
  ThreadViewLike,
} from '@/lib/gmail/inboxsdk-host';

/**
 * Fakes of the InboxSDK views the host uses, typed by InboxSDK's own definitions (through the
 * host's Pick types), behaving as InboxSDK does: unloaded messages throw, a sidebar panel can be
 * null, events arrive when the test says.
 */

export interface FakeMessage {
  id: string;
  sender: Contact;
  recipients: ContactNameOptional[];
  /** Addresses Gmail's recipient line shows after "cc:". */
  cc?: string[];
  date: string;
  body: string;
  /** How getRecipientsFull() answers: at once (default), never (no Gmail sync request came), or by failing. */
  full?: 'answers' | 'never' | 'rejects' | Promise<void>;
}

export class FakeMessageView extends EventEmitter implements MessageViewLike {
  constructor(
    private readonly message: FakeMessage,
    private loaded = true,
  ) {
    super();
  }
  isLoaded() {
    return this.loaded;
  }
  async getMessageIDAsync() {
    return this.message.id;
  }
  getSender() {
    if (!this.loaded) throw new Error('getSender called on a message that is not loaded');
    return this.message.sender;
  }
  async getRecipientsFull() {
    const { full = 'answers' } = this.message;
    if (full === 'never') return new Promise<ContactNameOptional[]>(() => {});
    if (full === 'rejects') throw new Error('Failed to find message recipients from response');
    if (full !== 'answers') await full;
    return this.message.recipients;
  }
  /** What Gmail's recipient line shows at once: addresses, and names only where Gmail has them. */
  getRecipients() {
    return this.message.recipients.map((recipient) => ({ emailAddress: recipient.emailAddress, name: undefined }));
  }
  /** The message element; the host reads only its recipient line (`.hb`). */
  getElement() {
    const element = document.createElement('div');
    const line = element.appendChild(document.createElement('div'));
    line.className = 'hb';
    const cc = new Set(this.message.cc ?? []);
    const chips = (list: ContactNameOptional[]) =>
      list.map((r) => `<span email="${r.emailAddress}" name="${r.name ?? ''}">${r.name ?? r.emailAddress}</span>`);
    const to = this.message.recipients.filter((r) => !cc.has(r.emailAddress));
    const copied = this.message.recipients.filter((r) => cc.has(r.emailAddress));
    line.innerHTML = `to ${chips(to).join(', ')}${copied.length ? `, cc: ${chips(copied).join(', ')}` : ''}`;
    return element;
  }
  getRecipientEmailAddresses() {
    return this.message.recipients.map((recipient) => recipient.emailAddress);
  }
  getDateString() {
    return this.message.date;
  }
  getBodyElement() {
    if (!this.loaded) throw new Error('getBodyElement called on a message that is not loaded');
    // innerText is the one member of the body element the host reads (jsdom does not lay out text).
    return { innerText: this.message.body } as HTMLElement;
  }
  /** Gmail removed the message (the rep left the thread): InboxSDK's getters throw. */
  destroy() {
    this.loaded = false;
  }
  /** Gmail finished loading a collapsed message. */
  load() {
    this.loaded = true;
    this.emit('load', { messageView: this });
  }
}

export class FakeThreadView extends EventEmitter implements ThreadViewLike {
  panels: HTMLElement[] = [];
  constructor(
    readonly id: string,
    readonly subject: string,
    readonly messages: FakeMessageView[],
    /** InboxSDK gives no panel in some views (split pane), despite its type, and throws without Gmail's side-panel container. */
    private readonly sidebar: 'shown' | 'null' | 'throws' = 'shown',
  ) {
    super();
  }
  async getThreadIDAsync() {
    return this.id;
  }
  getSubject() {
    return this.subject;
  }
  getMessageViewsAll() {
    return this.messages;
  }
  addSidebarContentPanel(descriptor: { el: HTMLElement }): ContentPanelView {
    if (this.sidebar === 'throws') throw new Error('Could not find sidebar container');
    if (this.sidebar === 'null') return null as unknown as ContentPanelView;
    this.panels.push(descriptor.el);
    return {} as ContentPanelView;
  }
}

export class FakeComposeView extends EventEmitter implements ComposeViewLike {
  destroyed = false;
  inserted: string[] = [];
  constructor(
    private readonly fields: { to: ContactNameOptional[]; cc: ContactNameOptional[]; subject: string; text: string },
    private readonly reply: { thread: string } | null = null,
  ) {
    super();
  }
  isReply() {
    return this.reply !== null;
  }
  getThreadID() {
    return this.reply?.thread ?? '';
  }
  insertTextIntoBodyAtCursor(text: string) {
    this.check();
    this.inserted.push(text);
    return null;
  }
  private check() {
    if (this.destroyed) throw new Error('compose view destroyed');
  }
  getToRecipients() {
    this.check();
    return this.fields.to;
  }
  getCcRecipients() {
    this.check();
    return this.fields.cc;
  }
  getSubject() {
    this.check();
    return this.fields.subject;
  }
  getTextContent() {
    this.check();
    return this.fields.text;
  }
}

export class FakeThreadRowView implements ThreadRowViewLike {
  labels: unknown[] = [];
  private markLabelled: () => void = () => {};
  /** Resolves when the row gets its first label. */
  readonly labelled = new Promise<void>((resolve) => (this.markLabelled = resolve));
  constructor(readonly id: string) {}
  async getThreadIDAsync() {
    return this.id;
  }
  addLabel(label: unknown) {
    this.labels.push(label);
    this.markLabelled();
  }
}

/** An InboxSDK instance with handlers the test can call as Gmail would. */
export function fakeSdk(email = 'Sam@EmberSeller.com') {
  const handlers = {
    thread: [] as ((view: ThreadViewLike) => void)[],
    compose: [] as ((view: ComposeViewLike) => void)[],
    row: [] as ((row: ThreadRowViewLike) => void)[],
    routes: new Map<
      string,
      (view: { getElement(): HTMLElement; on(event: 'destroy', run: () => void): unknown }) => void
    >(),
  };
  const gotos: [string, unknown][] = [];
  const composed: Record<string, unknown>[] = [];
  const shortcuts: string[] = [];
  const register =
    <T>(list: T[]) =>
    (handler: T) => {
      list.push(handler);
      return () => list.splice(list.indexOf(handler), 1);
    };
  const sdk: InboxSdkLike = {
    User: { getEmailAddress: () => email },
    Conversations: { registerThreadViewHandler: register(handlers.thread) },
    Compose: {
      registerComposeViewHandler: register(handlers.compose),
      openNewComposeView: async () => {
        const fields: Record<string, unknown> = {};
        composed.push(fields);
        return {
          setToRecipients: (to: string[]) => void (fields.to = to),
          setCcRecipients: (cc: string[]) => void (fields.cc = cc),
          setSubject: (subject: string) => void (fields.subject = subject),
          setBodyText: (body: string) => void (fields.body = body),
        };
      },
    },
    Lists: { registerThreadRowViewHandler: register(handlers.row) },
    NavMenu: { addNavItem: () => ({ remove() {} }) as ReturnType<InboxSdkLike['NavMenu']['addNavItem']> },
    Router: {
      handleCustomRoute: (route: string, handler: never) => {
        handlers.routes.set(route, handler);
        return () => handlers.routes.delete(route);
      },
      goto: async (route: string, params?: unknown) => void gotos.push([route, params]),
      NativeRouteIDs: { THREAD: 'inbox/:threadID' } as InboxSdkLike['Router']['NativeRouteIDs'],
    },
    Keyboard: {
      createShortcutHandle: ({ chord }) => {
        shortcuts.push(chord);
        return { remove: () => shortcuts.splice(shortcuts.indexOf(chord), 1) };
      },
    },
  };
  return { sdk, handlers, gotos, shortcuts, composed };
}
