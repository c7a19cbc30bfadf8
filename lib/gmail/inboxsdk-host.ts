import type {
  ComposeView,
  Contact,
  InboxSDK,
  KeyboardShortcutDescriptor,
  MessageView,
  ThreadRowView,
  ThreadView,
} from '@inboxsdk/core';
import { parseGmailDate } from './gmail-dates';
import type { GmailHost, GmailMessage, OpenedThread, SentMessage, Unsubscribe } from './gmail-host';
import { listenForChord } from './keyboard';

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
  | 'getRecipientEmailAddresses'
  | 'getDateString'
  | 'getBodyElement'
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

const mailbox = (contact: { name?: string | undefined; emailAddress: string }) =>
  contact.name ? `${contact.name} <${contact.emailAddress}>` : contact.emailAddress;

/** A loaded message's data. getSender and getBodyElement throw on messages that are not loaded. */
async function readMessage(
  view: MessageViewLike,
  thread: string,
  subject: string,
  seenAt: number,
): Promise<GmailMessage> {
  const [id, recipients] = await Promise.all([view.getMessageIDAsync(), view.getRecipientsFull()]);
  const sender: Contact = view.getSender();
  return {
    id,
    thread,
    from: mailbox(sender),
    // InboxSDK does not tell To from Cc; the engine treats both alike.
    to: recipients.map(mailbox),
    cc: [],
    at: parseGmailDate(view.getDateString(), seenAt),
    subject,
    body: view.getBodyElement().innerText,
  };
}

class InboxSdkThread implements OpenedThread {
  private readonly loadHandlers = new Set<(message: GmailMessage) => void>();

  constructor(
    private readonly view: ThreadViewLike,
    readonly id: string,
    readonly subject: string,
    private readonly iconUrl: string,
    private readonly now: () => number,
  ) {
    for (const message of view.getMessageViewsAll()) {
      if (message.isLoaded()) continue;
      message.on('load', () => {
        void readMessage(message, id, subject, this.now()).then(
          (read) => this.loadHandlers.forEach((handler) => handler(read)),
          () => {},
        );
      });
    }
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
    const settled = await Promise.allSettled(
      views.map((message) => readMessage(message, this.id, this.subject, this.now())),
    );
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  onMessageLoaded(handler: (message: GmailMessage) => void): Unsubscribe {
    this.loadHandlers.add(handler);
    return () => this.loadHandlers.delete(handler);
  }

  showPanel(element: HTMLElement): boolean {
    // Typed as always returning a panel, but it returns null where Gmail has no sidebar.
    const panel = this.view.addSidebarContentPanel({ el: element, title: 'Ember', iconUrl: this.iconUrl }) as unknown;
    return panel !== null && panel !== undefined;
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

export function createInboxSdkHost(
  sdk: InboxSdkLike,
  options: { iconUrl: string; now?: () => number; document?: Document },
): GmailHost {
  const now = options.now ?? (() => Date.now());
  const doc = options.document ?? document;
  return {
    account: sdk.User.getEmailAddress().toLowerCase(),

    onThreadOpened(handler) {
      return sdk.Conversations.registerThreadViewHandler((view) => {
        void view.getThreadIDAsync().then(
          (id) => handler(new InboxSdkThread(view, id, view.getSubject(), options.iconUrl, now)),
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
