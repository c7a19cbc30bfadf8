import { Fragment, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { AccountPicker } from '../account-picker';
import { SampleBanner } from '../sample-banner';
import { DueTime } from '../due-time';
import { actionSentence } from '@/lib/domain/wording';
import { TRIGGER_KINDS, type TriggerKind } from '@/lib/domain/workflow';
import type { EmberClient } from '@/lib/messaging/client';
import type { GoogleStatusView, QueueItemView, ResponseData } from '@/lib/messaging/protocol';
import { GoogleSyncLine } from '../google/google-sync-status';
import { SAMPLE_ACCOUNT, SAMPLE_PREFIX } from '@/lib/domain/sample/sample-scenario';
import { TRIGGER_TEXT, formatDateTime } from '../format';
import { errorMessage } from '../use-async';
import { useNow } from '../use-now';
import { FilterChip } from './filter-chip';
import { PanelLinks } from './panel-links';
import { dismissRequest, dueHeading, groupRuns, QueueRowMenu } from './queue-rows';
import '../menu/menu-button.css';
import './queue-page.css';
import './row-menu.css';

export interface QueuePageProps {
  client: EmberClient;
  /** Calls `listener` whenever the background reports a change; returns the unsubscribe. */
  subscribeChanges: (listener: () => void) => () => void;
  /** Opens a Gmail thread of an account. */
  openThread: (account: string, thread: string) => void;
  /** Shows a sample deal's thread with Ember's sidebar on an extension page: Gmail has no such thread. */
  previewThread?: (account: string, deal: string, thread: string) => void;
  /** Where the account's Google sync stands (the side panel shows it; Gmail's own queue does not). */
  googleStatus?: (account: string) => Promise<GoogleStatusView>;
}

type Workflow = ResponseData<'getWorkflow'>['workflow'];

/** What the page has to say about the rep's latest action: good news, or what went wrong. */
interface Notice {
  tone: 'ok' | 'error';
  text: string;
}

/** The rep's morning queue: what needs them now, most urgent first, with the draft ready. */
export function QueuePage({ client, subscribeChanges, openThread, previewThread, googleStatus }: QueuePageProps) {
  const now = useNow();
  const [account, setAccount] = useState<string | null>(null);
  const [accounts, setAccounts] = useState<string[] | null>(null);
  const [items, setItems] = useState<QueueItemView[] | null>(null);
  const [snoozed, setSnoozed] = useState<ResponseData<'getSnoozed'>>([]);
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState('');
  const [kind, setKind] = useState<TriggerKind | ''>('');
  const [selected, setSelected] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [version, setVersion] = useState(0);
  const [google, setGoogle] = useState<GoogleStatusView | null>(null);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  const page = useRef<HTMLElement>(null);
  /** Set when a row's action succeeds: the row may go with the next load, and the focus with it. */
  const refocusAfterLoad = useRef(false);
  const groupId = useId();

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
    Promise.all([
      client.request('getQueue', { account }),
      client.request('getWorkflow', { account }),
      client.request('getSnoozed', { account }),
    ]).then(
      ([queue, { workflow: loaded }, asleep]) => {
        if (!current) return;
        setItems(queue);
        setWorkflow(loaded);
        setSnoozed(asleep);
        setError(null);
      },
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, [client, account, version]);

  // A row that its own action removed (dismissed, snoozed) took the focus with it: the page takes it,
  // so that the keyboard carries on from there instead of from the top of the document.
  useEffect(() => {
    if (!refocusAfterLoad.current) return;
    refocusAfterLoad.current = false;
    if (document.activeElement === null || document.activeElement === document.body) page.current?.focus();
  }, [items]);

  const shown = useMemo(
    () =>
      (items ?? []).filter(
        (item) => (stage === '' || item.deal.stage === stage) && (kind === '' || item.trigger.kind === kind),
      ),
    [items, stage, kind],
  );
  const stageName = (id: string) => workflow?.stages.find((candidate) => candidate.id === id)?.name ?? id;
  const hasSample = (items ?? []).some((item) => item.deal.id.startsWith(SAMPLE_PREFIX));

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
    const trySample = () =>
      client.request('loadSampleData', { account: SAMPLE_ACCOUNT }).then(
        () => {
          setAccount(SAMPLE_ACCOUNT);
          reload();
        },
        (caught: unknown) =>
          setNotice({ tone: 'error', text: `Ember could not load the sample data: ${errorMessage(caught)}` }),
      );
    return (
      <main className="ember-page">
        <header className="queue-header">
          <h1>Ember</h1>
          <PanelLinks />
        </header>
        <section className="ember-card">
          <h2>Start in Gmail</h2>
          <p className="ember-hint">
            Open a thread with a buyer in Gmail and choose “Track as deal” in Ember's sidebar.
          </p>
          <p className="ember-hint">
            Or try Ember first on a sample account with a few made-up deals: the queue and the dashboard work on it, and
            it is removed in one click.
          </p>
          <button className="ember-button primary" type="button" onClick={() => void trySample()}>
            Try Ember with sample data
          </button>
          {notice?.tone === 'error' && (
            <p className="ember-error" role="alert">
              {notice.text}
            </p>
          )}
        </section>
      </main>
    );
  }
  if (items === null || account === null) return <main className="ember-page">Loading…</main>;

  /**
   * Runs an action of the rep's. Success reloads the queue and ends the notice of an earlier action,
   * which no longer describes where things stand; failure says what failed.
   */
  const act = (what: string, work: Promise<unknown>, options: { fromRow?: boolean } = {}) =>
    work.then(
      () => {
        setNotice(null);
        if (options.fromRow) refocusAfterLoad.current = true;
        reload();
      },
      (caught: unknown) => setNotice({ tone: 'error', text: `Ember could not ${what}: ${errorMessage(caught)}` }),
    );
  const dismiss = (item: QueueItemView) =>
    act(`dismiss ${item.deal.title}`, client.request('dismissTrigger', dismissRequest(account, item)), {
      fromRow: true,
    });
  const snooze = (item: QueueItemView, until: number) =>
    act(`snooze ${item.deal.title}`, client.request('snoozeTrigger', { account, trigger: item.trigger.id, until }), {
      fromRow: true,
    });
  // A sample deal's thread is made up: there is nothing to open in Gmail, and the rep is told so.
  const isSample = (item: QueueItemView) => account === SAMPLE_ACCOUNT || item.deal.id.startsWith(SAMPLE_PREFIX);
  const sampleNotice = (item: QueueItemView): Notice => ({
    tone: 'ok',
    text: `${item.deal.title} is a sample deal: its thread is made up, so there is nothing to open in Gmail. Track a thread of your own there to see Ember on it.`,
  });
  const insertDraft = (item: QueueItemView) =>
    client.request('sendDraftToGmail', { account, trigger: item.trigger.id }).then(
      ({ delivered }) =>
        setNotice(
          delivered > 0
            ? {
                tone: 'ok',
                text: `The draft for ${item.deal.title} is waiting in Gmail: click Reply on the thread.`,
              }
            : // No Gmail tab of the account took it: nothing was done, and the rep has to act.
              { tone: 'error', text: 'Open Gmail first: the draft goes into its reply box.' },
        ),
      (caught: unknown) =>
        setNotice({
          tone: 'error',
          text: `Ember could not put the draft for ${item.deal.title} into Gmail: ${errorMessage(caught)}`,
        }),
    );
  const open = (item: QueueItemView) => {
    if (!isSample(item)) {
      if (item.thread) openThread(account, item.thread);
    } else if (previewThread && item.thread) previewThread(account, item.deal.id, item.thread);
    else setNotice(sampleNotice(item));
  };
  const unsnooze = (item: QueueItemView) =>
    act(`wake ${item.deal.title}`, client.request('unsnoozeTrigger', { account, trigger: item.trigger.id }));
  const clearFilters = () => {
    setStage('');
    setKind('');
    // The button that was clicked goes with the message: the page keeps the focus for its shortcuts.
    page.current?.focus();
  };

  function onKeyDown(event: KeyboardEvent) {
    // Keys on a control are the control's: Enter on a link follows it, and opens no thread.
    if ((event.target as HTMLElement).closest('select, input, button, a, textarea')) return;
    const item = shown[selected];
    if (event.key === 'j') setSelected(Math.min(selected + 1, shown.length - 1));
    else if (event.key === 'k') setSelected(Math.max(selected - 1, 0));
    else if (event.key === 'Enter' && item) open(item);
    else if (event.key === 'e' && item) void dismiss(item);
    else return;
    event.preventDefault();
  }

  const headingOf = (item: QueueItemView) => dueHeading(item, now);
  // Shown is empty only under a filter: an empty queue has its own message.
  const activeFilters: string[] = [];
  if (stage !== '') activeFilters.push(`Stage “${stageName(stage)}”`);
  if (kind !== '') activeFilters.push(`Trigger “${TRIGGER_TEXT[kind]}”`);

  return (
    <main ref={page} className="ember-page queue-page" tabIndex={0} onKeyDown={onKeyDown} aria-label="Queue">
      <header className="queue-header">
        <h1>
          <img src="/icon/48.png" alt="" width={24} height={24} /> What needs you now
        </h1>
        <PanelLinks />
      </header>
      {accounts && accounts.length > 1 && <AccountPicker accounts={accounts} value={account} onChange={setAccount} />}
      {google && <GoogleSyncLine status={google} now={now} reconnectHref="/options.html" />}
      {error && (
        <p className="ember-error" role="alert">
          Ember could not load the queue: {error}
        </p>
      )}
      {notice?.tone === 'error' && (
        <p className="ember-error" role="alert">
          {notice.text}
        </p>
      )}
      {notice?.tone === 'ok' && (
        <p className="ember-ok" role="status">
          {notice.text}
        </p>
      )}
      {/* On the sample account always: with all its items snoozed or dismissed it is still there to remove. */}
      {account === SAMPLE_ACCOUNT ? (
        <SampleBanner
          client={client}
          onRemoved={() => {
            setAccount(null);
            reload();
          }}
        />
      ) : (
        hasSample && (
          <p className="ember-card sample-banner">
            You are looking at sample data.{' '}
            <button
              className="ember-button"
              type="button"
              onClick={() => void act('remove the sample data', client.request('removeSampleData', { account }))}
            >
              Remove sample data
            </button>
          </p>
        )
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
            onClick={() => void act('load the sample data', client.request('loadSampleData', { account }))}
          >
            Load sample data
          </button>
        </section>
      ) : (
        <>
          <div className="ember-row filters" role="group" aria-label="Filters">
            <FilterChip
              name="Stage"
              value={stage}
              options={[
                { value: '', label: 'Any stage' },
                ...(workflow?.stages ?? []).map((candidate) => ({ value: candidate.id, label: candidate.name })),
              ]}
              onChange={setStage}
            />
            <FilterChip<TriggerKind | ''>
              name="Trigger"
              value={kind}
              options={[
                { value: '', label: 'Any trigger' },
                ...TRIGGER_KINDS.map((option) => ({ value: option, label: TRIGGER_TEXT[option] })),
              ]}
              onChange={setKind}
            />
            <span className="ember-hint">j/k to move, Enter to open, e to dismiss</span>
          </div>
          {shown.length === 0 ? (
            <section className="ember-card queue-no-match">
              <p>No items match {activeFilters.join(' and ')}.</p>
              <button className="ember-button" type="button" onClick={clearFilters}>
                {activeFilters.length > 1 ? 'Clear filters' : 'Clear filter'}
              </button>
            </section>
          ) : (
            groupRuns(shown, headingOf).map(({ heading, entries }, groupIndex) => {
              const headingId = `${groupId}-${groupIndex}`;
              return (
                // The heading sits above its list and labels it: the cards are the list's items.
                <Fragment key={headingId}>
                  <h2 className="queue-group" id={headingId}>
                    {heading}
                  </h2>
                  <ol className="queue-list" aria-labelledby={headingId}>
                    {entries.map(({ item, index }) => {
                      const sentence = actionSentence(item.trigger.action, item.trigger.stakeholder);
                      return (
                        <li
                          key={item.trigger.id}
                          className={`queue-item${item.trigger.dueAt < now ? ' overdue' : ''}${index === selected ? ' selected' : ''}`}
                          data-deal={item.deal.id}
                          aria-current={index === selected ? 'true' : undefined}
                        >
                          <div className="queue-title">
                            <strong>{item.deal.title}</strong>{' '}
                            <span className="ember-hint">· {stageName(item.deal.stage)}</span>
                          </div>
                          <div>
                            {sentence} <span className="ember-hint">({TRIGGER_TEXT[item.trigger.kind]})</span>
                          </div>
                          <DueTime dueAt={item.trigger.dueAt} now={now} />
                          {item.draftLine && <div className="ember-hint draft-line">Draft: {item.draftLine}</div>}
                          <div className="ember-row queue-item-actions">
                            <button
                              className="ember-button primary"
                              type="button"
                              disabled={!item.thread}
                              onClick={() => open(item)}
                            >
                              Open thread
                            </button>
                            <button
                              className="ember-button"
                              type="button"
                              disabled={!item.thread}
                              onClick={() => void insertDraft(item)}
                            >
                              Insert draft
                            </button>
                            <QueueRowMenu
                              item={item}
                              onDismiss={() => dismiss(item)}
                              onSnooze={(until) => snooze(item, until)}
                            />
                          </div>
                        </li>
                      );
                    })}
                  </ol>
                </Fragment>
              );
            })
          )}
        </>
      )}
      {snoozed.length > 0 && (
        <section className="queue-snoozed" aria-labelledby={`${groupId}-snoozed`}>
          <h2 className="queue-group" id={`${groupId}-snoozed`}>
            Snoozed
          </h2>
          <ol className="queue-list">
            {snoozed.map((item) => (
              <li key={item.trigger.id} className="queue-item snoozed" data-deal={item.deal.id}>
                <div className="queue-title">
                  <strong>{item.deal.title}</strong> <span className="ember-hint">· {stageName(item.deal.stage)}</span>
                </div>
                <div>
                  {actionSentence(item.trigger.action, item.trigger.stakeholder)}{' '}
                  <span className="ember-hint">(back {formatDateTime(item.until)})</span>
                </div>
                <div className="ember-row queue-item-actions">
                  <button
                    className="ember-button"
                    type="button"
                    aria-label={`Unsnooze ${item.deal.title}: ${actionSentence(item.trigger.action, item.trigger.stakeholder)}`}
                    onClick={() => void unsnooze(item)}
                  >
                    Unsnooze
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
  );
}
