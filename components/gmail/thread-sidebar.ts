import { onAbort, toMessageInput } from '@/lib/gmail/feature';
import type { GmailMessage, OpenedThread } from '@/lib/gmail/gmail-host';
import { createChanges } from '../changes';
import { emberRoot, type GmailUiFeature } from './gmail-ui';

/** Attribute on the panel element: when the first data was on screen (performance.now()). */
export const READY_ATTRIBUTE = 'data-ember-ready-at';

/**
 * The deal sidebar on every opened thread. Its loaded messages are ingested as the panel opens, and
 * each message that loads later is ingested when it does: activity is logged without typing, and
 * without waiting for the UI. The panel is given to Gmail at once; the UI renders into it when loaded.
 */
export const threadSidebar: GmailUiFeature = {
  name: 'thread-sidebar',
  init({ host, client, signal, desk, ui }) {
    const stop = host.onThreadOpened((thread: OpenedThread) => {
      const changes = createChanges();
      const ingest = async (messages: GmailMessage[]) => {
        if (messages.length === 0) return;
        await client.request('ingestMessages', { account: host.account, messages: messages.map(toMessageInput) });
        changes.notify();
      };
      const ingestThread = async () => ingest(await thread.loadedMessages());
      const element = emberRoot();
      let closed = false;
      let unmount = () => {};
      // Gmail has no sidebar in some views (split pane): the activity is still logged below.
      if (thread.showPanel(element)) {
        const props = {
          client,
          account: host.account,
          thread: { id: thread.id, subject: thread.subject, participants: thread.participants() },
          changes,
          ingestThread,
          desk,
          onReady: () => {
            if (!element.hasAttribute(READY_ATTRIBUTE))
              element.setAttribute(READY_ATTRIBUTE, String(performance.now()));
          },
        };
        ui.load().then(
          (loaded) => {
            if (!closed) unmount = loaded.sidebar(element, props);
          },
          (error: unknown) => console.warn('Ember could not load its sidebar', error),
        );
      }
      const report = (error: unknown) => console.warn('Ember could not ingest thread mail', error);
      void ingestThread().catch(report);
      const stopLoads = thread.onMessageLoaded((message) => void ingest([message]).catch(report));
      thread.onClosed(() => {
        closed = true;
        stopLoads();
        unmount();
      });
    });
    onAbort(signal, stop);
  },
};
