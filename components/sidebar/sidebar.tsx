import { useCallback, useEffect, useState } from 'react';
import type { DraftDesk } from '@/lib/gmail/draft-desk';
import type { EmberClient } from '@/lib/messaging/client';
import type { DealDetail, ResponseData, ThreadLookup } from '@/lib/messaging/protocol';
import type { Changes } from '../changes';
import { errorMessage } from '../use-async';
import { DealView } from './deal-view';
import { UnknownThread } from './unknown-thread';

export interface SidebarThread {
  id: string;
  subject: string;
  participants: string[];
}

export interface SidebarProps {
  client: EmberClient;
  account: string;
  thread: SidebarThread;
  /** Fires when the thread's mail was ingested, so the deal is read again. */
  changes: Changes;
  /** Sends the thread's loaded messages to the background again (after it becomes a deal's). */
  ingestThread: () => Promise<void>;
  /** Called once, when the first data is on screen. */
  onReady?: () => void;
  /** Where drafts go in Gmail; without it drafts are shown but cannot be inserted. */
  desk?: DraftDesk;
}

type Workflow = ResponseData<'getWorkflow'>['workflow'];
type SetAside = ResponseData<'listSetAside'>;
type Loaded = { lookup: ThreadLookup; workflow: Workflow; stageNames: Record<string, string>; setAside: SetAside };

/** The deal panel on a Gmail thread: what deal this is, where it stands, and what to do next. */
export function Sidebar({ client, account, thread, changes, ingestThread, onReady, desk }: SidebarProps) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  useEffect(() => changes.subscribe(reload), [changes, reload]);

  useEffect(() => {
    let current = true;
    Promise.all([
      client.request('getDealForThread', { account, thread: thread.id, participants: thread.participants }),
      client.request('getWorkflow', { account }),
      client.request('listSetAside', { account, thread: thread.id }),
    ]).then(
      ([lookup, { workflow, stageNames }, setAside]) => {
        if (!current) return;
        setLoaded({ lookup, workflow, stageNames, setAside });
        setError(null);
      },
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, [client, account, thread.id, thread.participants, version]);

  useEffect(() => {
    if (loaded) onReady?.();
  }, [loaded, onReady]);

  /** An action answered with the deal's new detail: show it at once. */
  const showDetail = useCallback((detail: DealDetail) => {
    setLoaded((current) =>
      current && (current.lookup.kind === 'linked' || current.lookup.kind === 'contact')
        ? { ...current, lookup: { ...current.lookup, detail } }
        : current,
    );
  }, []);

  const afterLinking = useCallback(async () => {
    await ingestThread();
    reload();
  }, [ingestThread, reload]);

  if (error !== null && loaded === null) {
    return (
      <div className="ember-sidebar">
        <p className="error" role="alert">
          Ember could not load this thread: {error}
        </p>
      </div>
    );
  }
  if (loaded === null) return <div className="ember-sidebar loading">Loading…</div>;

  const { lookup, workflow, stageNames, setAside } = loaded;
  return (
    <div className="ember-sidebar" data-ember-ready="true">
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {setAside.length > 0 && (
        // The rest of the thread's mail was placed; these could not be read and changed nothing.
        <div className="set-aside" role="status">
          <p>
            Ember could not read {setAside.length === 1 ? 'one message' : `${setAside.length} messages`} of this thread
            and set {setAside.length === 1 ? 'it' : 'them'} aside:
          </p>
          <ul>
            {setAside.map((entry) => (
              <li key={entry.message}>{entry.reason}</li>
            ))}
          </ul>
        </div>
      )}
      {lookup.kind === 'linked' || lookup.kind === 'contact' ? (
        <DealView
          client={client}
          account={account}
          thread={thread}
          workflow={workflow}
          stageNames={stageNames}
          detail={lookup.detail}
          linkedBy={lookup.kind === 'contact' ? 'contact' : lookup.linkedBy}
          onDetail={showDetail}
          onUnlinked={reload}
          onError={setError}
          desk={desk}
        />
      ) : (
        <UnknownThread
          client={client}
          account={account}
          thread={thread}
          workflow={workflow}
          lookup={lookup}
          onLinked={afterLinking}
          onError={setError}
        />
      )}
    </div>
  );
}
