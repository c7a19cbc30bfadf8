import { useState } from 'react';
import type { EmberClient } from '@/lib/messaging/client';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import { AccountPicker } from '../account-picker';
import { SampleBanner } from '../sample-banner';
import { errorMessage, useAsync } from '../use-async';
import { BackupPanel } from './backup-panel';
import { GooglePanel } from './google-panel';
import { DraftingForm } from './drafting-form';
import { SettingsForm } from './settings-form';
import { VoicePanel } from './voice-panel';
import { WorkflowEditor } from './workflow-editor';

/** The options page: per-account settings, the drafting provider, and the rep's data. */
export function OptionsApp({
  client,
  requestOrigin,
  subscribe,
  persist,
  readBackup,
  allowDownloads,
}: {
  client: EmberClient;
  /** Asks the rep to let Ember save files to Downloads (the weekly backup's permission prompt). */
  allowDownloads?: () => Promise<boolean>;
  /** Reads a backup in parts from the account's database (the options page's own reader). */
  readBackup?: (account: string) => Promise<{ parts: string[]; exportedAt: number }>;
  /** navigator.storage.persist, asked when the page opens. */
  persist?: () => Promise<boolean>;
  /** The background's "data changed" signal (lib/messaging/page-changes.ts). */
  subscribe?: (listener: () => void) => () => void;
  /** Asks the rep to let Ember reach a provider's origin (Chrome's permission prompt). */
  requestOrigin?: (origin: string) => Promise<boolean>;
}) {
  const accounts = useAsync(() => client.request('listAccounts', {}), 'accounts');
  const [chosen, setChosen] = useState<string | null>(null);
  // The account this page deleted: hidden for the page's life (until the sample is loaded again), as
  // a read still in flight could register it again before the list reloads.
  const [removed, setRemoved] = useState<string | null>(null);
  const [loadingSample, setLoadingSample] = useState(false);
  const [sampleError, setSampleError] = useState<string | null>(null);

  async function loadSample() {
    setLoadingSample(true);
    setSampleError(null);
    try {
      await client.request('loadSampleData', { account: SAMPLE_ACCOUNT });
      setRemoved(null);
      setChosen(SAMPLE_ACCOUNT);
      accounts.reload();
    } catch (error) {
      setSampleError(`The sample data could not be loaded: ${errorMessage(error)}`);
    } finally {
      setLoadingSample(false);
    }
  }

  if (accounts.status === 'loading') return <main className="ember-page">Loading…</main>;
  if (accounts.status === 'failed') {
    return (
      <main className="ember-page">
        <p className="ember-error" role="alert">
          Ember could not load your accounts: {accounts.error}
        </p>
      </main>
    );
  }
  const listed = accounts.value.filter(({ account: address }) => address !== removed);
  const account = chosen ?? listed[0]?.account ?? null;

  return (
    <main className="ember-page">
      <h1>
        <img src="/icon/48.png" alt="" width={28} height={28} /> Ember settings
      </h1>
      <p>
        <a href="/dashboard.html">Open the dashboard</a>
      </p>
      <GooglePanel
        key={`google-${account ?? ''}`}
        client={client}
        account={account}
        subscribe={subscribe}
        onConnected={(connected) => {
          setChosen(connected);
          accounts.reload();
        }}
      />
      {account === null ? (
        <section className="ember-card">
          <h2>No Gmail account yet</h2>
          <p className="ember-hint">
            Open Gmail in this browser: Ember remembers each account it sees there, and its settings appear here.
          </p>
          <p className="ember-hint">
            Or try Ember first on a sample account: a few made-up deals, with the queue and dashboard working. It is
            marked as a sample everywhere, and removed in one click.
          </p>
          <button
            className="ember-button primary"
            type="button"
            disabled={loadingSample}
            onClick={() => void loadSample()}
          >
            Try Ember with sample data
          </button>
          {sampleError && (
            <p className="ember-error" role="alert">
              {sampleError}
            </p>
          )}
        </section>
      ) : (
        <>
          {listed.length > 1 && (
            <AccountPicker
              accounts={listed.map(({ account: address }) => address)}
              value={account}
              onChange={setChosen}
            />
          )}
          {account === SAMPLE_ACCOUNT && (
            <SampleBanner
              client={client}
              onRemoved={() => {
                setRemoved(SAMPLE_ACCOUNT);
                setChosen(null);
                accounts.reload();
              }}
            />
          )}
          <SettingsForm key={`settings-${account}`} client={client} account={account} />
          <WorkflowEditor key={`workflow-${account}`} client={client} account={account} />
          <VoicePanel key={`voice-${account}`} client={client} account={account} />
          <BackupPanel
            key={`backup-${account}`}
            client={client}
            account={account}
            persist={persist}
            readBackup={readBackup}
            allowDownloads={allowDownloads}
            subscribe={subscribe}
            onDeleted={() => {
              setRemoved(account);
              setChosen(null);
              accounts.reload();
            }}
          />
        </>
      )}
      <DraftingForm client={client} requestOrigin={requestOrigin} />
    </main>
  );
}
