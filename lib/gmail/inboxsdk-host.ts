import type {
  ComposeView,
  Contact,
  ContactNameOptional,
  InboxSDK,
  KeyboardShortcutDescriptor,
  MessageView,
  ThreadRowView,
  ThreadView,
} from '@inboxsdk/core';
import { messageTime } from './gmail-dates';
import type { GmailHost, GmailMessage, OpenedThread, SentMessage, Unsubscribe } from './gmail-host';
import { listenForChord } from './keyboard';
import { recipientFields } from './recipient-line';

/**
 * GmailHost over InboxSDK. It uses only the members named below, typed from InboxSDK's own
 * definitions, so tests can drive it with fakes of exactly that shape.
 */

export interface MessageViewLike extends Pick<
  MessageView,
  | 'isLoaded'
  | 'getMessageIDAsync'
  | 'getSender'
  | 'getRecipientsFull'
  | 'getRecipients'
  | 'getRecipientEmailAddresses'
  | 'getDateString'
  | 'getBodyElement'
  | 'getElement'
> {
  on(event: 'load', listener: () => void): unknown;
}

export interface ThreadViewLike extends Pick<ThreadView, 'getThreadIDAsync' | 'getSubject' | 'addSidebarContentPanel'> {
  getMessageViewsAll(): MessageViewLike[];
  on(event: 'destroy', listener: () => void): unknown;
}

export interface ComposeViewLike extends Pick<
  ComposeView,
  | 'getToRecipients'
  | 'getCcRecipients'
  | 'getSubject'
  | 'getTextContent'
  | 'isReply'
  | 'getThreadID'
  | 'insertTextIntoBodyAtCursor'
> {
  on(event: 'destroy', listener: () => void): unknown;
  on(event: 'presending', listener: () => void): unknown;
  on(
    event: 'sent',
    listener: (event: { getMessageID(): Promise<string>; getThreadID(): Promise<string> }) => void,
  ): unknown;
}

export type ThreadRowViewLike = Pick<ThreadRowView, 'getThreadIDAsync' | 'addLabel'>;

export interface InboxSdkLike {
  User: Pick<InboxSDK['User'], 'getEmailAddress'>;
  Conversations: { registerThreadViewHandler(handler: (threadView: ThreadViewLike) => void): () => void };
  Compose: {
    registerComposeViewHandler(handler: (composeView: ComposeViewLike) => void): () => void;
    openNewComposeView(): Promise<
      Pick<ComposeView, 'setToRecipients' | 'setCcRecipients' | 'setSubject' | 'setBodyText'>
    >;
  };
  Lists: { registerThreadRowViewHandler(handler: (row: ThreadRowViewLike) => void): () => void };
  NavMenu: Pick<InboxSDK['NavMenu'], 'addNavItem'>;
  Router: Pick<InboxSDK['Router'], 'handleCustomRoute' | 'goto' | 'NativeRouteIDs'>;
  Keyboard: { createShortcutHandle(descriptor: KeyboardShortcutDescriptor): { remove(): void } };
}

const QUEUE_ROUTE = 'ember-queue';

/**
 * How long getRecipientsFull() may take. It waits for Gmail's next sync request and has no timeout
 * of its own (it never answers on a page that makes none); past this, the copy is built from the
 * recipients Gmail shows at once and marked partial, and the full copy follows when it comes.
 */
export const RECIPIENTS_WAIT_MS = 4_000;

/** `Dana Lee <dana@acme.com>`; a bare address when there is no name, or the name is the address. */
const mailbox = (contact: { name?: string | null | undefined; emailAddress: string }) => {
  const name = contact.name?.trim();
  return name && name.toLowerCase() !== contact.emailAddress.toLowerCase()
    ? `${name} <${contact.emailAddress}>`
    : contact.emailAddress;
};

/** Recipients split into To and Cc by the header Gmail's recipient line shows each on. */
function byField(recipients: readonly ContactNameOptional[], line: Element | null): Pick<GmailMessage, 'to' | 'cc'> {
  const fields = recipientFields(line);
  const to: string[] = [];
  const cc: string[] = [];
  for (const recipient of recipients) {
    (fields.get(recipient.emailAddress.toLowerCase()) === 'cc' ? cc : to).push(mailbox(recipient));
  }
  return { to, cc };
}

