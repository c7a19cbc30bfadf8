import type { EngineMessage } from './types';

/**
 * Which copy of a message Ember keeps when the same id arrives more than once (the contract's "Late
 * mail and second copies", step 1): a full copy over a partial one (the unread feed's: a thread of its
 * own, only the rep as recipient, a summary for text), then the copy with more distinct participants,
 * then the later arrival. A partial copy never replaces a full one.
 */
export interface MessageCopy extends Pick<EngineMessage, 'from' | 'to' | 'cc'> {
  partial: boolean;
}

export function participantCount(message: Pick<EngineMessage, 'from' | 'to' | 'cc'>): number {
  return new Set([message.from, ...message.to, ...message.cc]).size;
}

/** Whether `incoming`, arriving after `kept`, takes its place. */
export function replacesCopy(kept: MessageCopy, incoming: MessageCopy): boolean {
  if (kept.partial !== incoming.partial) return kept.partial;
  return participantCount(incoming) >= participantCount(kept);
}
