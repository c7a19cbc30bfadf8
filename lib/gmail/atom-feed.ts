/**
 * Gmail's unread feed (`/mail/u/N/feed/atom`), read same-origin from the content script. Its text
 * is untrusted: it is parsed as XML (never as HTML) and only plain strings leave this module.
 */

export interface FeedEntry {
  /** Gmail's hex message id, from the entry's link. */
  messageId: string;
  subject: string;
  summary: string;
  at: number;
  from: { name: string | null; address: string };
}

export function parseUnreadFeed(xml: string, parser: DOMParser = new DOMParser()): FeedEntry[] {
  const doc = parser.parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return [];
  const entries: FeedEntry[] = [];
  for (const entry of Array.from(doc.getElementsByTagName('entry'))) {
    const text = (tag: string, within: Element = entry) =>
      within.getElementsByTagName(tag)[0]?.textContent?.trim() ?? '';
    const href = entry.getElementsByTagName('link')[0]?.getAttribute('href') ?? '';
    const messageId = /[?&]message_id=([0-9a-f]+)/i.exec(href)?.[1];
    const author = entry.getElementsByTagName('author')[0];
    const address = author ? text('email', author).toLowerCase() : '';
    const at = Date.parse(text('issued') || text('modified'));
    if (!messageId || !address.includes('@') || Number.isNaN(at)) continue;
    entries.push({
      messageId,
      subject: text('title'),
      summary: text('summary'),
      at,
      from: { name: (author && text('name', author)) || null, address },
    });
  }
  return entries;
}

/** The account index Gmail's path carries: /mail/u/1/ → 1. */
export function accountIndex(pathname: string): number {
  return Number(/\/mail\/u\/(\d+)/.exec(pathname)?.[1] ?? 0);
}
