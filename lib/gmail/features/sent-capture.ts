import { onAbort, type GmailFeature } from '../feature';

/**
 * Every message the rep sends is recorded at once with its thread and message ids, so the trigger
 * it answers is resolved with latency to the minute.
 */
export const sentCapture: GmailFeature = {
  name: 'sent-capture',
  init({ host, client, signal }) {
    const stop = host.onMessageSent((message) => {
      void client.request('recordSend', { account: host.account, message }).catch((error: unknown) => {
        console.warn('Ember could not record a sent message', error);
      });
    });
    onAbort(signal, stop);
  },
};
