import { useEffect, useState } from 'react';
import type { EmberClient } from '@/lib/messaging/client';
import type { AutoBackupStatus } from '@/lib/messaging/protocol';
import { errorMessage } from '../use-async';

/**
 * The weekly backup to Downloads (off by default). Turning it on first asks the browser to let
 * Ember save files (the optional `downloads` permission), then writes the first file at once when
 * none was made this week; each later one comes a week after the last backup of any kind.
 */
export function AutoBackupSetting({
  client,
  account,
  allowDownloads,
  version,
}: {
  client: EmberClient;
  account: string;
  /** Chrome's prompt for the `downloads` permission; absent where the page cannot ask. */
  allowDownloads?: () => Promise<boolean>;
  /** Changes when the account's data changed, so a backup that just landed shows. */
  version: number;
}) {
  const [status, setStatus] = useState<AutoBackupStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    client.request('getAutoBackup', { account }).then(
      (answer) => current && setStatus(answer),
      (failure: unknown) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [client, account, version]);

  async function toggle(enabled: boolean) {
    setBusy(true);
    setError(null);
    try {
      if (enabled && !(await (allowDownloads?.() ?? Promise.resolve(false)))) {
        setError('Ember was not allowed to save files to Downloads: the weekly backup stays off.');
        return;
      }
      setStatus(await client.request('setAutoBackup', { account, enabled }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  if (status === null && error === null) return null;
  return (
    <div className="ember-field" aria-label="Weekly backup">
      <label>
        <input
          type="checkbox"
          checked={status?.enabled ?? false}
          disabled={busy || status === null}
          onChange={(event) => void toggle(event.target.checked)}
        />{' '}
        Save a backup to Downloads every week (in an “Ember backups” folder)
      </label>
      {status?.enabled && status.nextAt !== null && (
        <span className="ember-hint">Next one {formatWhen(status.nextAt)}.</span>
      )}
      {status?.error && (
        <span className="ember-error" role="alert">
          The last weekly backup was not saved ({formatWhen(status.error.at)}): {status.error.message}
        </span>
      )}
      {error && (
        <span className="ember-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function formatWhen(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
