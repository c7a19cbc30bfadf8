import { withoutTag, type Sides } from './addresses';
import { boundedMemo } from './bounded-memo';

/**
 * Mail that is not a conversation (the contract's "Automated addresses and broadcasts"): machine
 * senders and announcements to many. Real mailboxes are full of both; without these rules one
 * announcement fires dozens of `new_stakeholder` triggers. The engine applies them to every message
 * it ingests, so the replay and the extension agree.
 */

/** Local parts (before any `+tag`) of addresses no person reads or writes from. */
export const AUTOMATED_LOCAL_PARTS: ReadonlySet<string> = new Set([
  'noreply',
  'no-reply',
  'no_reply',
  'donotreply',
  'do-not-reply',
  'do_not_reply',
  'mailer-daemon',
  'postmaster',
  'bounce',
  'bounces',
  'notification',
  'notifications',
  'newsletter',
  'newsletters',
  'alerts',
  'digest',
]);

/** A message to more buyer-side addresses than this (its sender not counted) is a broadcast. */
export const MAX_CONVERSATION_BUYERS = 10;

/**
 * Whether a normalized address is automated: `NoReply+tickets@initech.com` is. Remembered: every
 * message asks about each of its participants, mostly the same people.
 */
export const isAutomatedAddress: (address: string) => boolean = boundedMemo(10_000, (address: string) => {
  const untagged = withoutTag(address.toLowerCase());
  return AUTOMATED_LOCAL_PARTS.has(untagged.slice(0, untagged.lastIndexOf('@')));
});

function countAutomated(list: readonly string[]): number {
  let count = 0;
  for (const address of list) if (isAutomatedAddress(address)) count += 1;
  return count;
}

interface Recipients {
  to: readonly string[];
  cc: readonly string[];
}

/**
 * The message with automated addresses removed from `to` and `cc`, the first thing done to any
 * message: they are never contacts and never count. The same object when there are none. A copy
 * keeps the original's property getters (the extension's message text is cleaned when first read).
 */
export function withoutAutomated<Message extends Recipients>(message: Message): Message {
  if (countAutomated(message.to) === 0 && countAutomated(message.cc) === 0) return message;
  const to = message.to.filter((address) => !isAutomatedAddress(address));
  const cc = message.cc.filter((address) => !isAutomatedAddress(address));
  const descriptors = Object.getOwnPropertyDescriptors(message);
  const value = (list: string[]): PropertyDescriptor => ({
    value: list,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return Object.create(Object.getPrototypeOf(message) as object | null, {
    ...descriptors,
    to: value(to),
    cc: value(cc),
  }) as Message;
}

/** Whether a message is a broadcast: more than MAX_CONVERSATION_BUYERS distinct buyer-side recipients. */
export function isBroadcast(sides: Sides, message: Recipients & { from: string }): boolean {
  // Too few recipients to be one, whoever they are: the usual case, decided without a set.
  if (message.to.length + message.cc.length <= MAX_CONVERSATION_BUYERS) return false;
  const buyers = new Set(
    [...message.to, ...message.cc].filter((address) => address !== message.from && sides.isBuyer(address)),
  );
  return buyers.size > MAX_CONVERSATION_BUYERS;
}