interface MessageRead {
  message: GmailMessage;
  /** The full copy, when the first was built without getRecipientsFull's answer. */
  fuller: Promise<GmailMessage | null> | null;
}

interface ReadContext {
  thread: string;
  subject: string;
  now: () => number;
  waitForRecipients: () => Promise<void>;
}

const TIMED_OUT = Symbol('timed out');

/** A loaded message's data. getSender and getBodyElement throw on messages that are not loaded. */
async function readMessage(view: MessageViewLike, context: ReadContext): Promise<MessageRead> {
  // Everything but the recipients is read at once: the rep may leave the thread while
  // getRecipientsFull() waits, and a destroyed view's getters throw.
  const sender: Contact = view.getSender();
  const line = view.getElement().querySelector('.hb');
  const shownDate = view.getDateString();
  const body = view.getBodyElement().innerText;
  const shown = view.getRecipients();
  const full = view.getRecipientsFull().then(
    (recipients) => recipients,
    () => null,
  );
  const id = await view.getMessageIDAsync();
  const base = {
    id,
    thread: context.thread,
    from: mailbox(sender),
    at: messageTime(id, shownDate, context.now()),
    subject: context.subject,
    body,
  };
  const answered = await Promise.race([full, context.waitForRecipients().then(() => TIMED_OUT)]);
  if (typeof answered !== 'symbol' && answered !== null) {
    return { message: { ...base, ...byField(answered, line) }, fuller: null };
  }
  const message = { ...base, ...byField(shown, line), partial: true };
  const fuller =
    answered === TIMED_OUT
      ? full.then((recipients) => (recipients ? { ...base, ...byField(recipients, line) } : null))
      : null;
  return { message, fuller };
}

class InboxSdkThread implements OpenedThread {
  private readonly loadHandlers = new Set<(message: GmailMessage) => void>();
  private readonly context: ReadContext;

  constructor(
    private readonly view: ThreadViewLike,
    readonly id: string,
    readonly subject: string,
    private readonly iconUrl: string,
    options: { now: () => number; waitForRecipients: () => Promise<void> },
  ) {
    this.context = { thread: id, subject, ...options };
    for (const message of view.getMessageViewsAll()) {
      if (message.isLoaded()) continue;
      message.on('load', () => {
        void this.read(message).then(
          (read) => this.emitLoaded(read),
          () => {},
        );
      });
    }
  }

  /** Reads a message; its full copy, when it comes late, is reported as a message loaded later. */
  private async read(view: MessageViewLike): Promise<GmailMessage> {
    const { message, fuller } = await readMessage(view, this.context);
    void fuller?.then((copy) => copy && this.emitLoaded(copy));
    return message;
  }

  private emitLoaded(message: GmailMessage) {
    this.loadHandlers.forEach((handler) => handler(message));
  }

  participants(): string[] {
    const everyone = new Set<string>();
    for (const message of this.view.getMessageViewsAll()) {
      if (!message.isLoaded()) continue;
      everyone.add(mailbox(message.getSender()));
      for (const address of message.getRecipientEmailAddresses()) everyone.add(address);
    }
    return [...everyone];
  }

