import type { EngineMessage } from '@/lib/domain/engine/types';
import type { MessageInputRecord } from './records';

/**
 * A message's input record: its headers, everyone who took part (for finding a person's mail), and
 * the display names known for them. `deal` is where it is placed (null: nowhere, or undecided).
 */
export function messageInputOf(
  message: Pick<EngineMessage, 'id' | 'thread' | 'at' | 'from' | 'to' | 'cc'> & { subject: string },
  names: ReadonlyMap<string, string | null>,
  partial: boolean,
  deal: string | null = null,
): MessageInputRecord {
  const participants = [...new Set([message.from, ...message.to, ...message.cc])];
  const named: Record<string, string> = {};
  for (const address of participants) {
    const name = names.get(address);
    if (name) named[address] = name;
  }
  return {
    id: message.id,
    kind: 'message',
    deal,
    at: message.at,
    thread: message.thread,
    from: message.from,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    participants,
    partial,
    names: named,
  };
}
