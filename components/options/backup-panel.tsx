import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { EmberClient } from '@/lib/messaging/client';
import { importPartsOf } from '@/lib/store/backup-stream';
import { errorMessage } from '../use-async';
import { AutoBackupSetting } from './auto-backup-setting';

type Status = { kind: 'ok' | 'error'; message: string } | null;

const DAY = 86_400_000;
/** A backup older than this, or none, earns a reminder. */
export const BACKUP_REMINDER_DAYS = 30;

/**
 * Where the account's backups stand, in words: when the last one was made, and a reminder when
 * there is none for a month. Uninstalling Ember, or clearing the browser's site data, deletes
 * everything it keeps; a backup is what survives that.
 */
export function backupAdvice(lastBackupAt: number | null, now: number): { text: string; remind: boolean } {
  if (lastBackupAt === null) {
    return {
      text: 'No backup yet. Uninstalling Ember or clearing this browser’s data would delete everything: export one now and then.',
      remind: true,
    };
  }
  const days = Math.floor((now - lastBackupAt) / DAY);
  const when = days < 1 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return days >= BACKUP_REMINDER_DAYS
    ? { text: `Last backup ${when}. It is time for a new one.`, remind: true }
    : { text: `Last backup ${when}.`, remind: false };
}

/** Export, import and delete-all for one account. Import changes nothing unless the whole file is valid. */
export function BackupPanel({
  client,
  account,
  onDeleted,
  persist,
  readBackup,
  allowDownloads,
  subscribe,
  now = () => Date.now(),
}: {
  client: EmberClient;
  account: string;
  onDeleted: () => void;
  /** Asks the browser to keep Ember's storage when the disk runs low (navigator.storage.persist). */
  persist?: () => Promise<boolean>;
  /**
   * Reads the account's backup in parts, straight from its database (lib/store/backup-stream.ts):
   * a large store does not fit the 64 MiB a runtime message may carry. Absent: asked of the background.
   */
  readBackup?: (account: string) => Promise<{ parts: string[]; exportedAt: number }>;
  /** Chrome's prompt for the `downloads` permission the weekly backup needs. */
  allowDownloads?: () => Promise<boolean>;
  /** The background's "data changed" signal: a weekly backup that lands shows at once. */
  subscribe?: (listener: () => void) => () => void;
  now?: () => number;
}) {
  const [status, setStatus] = useState<Status>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [lastBackupAt, setLastBackupAt] = useState<number | null | undefined>(undefined);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => subscribe?.(() => setVersion((value) => value + 1)), [subscribe]);

  useEffect(() => {
    let current = true;
    client.request('getBackupStatus', { account }).then(
      (answer) => current && setLastBackupAt(answer.lastBackupAt),
      () => current && setLastBackupAt(undefined),
    );
    return () => {
      current = false;
    };
  }, [client, account, status, version]);

  useEffect(() => {
    if (!persist) return;
    let current = true;
    persist().then(
      (granted) => current && setPersisted(granted),
      () => current && setPersisted(false),
    );
    return () => {
      current = false;
    };
  }, [persist]);

  async function exportFile() {
    try {
      let parts: string[];
      if (readBackup) {
        const read = await readBackup(account);
        parts = read.parts;
        await client.request('recordBackup', { account, exportedAt: read.exportedAt });
      } else {
        parts = [JSON.stringify(await client.request('exportData', { account }), null, 2)];
      }
      const blob = new Blob(parts, { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `ember-backup-${account}-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
      setStatus({ kind: 'ok', message: 'Backup downloaded' });
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    let backup: unknown;
    try {
      backup = JSON.parse(await file.text());
    } catch {
      setStatus({ kind: 'error', message: `${file.name} is not JSON: nothing was imported` });
      return;
    }
    try {
      // In parts: a large file does not fit the 64 MiB one runtime message may carry.
      const split = importPartsOf(backup);
      let imported: Record<string, number>;
      if (split) {
        const { importId } = await client.request('beginImport', { account, header: split.header });
        for (const part of split.parts) await client.request('addImportPart', { account, importId, ...part });
        ({ imported } = await client.request('commitImport', { account, importId }));
      } else {
        ({ imported } = await client.request('importData', { account, backup }));
      }
      const added = ['inputs', 'threads', 'workflows', 'drafts', 'settings'].some(
        (table) => (imported[table] ?? 0) > 0,
      );
      setStatus({
        kind: 'ok',
        message: added
          ? `Imported ${count(imported.messages, 'message')} and ${count(imported.actions, 'of your actions', 'of your actions')}; ${count(imported.deals, 'deal')} rebuilt`
          : 'This browser already has everything in this backup: nothing changed',
      });
    } catch (error) {
      setStatus({ kind: 'error', message: `${errorMessage(error)}: nothing was imported` });
    }
  }

  async function deleteAll() {
    try {
      await client.request('deleteAllData', { account });
      setConfirming(false);
      onDeleted();
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  }

  return (
    <section className="ember-card" aria-label="Your data">
      <h2>Your data</h2>
      <p className="ember-hint">
        Everything Ember knows about {account} is in this browser. A backup is one JSON file; importing adds what this
        browser lacks and rebuilds the deals it touches, so an older backup never undoes anything newer.
      </p>
      {lastBackupAt !== undefined && (
        <p
          className={backupAdvice(lastBackupAt, now()).remind ? 'ember-reminder' : 'ember-hint'}
          aria-label="Last backup"
        >
          {backupAdvice(lastBackupAt, now()).text}
        </p>
      )}
      <AutoBackupSetting client={client} account={account} allowDownloads={allowDownloads} version={version} />
      {persisted !== null && (
        <p className="ember-hint" aria-label="Storage">
          {persisted
            ? 'This browser keeps Ember’s data even when the disk runs low.'
            : 'This browser may clear Ember’s data when the disk runs low: keep a backup.'}
        </p>
      )}
      <div className="ember-row">
        <button className="ember-button" type="button" onClick={() => void exportFile()}>
          Export backup
        </button>
        {/* A real button, so Tab reaches it; the file input it opens stays out of sight and out of the tab order. */}
        <button className="ember-button" type="button" onClick={() => fileInput.current?.click()}>
          Import backup
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          aria-label="Backup file"
          hidden
          onChange={(event) => void importFile(event)}
        />
        {confirming ? (
          <>
            <span>Delete every deal, message and setting of {account}?</span>
            <button className="ember-button danger" type="button" onClick={() => void deleteAll()}>
              Delete everything
            </button>
            <button className="ember-button" type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button className="ember-button danger" type="button" onClick={() => setConfirming(true)}>
            Delete all my data
          </button>
        )}
      </div>
      {status && (
        <p
          className={status.kind === 'ok' ? 'ember-ok' : 'ember-error'}
          role={status.kind === 'ok' ? 'status' : 'alert'}
        >
          {status.message}
        </p>
      )}
    </section>
  );
}

function count(value: number | undefined, one: string, many = `${one}s`): string {
  const n = value ?? 0;
  return `${n} ${n === 1 ? one : many}`;
}
