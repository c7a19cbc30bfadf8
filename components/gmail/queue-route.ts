import { onAbort } from '@/lib/gmail/feature';
import { emberRoot, type GmailUiFeature } from './gmail-ui';

/** "Ember" in Gmail's left navigation: the queue as a Gmail page, rendered once the UI is loaded. */
export const queueRoute: GmailUiFeature = {
  name: 'queue-route',
  init({ host, client, signal, ui }) {
    const stop = host.addQueueRoute((container) => {
      const element = emberRoot();
      container.append(element);
      let left = false;
      let unmount = () => {};
      ui.load().then(
        (loaded) => {
          if (!left)
            unmount = loaded.queue(element, {
              client,
              account: host.account,
              openThread: (thread) => host.openThread(thread),
            });
        },
        (error: unknown) => console.warn('Ember could not load its queue', error),
      );
      return () => {
        left = true;
        unmount();
        element.remove();
      };
    });
    onAbort(signal, stop);
  },
};
