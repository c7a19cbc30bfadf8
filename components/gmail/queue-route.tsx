import { onAbort, type GmailFeature } from '@/lib/gmail/feature';
import { gmailTheme, mountInShadow } from '../mount';
import { QueueList } from '../queue/queue-list';
import queueCss from '../queue/queue.css?inline';
import { SHORTCUTS } from './shortcuts';

/** "Ember" in Gmail's left navigation: the queue as a Gmail page. */
export const queueRoute: GmailFeature = {
  name: 'queue-route',
  init({ host, client, signal }) {
    const stop = host.addQueueRoute((container) => {
      const { element, unmount } = mountInShadow(
        <div className="page">
          <h1>Ember: what needs you now</h1>
          <QueueList client={client} account={host.account} onOpenThread={(thread) => host.openThread(thread)} />
          <p className="shortcuts muted">
            Shortcuts:{' '}
            {SHORTCUTS.map((shortcut) => `${shortcut.chord} ${shortcut.description.toLowerCase()}`).join(' · ')}
          </p>
        </div>,
        queueCss,
        gmailTheme(),
      );
      container.append(element);
      return () => {
        unmount();
        element.remove();
      };
    });
    onAbort(signal, stop);
  },
};