  async loadedMessages(): Promise<GmailMessage[]> {
    const views = this.view.getMessageViewsAll().filter((message) => message.isLoaded());
    const settled = await Promise.allSettled(views.map((message) => this.read(message)));
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  onMessageLoaded(handler: (message: GmailMessage) => void): Unsubscribe {
    this.loadHandlers.add(handler);
    return () => this.loadHandlers.delete(handler);
  }

  showPanel(element: HTMLElement): boolean {
    // Typed as always returning a panel, but it returns null where Gmail has no sidebar, and throws
    // where Gmail's side-panel container is missing from the page.
    try {
      const panel = this.view.addSidebarContentPanel({
        el: element,
        title: 'Ember',
        iconUrl: this.iconUrl,
      }) as unknown;
      return panel !== null && panel !== undefined;
    } catch (error) {
      console.warn('Ember: Gmail has no side panel on this view', error);
      return false;
    }
  }

  onClosed(handler: () => void): Unsubscribe {
    let open = true;
    this.view.on('destroy', () => {
      if (open) handler();
    });
    return () => {
      open = false;
    };
  }
}

/** Fields of a compose window, read while it still exists. */
function snapshotCompose(view: ComposeViewLike): Omit<SentMessage, 'id' | 'thread' | 'at'> | null {
  try {
    return {
      to: view.getToRecipients().map(mailbox),
      cc: view.getCcRecipients().map(mailbox),
      subject: view.getSubject(),
      body: view.getTextContent(),
    };
  } catch {
    return null;
  }
}

export interface InboxSdkHostOptions {
  iconUrl: string;
  now?: () => number;
  document?: Document;
  /** Resolves when getRecipientsFull() has had long enough (RECIPIENTS_WAIT_MS); tests pass their own. */
  waitForRecipients?: () => Promise<void>;
}

export function createInboxSdkHost(sdk: InboxSdkLike, options: InboxSdkHostOptions): GmailHost {
  const now = options.now ?? (() => Date.now());
  const doc = options.document ?? document;
  const waitForRecipients =
    options.waitForRecipients ?? (() => new Promise<void>((resolve) => setTimeout(resolve, RECIPIENTS_WAIT_MS)));
  return {
    account: sdk.User.getEmailAddress().toLowerCase(),

    onThreadOpened(handler) {
      return sdk.Conversations.registerThreadViewHandler((view) => {
        void view.getThreadIDAsync().then(
          (id) => handler(new InboxSdkThread(view, id, view.getSubject(), options.iconUrl, { now, waitForRecipients })),
          () => {},
        );
      });
    },

    onMessageSent(handler) {
      return sdk.Compose.registerComposeViewHandler((view) => {
        // `sent` can come before `presending`, or without it: keep the latest snapshot, and take one
        // at `sent` when there is none.
        let snapshot: ReturnType<typeof snapshotCompose> = null;
        view.on('presending', () => {
          snapshot = snapshotCompose(view) ?? snapshot;
        });
        view.on('sent', (event) => {
          const fields = snapshot ?? snapshotCompose(view);
          const at = now();
          void Promise.all([event.getMessageID(), event.getThreadID()]).then(
            ([id, thread]) => {
              if (fields) handler({ id, thread, at, ...fields });
            },
            () => {},
          );
        });
      });
    },

    onReplyOpened(handler) {
      return sdk.Compose.registerComposeViewHandler((view) => {
        if (!view.isReply()) return;
        const closers = new Set<() => void>();
        view.on('destroy', () => closers.forEach((close) => close()));
        handler({
          thread: view.getThreadID(),
          typedText: () => view.getTextContent(),
          insertAtTop: (text) => void view.insertTextIntoBodyAtCursor(text),
          onClosed: (close) => {
            closers.add(close);
            return () => closers.delete(close);
          },
        });
      });
    },

    async openCompose({ to, cc, subject, body }) {
      const view = await sdk.Compose.openNewComposeView();
      view.setToRecipients(to);
      view.setCcRecipients(cc);
      view.setSubject(subject);
      view.setBodyText(body);
    },

    labelThreadRows(label) {
      return sdk.Lists.registerThreadRowViewHandler((row) => {
        void row
          .getThreadIDAsync()
          .then(label)
          .then((found) => {
            if (!found) return;
            row.addLabel({
              title: found.text,
              foregroundColor: found.overdue ? '#ffffff' : '#3c4043',
              backgroundColor: found.overdue ? '#d93025' : '#fbe9e7',
            });
          })
          .catch(() => {});
      });
    },

    addQueueRoute(mount) {
      const navItem = sdk.NavMenu.addNavItem({ name: 'Ember', routeID: QUEUE_ROUTE, iconUrl: options.iconUrl });
      const stopRoute = sdk.Router.handleCustomRoute(QUEUE_ROUTE, (routeView) => {
        const teardown = mount(routeView.getElement());
        routeView.on('destroy', teardown);
      });
      return () => {
        stopRoute();
        navItem.remove();
      };
    },

    openQueue() {
      void sdk.Router.goto(QUEUE_ROUTE);
    },

    openThread(threadId) {
      void sdk.Router.goto(sdk.Router.NativeRouteIDs.THREAD, { threadID: threadId });
    },

    addShortcut(chord, description, run) {
      // InboxSDK lists the shortcut in Gmail's help; the key handling is ours.
      const handle = sdk.Keyboard.createShortcutHandle({ chord, description });
      const stop = listenForChord(chord, run, doc);
      return () => {
        stop();
        handle.remove();
      };
    },
  };
}
