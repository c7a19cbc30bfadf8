import type { MessageInput } from '@/lib/messaging/protocol';

/** A message as a Gmail tab sends it: on thread t1, subject "Pilot", `Text of <id>.` unless `fields` say otherwise. */
export function mailInput(
  id: string,
  when: string,
  from: string,
  to: string[],
  fields: Partial<MessageInput> = {},
): MessageInput {
  return {
    id,
    thread: 't1',
    at: Date.parse(when),
    from,
    to,
    cc: [],
    subject: 'Pilot',
    body: `Text of ${id}.`,
    ...fields,
  };
}
