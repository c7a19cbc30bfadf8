// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { accountIndex, parseUnreadFeed } from '@/lib/gmail/atom-feed';
import { FEED_INTERVAL_MS, startFeedPoller } from '@/lib/gmail/features/feed-poller';
import { createDraftDesk } from '@/lib/gmail/draft-desk';
import type { GmailHost } from '@/lib/gmail/gmail-host';
import type { EmberClient } from '@/lib/messaging/client';

const entry = (id: string, author: string, extra = '') =>
  `<entry><title>Re: Pilot</title><summary>What would a pilot look like?</summary>
   <link rel="alternate" href="https://mail.google.com/mail/u/0?account_id=sam%40x.com&amp;message_id=${id}&amp;view=conv&amp;extsrc=atom" type="text/html"/>
   <issued>2026-04-06T13:30:00Z</issued><author><name>Kim</name><email>${author}</email></author>${extra}</entry>`;
const feed = (...entries: string[]) =>
  `<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#">${entries.join('')}</feed>`;

describe('the unread feed', () => {
  test('yields message id, subject, summary, time and author of each entry', () => {
    expect(parseUnreadFeed(feed(entry('18f00a1', 'Kim@Globex.io')))).toEqual([
      {
        messageId: '18f00a1',
        subject: 'Re: Pilot',
        summary: 'What would a pilot look like?',
        at: Date.parse('2026-04-06T13:30:00Z'),
        from: { name: 'Kim', address: 'kim@globex.io' },
      },
    ]);
  });

  test.each([
    ['not XML at all', '<html><body>Sign in</body>'],
    ['an entry without a message id', feed(entry('', 'kim@globex.io'))],
    ['an entry without an author address', feed(entry('18f00a1', 'Kim'))],
    ['an empty feed', feed()],
  ])('%s gives nothing', (_case, xml) => {
    expect(parseUnreadFeed(xml)).toEqual([]);
  });

  test('markup in the feed stays text', () => {
    const [parsed] = parseUnreadFeed(
      feed(entry('18f00a1', 'kim@globex.io').replace('What would', '&lt;img src=x onerror=alert(1)&gt; What would')),
    );
    expect(parsed!.summary).toBe('<img src=x onerror=alert(1)> What would a pilot look like?');
  });

  test.each([
    ['/mail/u/0/', 0],
    ['/mail/u/3/#inbox', 3],
    ['/mail/', 0],
  ])('account index of %s is %i', (path, index) => {
    expect(accountIndex(path)).toBe(index);
  });
});

describe('the feed poller', () => {
  function harness(responses: (string | Error)[]) {
    const requests: unknown[] = [];
    const delays: number[] = [];
    let pending: (() => void) | null = null;
    let scheduled: (() => void) | null = null;
    const controller = new AbortController();
    const client = {
      request: async (type: string, data: unknown) => void requests.push([type, data]),
    } as unknown as EmberClient;
    startFeedPoller(
      {
        host: { account: 'sam@x.com' } as GmailHost,
        client,
        signal: controller.signal,
        desk: createDraftDesk({ onReplyOpened: () => () => {} } as unknown as GmailHost),
      },
      {
        fetchFeed: async () => {
          const next = responses.shift() ?? feed();
          if (next instanceof Error) throw next;
          return next;
        },
        setTimer: (run, delay) => {
          delays.push(delay);
          pending = run;
          scheduled?.();
          return () => (pending = null);
        },
      },
    );
    /** Runs the waiting poll, and waits until it is done: a poll ends by setting its next timer. */
    const tick = async () => {
      const run = pending;
      if (!run) return;
      pending = null;
      const done = new Promise<void>((resolve) => (scheduled = resolve));
      run();
      await done;
    };
    return { requests, delays, tick, controller };
  }

  test('polls at once, ingests entries as messages, then every minute', async () => {
    const { requests, delays, tick } = harness([feed(entry('18f00a1', 'kim@globex.io'))]);
    await tick();
    expect(requests).toEqual([
      [
        'ingestMessages',
        {
          account: 'sam@x.com',
          messages: [
            {
              id: '18f00a1',
              thread: '18f00a1',
              at: Date.parse('2026-04-06T13:30:00Z'),
              from: 'Kim <kim@globex.io>',
              to: ['sam@x.com'],
              subject: 'Re: Pilot',
              body: 'What would a pilot look like?',
              partial: true,
            },
          ],
        },
      ],
    ]);
    expect(delays).toEqual([0, FEED_INTERVAL_MS]);
  });

  test('backs off on errors, doubling, and returns to a minute after a success', async () => {
    const { delays, tick } = harness([new Error('offline'), new Error('offline'), feed()]);
    await tick();
    await tick();
    await tick();
    expect(delays).toEqual([0, 120_000, 240_000, 60_000]);
  });

  test('stops when its signal aborts', async () => {
    const { delays, tick, controller } = harness([]);
    controller.abort();
    await tick();
    expect(delays).toEqual([0]);
  });
});
