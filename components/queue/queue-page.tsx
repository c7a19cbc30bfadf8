import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { DueTime } from '../due-time';
import { TRIGGER_KINDS, type TriggerKind } from '@/lib/domain/workflow';
import type { EmberClient } from '@/lib/messaging/client';
import type { GoogleStatusView, QueueItemView, ResponseData } from '@/lib/messaging/protocol';
import { GoogleSyncLine } from '../google/google-sync-status';
import { ACTION_TEXT, TRIGGER_TEXT } from '../format';
import { errorMessage } from '../use-async';
import { useNow } from '../use-now';

export interface QueuePageProps {
  client: EmberClient;
  /** Calls `listener` whenever the background reports a change; returns the unsubscribe. */
  subscribeChanges: (listener: () => void) => () => void;
  /** Opens a Gmail thread of an account. */
  openThread: (account: string, thread: string) => void;
  /** Where the account's Google sync stands (the side panel shows it; Gmail's own queue does not). */
  googleStatus?: (account: string) => Promise<GoogleStatusView>;
}

type Workflow = ResponseData<'getWorkflow'>['workflow'];

const SNOOZES = [
  ['1 hour', () => Date.now() + 3_600_000],
  ['Tomorrow morning', () => nextMorning(1)],
  ['Next week', () => nextMorning(7)],
] as const;

function nextMorning(days: number): number {
  const date = new Date();
  date.setDate(date.getDate() + days);
  date.setHours(9, 0, 0, 0);
  return date.getTime();
}

function endOfToday(now: number): number {
  const date = new Date(now);
  date.setHours(23, 59, 59, 999);
  return date.getTime();
}

