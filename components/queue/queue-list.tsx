import { Fragment, useCallback, useEffect, useId, useState } from 'react';
import { actionSentence } from '@/lib/domain/wording';
import type { EmberClient } from '@/lib/messaging/client';
import type { QueueItemView } from '@/lib/messaging/protocol';
import { DueTime } from '../due-time';
import { TRIGGER_TEXT } from '../format';
import { errorMessage } from '../use-async';
import { useNow } from '../use-now';
import { dismissRequest, dueHeading, groupRuns, QueueRowMenu } from './queue-rows';

/** How often the list asks again while open: triggers come due, and mail arrives, with no click here. */
const REFRESH_EVERY = 60_000;

/**
 * The deals needing attention now, most urgent first, under Overdue, Due today and Later: the queue
 * as a page of Gmail's own. Each row opens its thread; Dismiss and Snooze sit in its row menu, as
 * on the side panel. An action reloads the list; failures say what failed until the next success.
 */
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
  const groupId = useId();
  const [items, setItems] = useState<QueueItemView[] | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    const load = () =>
      Promise.all([client.request('getQueue', { account }), client.request('getWorkflow', { account })]).then(
        ([queue, { stageNames }]) => {
          if (!current) return;
          setItems(queue);
          setNames(stageNames);
        },
        (caught: unknown) => current && setError(`Ember could not load the queue: ${errorMessage(caught)}`),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_EVERY);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [client, account, version]);

  const act = (what: string, request: Promise<unknown>) =>
    request.then(
      () => {
        setError(null);
        reload();
      },
      (caught: unknown) => setError(`Ember could not ${what}: ${errorMessage(caught)}`),
    );
  const dismiss = (item: QueueItemView) =>
    act(`dismiss ${item.deal.title}`, client.request('dismissTrigger', dismissRequest(account, item)));
  const snooze = ({ deal, trigger }: QueueItemView, until: number) =>
    act(`snooze ${deal.title}`, client.request('snoozeTrigger', { account, trigger: trigger.id, until }));

  const notice = error && (
    <p className="error" role="alert">
      {error}
    </p>
  );
  if (items === null) return notice || <p className="muted">Loading…</p>;
  if (items.length === 0) {
    return (
      <>
        {notice}
        <p className="muted">Nothing needs you right now. Open a thread and track it as a deal to start.</p>
      </>
    );
  }
  return (
    <>
      {notice}
      {groupRuns(items, (item) => dueHeading(item, now)).map(({ heading, entries }, groupIndex) => {
        const headingId = `${groupId}-${groupIndex}`;
        return (
          <Fragment key={headingId}>
            <h2 className="queue-group" id={headingId}>
              {heading}
            </h2>
            <ol className="queue" aria-labelledby={headingId}>
              {entries.map(({ item }) => {
                const { trigger, deal, thread } = item;
                const sentence = actionSentence(trigger.action, trigger.stakeholder);
                return (
                  <li key={trigger.id} className={trigger.dueAt < now ? 'overdue' : undefined} data-deal={deal.id}>
                    <div className="queue-main">
                      <strong>{deal.title}</strong> <span className="muted">· {names[deal.stage] ?? deal.stage}</span>
                      <div>
                        {sentence} <span className="muted">({TRIGGER_TEXT[trigger.kind]})</span>
                      </div>
                    </div>
                    <DueTime dueAt={trigger.dueAt} now={now} />
                    <button
                      className="button primary"
                      type="button"
                      disabled={thread === null}
                      onClick={() => thread && onOpenThread(thread)}
                    >
                      Open thread
                    </button>
                    <QueueRowMenu
                      item={item}
                      onDismiss={() => dismiss(item)}
                      onSnooze={(until) => snooze(item, until)}
                    />
                  </li>
                );
              })}
            </ol>
          </Fragment>
        );
      })}
    </>
  );
}
