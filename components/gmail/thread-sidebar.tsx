import { onAbort, toMessageInput, type GmailFeature } from '@/lib/gmail/feature';
import type { GmailMessage, OpenedThread } from '@/lib/gmail/gmail-host';
import { createChanges } from '../changes';
import { gmailTheme, mountInShadow } from '../mount';
import { Sidebar } from '../sidebar/sidebar';
import sidebarCss from '../sidebar/sidebar.css?inline';

/** Attribute on the panel element: when the first data was on screen (performance.now()). */
export const READY_ATTRIBUTE = 'data-ember-ready-at';

/**
 * The deal sidebar on every opened thread. Its loaded messages are ingested as the panel opens, and
 * each message that loads later is ingested when it does: activity is logged without typing.
 */
export const threadSidebar: GmailFeature = {
  name: 'thread-sidebar',
  init({ host, client, signal, desk }) {
    const stop = host.onThreadOpened((thread: OpenedThread) => {
      const changes = createChanges();
      const ingest = async (messages: GmailMessage[]) => {
        if (messages.length === 0) return;
        await client.request('ingestMessages', { account: host.account, messages: messages.map(toMessageInput) });
        changes.notify();
      };
      const ingestThread = async () => ingest(await thread.loadedMessages());
      const { element, unmount } = mountInShadow(
        <Sidebar
          client={client}
          account={host.account}
          thread={{ id: thread.id, subject: thread.subject, participants: thread.participants() }}
          changes={changes}
          ingestThread={ingestThread}
          desk={desk}
          onReady={() => {
            if (!element.hasAttribute(READY_ATTRIBUTE))
              element.setAttribute(READY_ATTRIBUTE, String(performance.now()));
          }}
        />,
        sidebarCss,
        gmailTheme(),
      );
      if (!thread.showPanel(element)) {
        // Gmail has no sidebar in this view (split pane): still log the activity.
        unmount();
      }
      const report = (error: unknown) => console.warn('Ember could not ingest thread mail', error);
      void ingestThread().catch(report);
      const stopLoads = thread.onMessageLoaded((message) => void ingest([message]).catch(report));
      thread.onClosed(() => {
        stopLoads();
        unmount();
      });
    });
    onAbort(signal, stop);
  },
};