/** The rep's morning queue: what needs them now, most urgent first, with the draft ready. */
export function QueuePage({ client, subscribeChanges, openThread, googleStatus }: QueuePageProps) {
  const now = useNow();
  const [account, setAccount] = useState<string | null>(null);
  const [accounts, setAccounts] = useState<string[] | null>(null);
  const [items, setItems] = useState<QueueItemView[] | null>(null);
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState('');
  const [kind, setKind] = useState<TriggerKind | ''>('');
  const [selected, setSelected] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [google, setGoogle] = useState<GoogleStatusView | null>(null);
  const reload = useCallback(() => setVersion((value) => value + 1), []);

  useEffect(() => {
    if (account === null || !googleStatus) return;
    let current = true;
    // A status that cannot be read is not the queue's failure: the line is simply not shown.
    googleStatus(account).then(
      (status) => current && setGoogle(status),
      () => current && setGoogle(null),
    );
    return () => {
      current = false;
    };
  }, [googleStatus, account, version]);

  useEffect(() => subscribeChanges(reload), [subscribeChanges, reload]);

  useEffect(() => {
    let current = true;
    client.request('listAccounts', {}).then(
      (list) => {
        if (!current) return;
        setAccounts(list.map((entry) => entry.account));
        setAccount((chosen) => chosen ?? list[0]?.account ?? null);
      },
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, [client, version]);

  useEffect(() => {
    if (account === null) return;
    let current = true;
    Promise.all([client.request('getQueue', { account }), client.request('getWorkflow', { account })]).then(
      ([queue, { workflow: loaded }]) => {
        if (!current) return;
        setItems(queue);
        setWorkflow(loaded);
        setError(null);
      },
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, [client, account, version]);

  const shown = useMemo(
    () =>
      (items ?? []).filter(
        (item) => (stage === '' || item.deal.stage === stage) && (kind === '' || item.trigger.kind === kind),
      ),
    [items, stage, kind],
  );
  const stageName = (id: string) => workflow?.stages.find((candidate) => candidate.id === id)?.name ?? id;
  const hasSample = (items ?? []).some((item) => item.deal.id.startsWith('sample-'));

  const act = (work: Promise<unknown>) => work.then(reload, (caught: unknown) => setError(errorMessage(caught)));
  const dismiss = (item: QueueItemView) =>
    act(
      client.request('dismissTrigger', {
        account: account!,
        deal: item.deal.id,
        kind: item.trigger.kind,
        ...(item.trigger.stakeholder ? { stakeholder: item.trigger.stakeholder } : {}),
      }),
    );
  const open = (item: QueueItemView) => item.thread && account && openThread(account, item.thread);

  function onKeyDown(event: KeyboardEvent) {
    if ((event.target as HTMLElement).closest('select, input, button')) return;
    const item = shown[selected];
    if (event.key === 'j') setSelected(Math.min(selected + 1, shown.length - 1));
    else if (event.key === 'k') setSelected(Math.max(selected - 1, 0));
    else if (event.key === 'Enter' && item) open(item);
    else if (event.key === 'e' && item) void dismiss(item);
    else return;
    event.preventDefault();
  }

  if (error && items === null) {
    return (
      <main className="ember-page">
        <p className="ember-error" role="alert">
          Ember could not load the queue: {error}
        </p>
      </main>
    );
  }
  if (accounts !== null && accounts.length === 0) {
    return (
      <main className="ember-page">
        <h1>Ember</h1>
        <section className="ember-card">
          <h2>Start in Gmail</h2>
          <p className="ember-hint">
            Open a thread with a buyer in Gmail and choose “Track as deal” in Ember's sidebar.
          </p>
        </section>
      </main>
    );
  }
  if (items === null || account === null) return <main className="ember-page">Loading…</main>;

  const group = (item: QueueItemView) =>
    item.trigger.dueAt < now ? 'Overdue' : item.trigger.dueAt <= endOfToday(now) ? 'Due today' : 'Later';

  return (
    <main className="ember-page queue-page" tabIndex={0} onKeyDown={onKeyDown} aria-label="Queue">
      <h1>
        <img src="/icon/48.png" alt="" width={24} height={24} /> What needs you now
      </h1>
      {accounts && accounts.length > 1 && (
        <label className="ember-field">
          <span>Gmail account</span>
          <select value={account} onChange={(event) => setAccount(event.target.value)}>
            {accounts.map((address) => (
              <option key={address}>{address}</option>
            ))}
          </select>
        </label>
      )}
      {google && <GoogleSyncLine status={google} now={now} reconnectHref="/options.html" />}
      {error && (
        <p className="ember-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="ember-ok" role="status">
          {notice}
        </p>
      )}
      {hasSample && (
        <p className="ember-card sample-banner">
          You are looking at sample data.{' '}
          <button
            className="ember-button"
            type="button"
            onClick={() => void act(client.request('removeSampleData', { account }))}
          >
            Remove sample data
          </button>
        </p>
      )}
      {items.length === 0 ? (
        <section className="ember-card">
          <h2>Nothing needs you right now</h2>
          <p className="ember-hint">
            Open a thread with a buyer in Gmail and choose “Track as deal” in Ember's sidebar. Or see Ember at work with
            sample deals first.
          </p>
          <button
            className="ember-button primary"
            type="button"
            onClick={() => void act(client.request('loadSampleData', { account }))}
          >
            Load sample data
          </button>
        </section>
      ) : (
        <>
          <div className="ember-row filters">
            <label>
              Stage{' '}
              <select value={stage} onChange={(event) => setStage(event.target.value)}>
                <option value="">All</option>
                {workflow?.stages.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Trigger{' '}
              <select value={kind} onChange={(event) => setKind(event.target.value as TriggerKind | '')}>
                <option value="">All</option>
                {TRIGGER_KINDS.map((option) => (
                  <option key={option} value={option}>
                    {TRIGGER_TEXT[option]}
                  </option>
                ))}
              </select>
            </label>
            <span className="ember-hint">j/k to move, Enter to open, e to dismiss</span>
          </div>
          <ol className="queue-list">
            {shown.map((item, index) => {
              const overdue = item.trigger.dueAt < now;
              const heading = group(item);
              const previous = shown[index - 1];
              return (
                <li
                  key={item.trigger.id}
                  className={`queue-item${overdue ? ' overdue' : ''}${index === selected ? ' selected' : ''}`}
                  data-deal={item.deal.id}
                  aria-current={index === selected ? 'true' : undefined}
                >
                  {(!previous || group(previous) !== heading) && <h2 className="queue-group">{heading}</h2>}
                  <div className="queue-title">
                    <strong>{item.deal.title}</strong>{' '}
                    <span className="ember-hint">· {stageName(item.deal.stage)}</span>
                  </div>
                  <div>
                    {ACTION_TEXT[item.trigger.action]}
                    {item.trigger.stakeholder ? ` ${item.trigger.stakeholder}` : ''}{' '}
                    <span className="ember-hint">({TRIGGER_TEXT[item.trigger.kind]})</span>
                  </div>
                  <DueTime dueAt={item.trigger.dueAt} now={now} />
                  {item.draftLine && <div className="ember-hint draft-line">Draft: {item.draftLine}</div>}
                  <div className="ember-row">
                    <button className="ember-button" type="button" disabled={!item.thread} onClick={() => open(item)}>
                      Open thread
                    </button>
                    <button
                      className="ember-button"
                      type="button"
                      disabled={!item.thread}
                      onClick={() =>
                        void client.request('sendDraftToGmail', { account, trigger: item.trigger.id }).then(
                          ({ delivered }) =>
                            setNotice(
                              delivered > 0
                                ? `The draft for ${item.deal.title} is waiting in Gmail: click Reply on the thread.`
                                : 'Open Gmail first: the draft goes into its reply box.',
                            ),
                          (caught: unknown) => setError(errorMessage(caught)),
                        )
                      }
                    >
                      Insert draft
                    </button>
                    <button className="ember-button" type="button" onClick={() => void dismiss(item)}>
                      Dismiss
                    </button>
                    <select
                      aria-label={`Snooze ${item.deal.title}`}
                      value=""
                      onChange={(event) => {
                        const choice = SNOOZES.find(([label]) => label === event.target.value);
                        if (choice)
                          void act(
                            client.request('snoozeTrigger', { account, trigger: item.trigger.id, until: choice[1]() }),
                          );
                      }}
                    >
                      <option value="">Snooze…</option>
                      {SNOOZES.map(([label]) => (
                        <option key={label}>{label}</option>
                      ))}
                    </select>
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </main>
  );
}
