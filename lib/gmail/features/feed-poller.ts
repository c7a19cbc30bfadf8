import { parseUnreadFeed, accountIndex } from '../atom-feed';
import { onAbort, type GmailFeature, type GmailFeatureContext } from '../feature';

export const FEED_INTERVAL_MS = 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;

export interface FeedPollerOptions {
  fetchFeed: () => Promise<string>;
  setTimer: (run: () => void, delay: number) => () => void;
}

/**
 * Polls the unread feed so a buyer's reply fires buyer_replied even in a thread the rep has not
 * opened. Each unread entry is ingested like a message (its summary as the body); the background
 * keeps only those from deal contacts. Errors back off, doubling up to 15 minutes.
 */
export function startFeedPoller({ host, client, signal }: GmailFeatureContext, options: FeedPollerOptions): void {
  let delay = FEED_INTERVAL_MS;
  let cancel = () => {};
  const poll = async () => {
    try {
      const entries = parseUnreadFeed(await options.fetchFeed());
      if (entries.length > 0) {
        await client.request('ingestMessages', {
          account: host.account,
          messages: entries.slice(0, 500).map((entry) => ({
            id: entry.messageId,
            // The feed has no thread id; the message's own id stands in until the thread is opened.
            thread: entry.messageId,
            at: entry.at,
            from: entry.from.name ? `${entry.from.name} <${entry.from.address}>` : entry.from.address,
            to: [host.account],
            subject: entry.subject,
            body: entry.summary,
            partial: true,
          })),
        });
      }
      delay = FEED_INTERVAL_MS;
    } catch {
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
    if (!signal.aborted) cancel = options.setTimer(() => void poll(), delay);
  };
  cancel = options.setTimer(() => void poll(), 0);
  onAbort(signal, () => cancel());
}

export const feedPoller: GmailFeature = {
  name: 'feed-poller',
  init(context) {
    const url = `/mail/u/${accountIndex(location.pathname)}/feed/atom`;
    startFeedPoller(context, {
      async fetchFeed() {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`feed answered ${response.status}`);
        return response.text();
      },
      setTimer(run, delay) {
        const timer = setTimeout(run, delay);
        return () => clearTimeout(timer);
      },
    });
  },
};
