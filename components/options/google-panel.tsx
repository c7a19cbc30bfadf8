import { useCallback, useEffect, useState } from 'react';
import type { EmberClient } from '@/lib/messaging/client';
import type { GoogleStatusView } from '@/lib/messaging/protocol';
import { GoogleSyncLine } from '../google/google-sync-status';
import { errorMessage } from '../use-async';

/**
 * "Connect Gmail and Calendar": the background's own read-only view of the rep's mail and calendar
 * (issue 16). Shows where the sync stands, its backfill's progress and its last error in words.
 */
export function GooglePanel({
  client,
  account,
  onConnected,
  subscribe,
  now = () => Date.now(),
}: {
  client: EmberClient;
  /** The account the page shows; null before Ember has seen any (Google can still be connected). */
  account: string | null;
  onConnected: (account: string) => void;
  /** The background's "data changed" signal, so progress shows as it goes. */
  subscribe?: (listener: () => void) => () => void;
  now?: () => number;
}) {
  // The last status read stays up while the next is on its way: the card never flickers to "loading".
  const [view, setView] = useState<GoogleStatusView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  useEffect(() => subscribe?.(reload), [subscribe, reload]);
  useEffect(() => {
    let current = true;
    client.request('getGoogleStatus', account === null ? {} : { account }).then(
      (status) => {
        if (!current) return;
        setView(status);
        setLoadError(null);
      },
      (failure: unknown) => current && setLoadError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [client, account, version]);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
      reload();
    }
  }

  const connect = () =>
    run(async () => {
      const connected = await client.request('connectGoogle', {});
      if (connected.connection) onConnected(connected.connection.account);
    });

  const connection = view?.connection ?? null;
  const available = view?.available ?? false;

  return (
    <section className="ember-card" aria-label="Gmail and Calendar">
      <h2>Gmail and Calendar</h2>
      <p className="ember-hint">
        Connected, Ember reads your mail and calendar through Google’s API in the background: a reply you read on your
        phone, a reply you sent from it, and a meeting that ends all reach your deals without a Gmail tab open. Access
        is read-only; the mail stays in this browser.
      </p>
      {loadError && (
        <p className="ember-error" role="alert">
          {loadError}
        </p>
      )}
      {view === null ? (
        loadError === null && <p className="ember-hint">Loading…</p>
      ) : !available ? (
        <p className="ember-hint">
          This build of Ember was made without a Google client id, so it cannot connect Google. The README says how to
          set one up.
        </p>
      ) : connection && account !== null ? (
        <>
          <p>
            Connected as <strong>{connection.account}</strong> since {new Date(connection.connectedAt).toLocaleString()}
            .
          </p>
          {view && <GoogleSyncLine status={view} now={now()} />}
          {view && view.skipped.length > 0 && (
            <details>
              <summary>
                {view.skipped.length} item{view.skipped.length === 1 ? '' : 's'} Ember could not read
              </summary>
              <ul>
                {view.skipped.map((item) => (
                  <li key={item.id}>
                    {item.id}: {item.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div className="ember-row">
            {view?.reconnect ? (
              <button className="ember-button primary" type="button" disabled={busy} onClick={() => void connect()}>
                Reconnect Google
              </button>
            ) : (
              <button
                className="ember-button"
                type="button"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await client.request('syncGoogle', { account });
                  })
                }
              >
                Sync now
              </button>
            )}
            <button
              className="ember-button danger"
              type="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await client.request('disconnectGoogle', { account });
                })
              }
            >
              Disconnect
            </button>
          </div>
        </>
      ) : (
        <div className="ember-row">
          <button className="ember-button primary" type="button" disabled={busy} onClick={() => void connect()}>
            Connect Gmail and Calendar
          </button>
        </div>
      )}
      {error && (
        <p className="ember-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
