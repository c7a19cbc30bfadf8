import { useEffect, useMemo, useRef, useState } from 'react';
import { accountLabel } from '@/lib/domain/sample/sample-scenario';
import type { EmberClient } from '@/lib/messaging/client';
import type { DealDetail } from '@/lib/messaging/protocol';
import { createChanges } from '../changes';
import type { GmailUi } from '../gmail/gmail-ui';
import type { SidebarThread } from '../sidebar/sidebar';
import { errorMessage } from '../use-async';

/** What the preview shows: a thread of a deal, from the page's address (`?account=…&deal=…&thread=…`). */
export function previewRequest(search: string): { account: string; deal: string; thread: string } | null {
  const params = new URLSearchParams(search);
  const [account, deal, thread] = ['account', 'deal', 'thread'].map((name) => params.get(name) ?? '');
  return account && deal && thread ? { account, deal, thread } : null;
}

/** The thread as Gmail's sidebar would be given it: its subject and everyone on it, from the deal's mail. */
export function previewThread(
  detail: DealDetail,
  thread: string,
): SidebarThread & { messages: DealDetail['messages'] } {
  const messages = detail.messages.filter((message) => message.thread === thread).sort((a, b) => a.at - b.at);
  const participants = [...new Set(messages.flatMap((message) => [message.from, ...message.to, ...message.cc]))];
  return { id: thread, subject: messages[0]?.subject ?? detail.deal.title, participants, messages };
}

/**
 * The Gmail sidebar of a sample thread, on an extension page (issue 18): a sample deal's thread is
 * made up, so Gmail cannot show it, but a newcomer can still see and use the sidebar on it, beside
 * the thread's mail. It is the very sidebar Gmail shows, in its closed shadow root.
 */
export function SidebarPreview({
  client,
  account,
  deal,
  thread,
  ui,
  subscribeChanges,
}: {
  client: EmberClient;
  account: string;
  deal: string;
  thread: string;
  ui: GmailUi;
  /** The background's "data changed" signal: the sidebar reads again, as in Gmail. */
  subscribeChanges?: (listener: () => void) => () => void;
}) {
  const [detail, setDetail] = useState<DealDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const changes = useMemo(() => createChanges(), []);
  useEffect(() => subscribeChanges?.(() => changes.notify()), [subscribeChanges, changes]);

  useEffect(() => {
    let current = true;
    client.request('getDeal', { account, deal }).then(
      (loaded) => current && setDetail(loaded),
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, [client, account, deal]);

  const shown = useMemo(() => (detail ? previewThread(detail, thread) : null), [detail, thread]);

  useEffect(() => {
    const element = host.current;
    if (!element || !shown) return;
    return ui.sidebar(element, {
      client,
      account,
      thread: { id: shown.id, subject: shown.subject, participants: shown.participants },
      changes,
      // The thread's mail is already stored: there is no Gmail tab to read it again from.
      ingestThread: async () => {},
    });
  }, [ui, client, account, shown, changes]);

  if (error) {
    return (
      <main className="ember-page">
        <p className="ember-error" role="alert">
          Ember could not show this thread: {error}
        </p>
      </main>
    );
  }
  if (!shown) return <main className="ember-page">Loading…</main>;
  return (
    <main className="ember-page sidebar-preview">
      <h1>{shown.subject}</h1>
      <p className="ember-hint" role="note">
        A preview on {accountLabel(account)}: this thread is made up, so Gmail cannot open it. In Gmail, the panel on
        the right sits beside the thread you open, and works just as it does here.
      </p>
      <div className="sidebar-preview-layout">
        <section aria-label="The thread" className="sidebar-preview-thread">
          {shown.messages.map((message) => (
            <article key={message.id} className="ember-card">
              <p className="ember-hint">
                {message.from} → {message.to.join(', ')} · {new Date(message.at).toLocaleString()}
              </p>
              <p>{message.snippet}</p>
            </article>
          ))}
        </section>
        <aside aria-label="Ember's sidebar" className="sidebar-preview-panel">
          <div ref={host} className="ember-root" />
        </aside>
      </div>
    </main>
  );
}
