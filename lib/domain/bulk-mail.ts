import { withoutTag, type Sides } from './addresses';

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

/** Whether a normalized address is automated: `NoReply+tickets@initech.com` is. */
export function isAutomatedAddress(address: string): boolean {
  const untagged = withoutTag(address.toLowerCase());
  return AUTOMATED_LOCAL_PARTS.has(untagged.slice(0, untagged.lastIndexOf('@')));
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
  const to = message.to.filter((address) => !isAutomatedAddress(address));
  const cc = message.cc.filter((address) => !isAutomatedAddress(address));
  if (to.length === message.to.length && cc.length === message.cc.length) return message;
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
  const buyers = new Set(
    [...message.to, ...message.cc].filter((address) => address !== message.from && sides.isBuyer(address)),
  );
  return buyers.size > MAX_CONVERSATION_BUYERS;
}
