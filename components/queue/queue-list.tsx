import { useEffect, useState } from 'react';
import { DueTime } from '../due-time';
import type { EmberClient } from '@/lib/messaging/client';
import type { QueueItemView } from '@/lib/messaging/protocol';
import { actionSentence } from '@/lib/domain/wording';
import { TRIGGER_TEXT } from '../format';
import { errorMessage } from '../use-async';
import { useNow } from '../use-now';

/** The deals needing attention now, most urgent first. */
export function QueueList({
  client,
  account,
  onOpenThread,
}: {
  client: EmberClient;
  account: string;
  onOpenThread: (thread: string) => void;
}) {
  const now = useNow();
  const [items, setItems] = useState<QueueItemView[] | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const load = () =>
      Promise.all([client.request('getQueue', { account }), client.request('getWorkflow', { account })]).then(
        ([queue, { stageNames }]) => {
          if (!current) return;
          setItems(queue);
          setNames(stageNames);
        },
        (caught: unknown) => current && setError(errorMessage(caught)),
      );
    void load();
    const timer = setInterval(() => void load(), 60_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [client, account]);

  if (error) {
    return (
      <p className="error" role="alert">
        Ember could not load the queue: {error}
      </p>
    );
  }
  if (items === null) return <p className="muted">Loading…</p>;
  if (items.length === 0) {
    return <p className="muted">Nothing needs you right now. Open a thread and track it as a deal to start.</p>;
  }
  return (
    <ol className="queue" aria-label="Queue">
      {items.map(({ trigger, deal, thread }) => {
        const overdue = trigger.dueAt < now;
        return (
          <li key={trigger.id} className={overdue ? 'overdue' : undefined} data-deal={deal.id}>
            <div className="queue-main">
              <strong>{deal.title}</strong> <span className="muted">· {names[deal.stage] ?? deal.stage}</span>
              <div>
                {actionSentence(trigger.action, trigger.stakeholder)}{' '}
                <span className="muted">({TRIGGER_TEXT[trigger.kind]})</span>
              </div>
            </div>
            <DueTime dueAt={trigger.dueAt} now={now} />
            <button
              className="button"
              type="button"
              disabled={thread === null}
              onClick={() => thread && onOpenThread(thread)}
            >
              Open thread
            </button>
          </li>
        );
      })}
    </ol>
  );
}
