import type { GmailHost, GmailMessage, OpenedThread, SentMessage, ThreadRowLabel, Unsubscribe } from './gmail-host';
import { listenForChord } from './keyboard';

/**
 * GmailHost over a fixture page, for end-to-end builds only (`wxt build --mode e2e`): InboxSDK loads
 * only on the real mail.google.com. The page's markup stands in for Gmail's views:
 *
 *   <body data-account="…">  <nav id="nav">  <main id="main">  <aside id="sidebar">  <div id="outbox">
 *   <div class="thread-row" data-thread-id>                      a row in a thread list
 *   <section class="thread" data-thread-id data-subject>         an opened thread; removing it closes it
 *     <article class="message" data-message-id data-from data-to data-cc data-date [data-loaded="false"]>
 *   <div class="sent" data-message-id data-thread-id data-to data-cc data-subject data-date>  a send
 *   <div class="reply" data-thread-id contenteditable>           an open reply box
 *   <div class="compose" data-to data-cc data-subject>           a compose window Ember opened
 *
 * Lists are comma-separated; dates ISO-8601. An opened thread gets `data-opened-at`, the
 * performance.now() of its thread-view event, so tests can time the sidebar against it.
 */

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

function readMessage(article: HTMLElement, thread: string, subject: string): GmailMessage {
  const { messageId = '', from = '', to, cc, date = '' } = article.dataset;
  return {
    id: messageId,
    thread,
    from,
    to: list(to),
    cc: list(cc),
    at: Date.parse(date),
    subject,
    body: article.innerText || article.textContent || '',
  };
}

const isLoaded = (article: HTMLElement) => article.dataset.loaded !== 'false';

class FixtureThread implements OpenedThread {
  readonly id: string;
  readonly subject: string;

  constructor(
    private readonly section: HTMLElement,
    private readonly doc: Document,
  ) {
    this.id = section.dataset.threadId ?? '';
    this.subject = section.dataset.subject ?? '';
  }

  private articles(): HTMLElement[] {
    return Array.from(this.section.querySelectorAll<HTMLElement>('article.message'));
  }

  participants(): string[] {
    return [
      ...new Set(
        this.articles()
          .filter(isLoaded)
          .flatMap((a) => [a.dataset.from ?? '', ...list(a.dataset.to), ...list(a.dataset.cc)]),
      ),
    ].filter(Boolean);
  }

  async loadedMessages(): Promise<GmailMessage[]> {
    return this.articles()
      .filter(isLoaded)
      .map((article) => readMessage(article, this.id, this.subject));
  }

  onMessageLoaded(handler: (message: GmailMessage) => void): Unsubscribe {
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const candidates =
          record.type === 'attributes'
            ? [record.target]
            : Array.from(record.addedNodes).filter((node) => node instanceof HTMLElement);
        for (const node of candidates) {
          const article = node as HTMLElement;
          if (article.matches?.('article.message') && isLoaded(article))
            handler(readMessage(article, this.id, this.subject));
        }
      }
    });
    observer.observe(this.section, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-loaded'],
    });
    return () => observer.disconnect();
  }

  showPanel(element: HTMLElement): boolean {
    const sidebar = this.doc.getElementById('sidebar');
    if (!sidebar) return false;
    sidebar.replaceChildren(element);
    return true;
  }

  onClosed(handler: () => void): Unsubscribe {
    const observer = new MutationObserver(() => {
      if (!this.section.isConnected) {
        observer.disconnect();
        handler();
      }
    });
    observer.observe(this.doc.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }
}

/** Calls `handler` for every element matching `selector`, present now or added later. */
function eachElement(doc: Document, selector: string, handler: (element: HTMLElement) => void): Unsubscribe {
  const seen = new WeakSet<Element>();
  const visit = () => {
    for (const element of Array.from(doc.querySelectorAll<HTMLElement>(selector))) {
      if (seen.has(element)) continue;
      seen.add(element);
      handler(element);
    }
  };
  visit();
  const observer = new MutationObserver(visit);
  observer.observe(doc.body, { childList: true, subtree: true });
  return () => observer.disconnect();
}

export function createFixtureHost(doc: Document = document): GmailHost {
  const QUEUE_HASH = '#ember-queue';
  return {
    account: (doc.body.dataset.account ?? '').toLowerCase(),

    onThreadOpened(handler) {
      return eachElement(doc, 'section.thread', (section) => {
        section.dataset.openedAt = String(performance.now());
        handler(new FixtureThread(section, doc));
      });
    },

    onMessageSent(handler: (message: SentMessage) => void) {
      return eachElement(doc, '#outbox .sent', (element) => {
        const { messageId = '', threadId = '', to, cc, subject = '', date } = element.dataset;
        handler({
          id: messageId,
          thread: threadId,
          to: list(to),
          cc: list(cc),
          subject,
          at: date ? Date.parse(date) : Date.now(),
          body: element.textContent ?? '',
        });
      });
    },

    onReplyOpened(handler) {
      return eachElement(doc, '.reply[data-thread-id]', (box) => {
        handler({
          thread: box.dataset.threadId ?? '',
          typedText: () => box.textContent ?? '',
          insertAtTop: (text) => box.prepend(doc.createTextNode(`${text}\n\n`)),
          onClosed: (close) => {
            const observer = new MutationObserver(() => {
              if (!box.isConnected) {
                observer.disconnect();
                close();
              }
            });
            observer.observe(doc.body, { childList: true, subtree: true });
            return () => observer.disconnect();
          },
        });
      });
    },

    async openCompose({ to, cc, subject, body }) {
      const compose = doc.createElement('div');
      compose.className = 'compose';
      compose.dataset.to = to.join(',');
      compose.dataset.cc = cc.join(',');
      compose.dataset.subject = subject;
      compose.textContent = body;
      doc.getElementById('main')?.append(compose);
    },

    labelThreadRows(label: (threadId: string) => Promise<ThreadRowLabel | null>) {
      return eachElement(doc, '.thread-row', (row) => {
        void label(row.dataset.threadId ?? '').then((found) => {
          if (!found) return;
          const badge = doc.createElement('span');
          badge.className = 'ember-label';
          badge.textContent = found.text;
          badge.dataset.overdue = String(found.overdue);
          row.append(badge);
        });
      });
    },

    addQueueRoute(mount) {
      const nav = doc.getElementById('nav');
      const link = doc.createElement('a');
      link.href = QUEUE_HASH;
      link.id = 'ember-nav';
      link.textContent = 'Ember';
      nav?.append(link);
      let teardown: Unsubscribe | null = null;
      const route = () => {
        const container = doc.getElementById('route');
        if (location.hash === QUEUE_HASH && container && !teardown) teardown = mount(container);
        else if (location.hash !== QUEUE_HASH && teardown) {
          teardown();
          teardown = null;
        }
      };
      window.addEventListener('hashchange', route);
      route();
      return () => {
        window.removeEventListener('hashchange', route);
        teardown?.();
        link.remove();
      };
    },

    openQueue() {
      location.hash = QUEUE_HASH;
    },

    openThread(threadId) {
      location.hash = `#thread/${threadId}`;
    },

    addShortcut(chord, _description, run) {
      return listenForChord(chord, run, doc);
    },
  };
}
