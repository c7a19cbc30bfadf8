import { parseMailbox, type Mailbox } from '@/lib/domain/addresses';
import { closingOf } from '@/lib/domain/drafting/voice';
import { DomainError } from '@/lib/domain/errors';
import { stripHidden } from '@/lib/domain/hidden-text';
import { cleanMessageText } from '@/lib/domain/mail-text';
import type { MessageInput } from '@/lib/messaging/protocol';
import type { StoredMessage } from '@/lib/store/dexie-engine-store';
import { messageInputOf } from '@/lib/store/message-inputs';
import type { MessageInputRecord, MessageRecord } from '@/lib/store/records';

/**
 * Where mail enters: a message as a source sends it (a Gmail tab's loaded thread, a send, the unread
 * feed's partial copy; later Gmail's API), turned into what the deal record keeps of it. The
 * sources differ only in what they know; every one of them arrives as a `MessageInput`.
 */

/** A message from a source, parsed: the engine's message, the display names given, and whether it is partial. */
export interface ParsedMessage {
  message: StoredMessage;
  names: Map<string, string | null>;
  partial: boolean;
}

/**
 * A message as the store keeps it. Cleaning is most of a message's CPU cost, and only a stored
 * message needs it: it is done when its text is first read, which the store does while writing,
 * and never for a duplicate or for mail of no deal.
 */
export function storedMessage(input: MessageInput & { at: number }, from: Mailbox): StoredMessage {
  const addresses = (raw: string[] | undefined) => [
    ...new Set((raw ?? []).map((entry) => parseMailbox(entry)?.address).filter((a): a is string => !!a)),
  ];
  // Hidden characters are gone before anything reads the mail: what the rep sees is all there is.
  const body = stripHidden(input.body ?? '');
  let cleaned: { text: string; snippet: string; closing: string | null } | undefined;
  const content = () => (cleaned ??= { ...cleanMessageText(body), closing: closingOf(body) });
  return {
    id: input.id,
    thread: input.thread,
    at: input.at,
    from: from.address,
    to: addresses(input.to),
    cc: addresses(input.cc),
    subject: stripHidden(input.subject ?? ''),
    get text() {
      return content().text;
    },
    get snippet() {
      return content().snippet;
    },
    get closing() {
      return content().closing;
    },
  };
}

/** Parses a source's message; a sender that is no address is refused with the message named. */
export function parseMessageInput(input: MessageInput): ParsedMessage {
  const { at } = input;
  if (at === undefined) throw new DomainError(`message ${input.id}: Gmail showed no date Ember can read`);
  const from = parseMailbox(input.from);
  if (!from) throw new DomainError(`message ${input.id}: "from" is not an address: ${JSON.stringify(input.from)}`);
  const names = new Map<string, string | null>();
  for (const raw of [input.from, ...(input.to ?? []), ...(input.cc ?? [])]) {
    const mailbox = parseMailbox(raw);
    const name = mailbox?.name ? stripHidden(mailbox.name).trim() : '';
    if (mailbox && name !== '') names.set(mailbox.address, name);
  }
  return { message: storedMessage({ ...input, at }, from), names, partial: input.partial ?? false };
}

/** A message as its input record: the headers, who took part, and the display names given. */
export function messageInputRecord(
  message: StoredMessage,
  names: Map<string, string | null>,
  partial: boolean,
): MessageInputRecord {
  return messageInputOf(message, names, partial);
}

/** Whether two copies of a message differ in nothing the engine reads. */
export function sameHeaders(a: MessageInputRecord, b: MessageInputRecord): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((value, index) => value === y[index]);
  return (
    a.thread === b.thread &&
    a.at === b.at &&
    a.from === b.from &&
    a.partial === b.partial &&
    same(a.to, b.to) &&
    same(a.cc, b.cc)
  );
}

/** What a message row keeps of a message's content (reading it cleans the text). */
export function contentOf(message: StoredMessage): Pick<MessageRecord, 'subject' | 'text' | 'snippet' | 'closing'> {
  return {
    subject: message.subject,
    get text() {
      return message.text;
    },
    get snippet() {
      return message.snippet;
    },
    get closing() {
      return message.closing;
    },
  };
}
