import type { ComposeRequest, GmailHost, ReplyBox } from './gmail-host';

export type InsertResult = 'inserted' | 'held' | 'needs-confirm';

/**
 * Gets drafts into Gmail's reply boxes without ever overwriting the rep's words: into the thread's
 * open reply, or held until the rep clicks Reply there. A reply the rep already typed in is
 * changed only when they confirm. Nothing here sends.
 */
export interface DraftDesk {
  insert(thread: string, body: string, options?: { evenIfTyped?: boolean }): InsertResult;
  isHeld(thread: string): boolean;
  openCompose(request: ComposeRequest): Promise<void>;
  dispose(): void;
}

export function createDraftDesk(host: GmailHost): DraftDesk {
  const open = new Map<string, ReplyBox>();
  const held = new Map<string, string>();
  const stop = host.onReplyOpened((reply) => {
    open.set(reply.thread, reply);
    reply.onClosed(() => {
      if (open.get(reply.thread) === reply) open.delete(reply.thread);
    });
    const waiting = held.get(reply.thread);
    if (waiting !== undefined && reply.typedText().trim() === '') {
      held.delete(reply.thread);
      reply.insertAtTop(waiting);
    }
  });
  return {
    insert(thread, body, options = {}) {
      const reply = open.get(thread);
      if (!reply) {
        held.set(thread, body);
        return 'held';
      }
      if (reply.typedText().trim() !== '' && !options.evenIfTyped) return 'needs-confirm';
      reply.insertAtTop(body);
      held.delete(thread);
      return 'inserted';
    },
    isHeld: (thread) => held.has(thread),
    openCompose: (request) => host.openCompose(request),
    dispose: stop,
  };
}
