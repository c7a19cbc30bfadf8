/**
 * The mail the synthesized Gmail page shows and its fake backend answers for, in one place: the
 * page renders rows and threads from it, and the /sync/ answers InboxSDK reads carry the same
 * recipients and dates. Ids are Gmail's: a legacy hex id whose high bits are the time in ms, and a
 * sync id that is the same number in decimal (`msg-f:…`, `thread-f:…`).
 */

export interface Contact {
  name: string;
  address: string;
}

export interface FixtureMessage {
  /** Legacy hex id (`getMessageID()`); its time is `at`. */
  id: string;
  syncId: string;
  from: Contact;
  to: Contact[];
  cc: Contact[];
  at: number;
  /** Plain text; the page renders it as text, never as HTML. */
  body: string;
  /** Shown collapsed (Gmail's "kv"): its content loads when the rep expands it. */
  collapsed: boolean;
}

export interface FixtureThread {
  id: string;
  syncId: string;
  subject: string;
  messages: FixtureMessage[];
}

export interface Mailbox {
  account: string;
  /** Gmail's interface language: dates are shown in it. */
  language: string;
  threads: FixtureThread[];
}

/** How Gmail shows a message's full date (its tooltip), in Intl's terms; gmail-app.js writes the same. */
export const SHOWN_DATE: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};

let sequence = 0;

/** A Gmail legacy id for a message taken in at `at`: the time above the low 20 bits. */
export function gmailId(at: number): string {
  sequence = (sequence + 1) % 0xfffff;
  return ((BigInt(at) << 20n) | BigInt(sequence)).toString(16);
}

const syncIdOf = (kind: 'msg-f' | 'thread-f', hex: string) => `${kind}:${BigInt(`0x${hex}`).toString()}`;

export function message(
  fields: Omit<FixtureMessage, 'id' | 'syncId' | 'collapsed' | 'cc'> & Partial<FixtureMessage>,
): FixtureMessage {
  const id = fields.id ?? gmailId(fields.at);
  return { cc: [], collapsed: false, ...fields, id, syncId: syncIdOf('msg-f', id) };
}

/** A thread; Gmail's thread id is its first message's. */
export function thread(subject: string, messages: FixtureMessage[]): FixtureThread {
  const first = messages[0];
  if (!first) throw new Error(`thread "${subject}" has no messages`);
  return { id: first.id, syncId: syncIdOf('thread-f', first.id), subject, messages };
}
