import { DomainError } from '@/lib/domain/errors';
import type { Notifier } from './ports';

/**
 * The weekly backup to the Downloads folder (issue 17), off until the rep turns it on. Uninstalling
 * Ember or clearing the browser's data deletes everything it keeps; a file in Downloads survives.
 *
 * A service worker can make no file, so the backup is written by a hidden extension page (the
 * offscreen document, offscreen.html): the sweep opens it for an account that is due, the page
 * reads the account's database in parts and hands back a blob: URL of the file, and the background
 * saves that URL with the downloads API, then closes the page. What is due and what failed are in
 * the account's settings table, so a worker that stops half-way simply tries again later.
 */

export const AUTO_BACKUP_EVERY = 7 * 86_400_000;
/** After an attempt, failed or cut off, the next waits this long: a failing disk is not retried every minute. */
export const AUTO_BACKUP_RETRY_AFTER = 3_600_000;
/** Under Downloads: one folder, so Ember's files stay together. */
export const AUTO_BACKUP_FOLDER = 'Ember backups';

/** When the account was last backed up (by hand or weekly), in its own database; never in a backup file. */
export const LAST_BACKUP_SETTING = 'backup:last';
const AUTO_BACKUP_SETTING = 'backup:auto';
const ATTEMPT_SETTING = 'backup:auto-attempt';
const ERROR_SETTING = 'backup:auto-error';

/** The settings rows of one account (its database's `settings` table). */
export interface SettingsRows {
  get(key: string): Promise<{ key: string; value: unknown } | undefined>;
  put(row: { key: string; value: unknown }): Promise<unknown>;
  delete(key: string): Promise<void>;
}

/** The browser's downloads, behind the optional `downloads` permission. */
export interface BackupDownloads {
  /** Whether the rep has let Ember save files (the permission, asked for when turning this on). */
  allowed(): Promise<boolean>;
  /** Saves `url` as `filename` under Downloads without asking; resolves once the file is complete. */
  save(url: string, filename: string): Promise<void>;
}

/** The hidden page that writes one account's backup file (offscreen.html). */
export interface BackupWriter {
  /** Opens it to write `account`'s backup as of `exportedAt`. */
  open(account: string, exportedAt: number): Promise<void>;
  isOpen(): Promise<boolean>;
  close(): Promise<void>;
}

export interface AutoBackupDeps {
  settingsOf(account: string): Promise<SettingsRows>;
  downloads: BackupDownloads;
  writer: BackupWriter;
  notifier: Notifier;
  now(): number;
  /** `chrome-extension://<id>`: only blob: URLs of this origin are saved. */
  origin: string;
}

export interface AutoBackupStatus {
  enabled: boolean;
  lastBackupAt: number | null;
  /** When the next one will be written (null: off). */
  nextAt: number | null;
  /** Why the last automatic backup failed, until one succeeds. */
  error: { at: number; message: string } | null;
}

/** `ember-backup-<account>-<YYYY-MM-DD>.json` in Ember's folder: the name the options page gives a backup. */
export function autoBackupFilename(account: string, exportedAt: number): string {
  const safe = account.replace(/[^A-Za-z0-9@._+-]/g, '_');
  return `${AUTO_BACKUP_FOLDER}/ember-backup-${safe}-${new Date(exportedAt).toISOString().slice(0, 10)}.json`;
}

/** When the next automatic backup is due: a week after the last backup of any kind, and not within an hour of an attempt. */
export function nextAutoBackupAt(lastBackupAt: number | null, lastAttemptAt: number | null): number {
  const byAge = lastBackupAt === null ? 0 : lastBackupAt + AUTO_BACKUP_EVERY;
  const byAttempt = lastAttemptAt === null ? 0 : lastAttemptAt + AUTO_BACKUP_RETRY_AFTER;
  return Math.max(byAge, byAttempt);
}

/** A background with no file writing (tests, other hosts): the weekly backup cannot be turned on. */
export const NO_BACKUP_FILES: Pick<AutoBackupDeps, 'downloads' | 'writer' | 'origin'> = {
  downloads: {
    allowed: async () => false,
    save: async () => {
      throw new DomainError('This browser cannot save backups to Downloads');
    },
  },
  writer: { open: async () => {}, isOpen: async () => false, close: async () => {} },
  origin: 'chrome-extension://none',
};

export class AutoBackup {
  constructor(private readonly deps: AutoBackupDeps) {}

  async status(account: string): Promise<AutoBackupStatus> {
    const rows = await this.deps.settingsOf(account);
    const enabled = (await rows.get(AUTO_BACKUP_SETTING))?.value === true;
    const lastBackupAt = numberOf(await rows.get(LAST_BACKUP_SETTING));
    const error = (await rows.get(ERROR_SETTING))?.value as AutoBackupStatus['error'] | undefined;
    return {
      enabled,
      lastBackupAt,
      nextAt: enabled ? nextAutoBackupAt(lastBackupAt, numberOf(await rows.get(ATTEMPT_SETTING))) : null,
      error: error ?? null,
    };
  }

  /** Turns the weekly backup on or off; on needs the rep's leave to save files first. */
  async setEnabled(account: string, enabled: boolean): Promise<AutoBackupStatus> {
    if (enabled && !(await this.deps.downloads.allowed())) {
      throw new DomainError(
        'Ember may not save files to Downloads: allow it when the browser asks, then turn the weekly backup on again',
      );
    }
    const rows = await this.deps.settingsOf(account);
    await rows.put({ key: AUTO_BACKUP_SETTING, value: enabled });
    await rows.delete(ERROR_SETTING);
    await rows.delete(ATTEMPT_SETTING);
    return this.status(account);
  }

  /**
   * Starts the backup of the first due account among `accounts`, from the sweep. One at a time: a
   * writer page already open (this round's, or one a stopped worker left) is left to finish.
   */
  async runDue(accounts: readonly string[]): Promise<string | null> {
    if (await this.deps.writer.isOpen()) return null;
    const now = this.deps.now();
    for (const account of accounts) {
      const status = await this.status(account);
      if (!status.enabled || status.nextAt === null || status.nextAt > now) continue;
      const rows = await this.deps.settingsOf(account);
      // Noted before the page opens: if the worker stops now, the next try waits its hour.
      await rows.put({ key: ATTEMPT_SETTING, value: now });
      if (!(await this.deps.downloads.allowed())) {
        await this.failed(account, 'Ember may no longer save files to Downloads: turn the weekly backup on again');
        continue;
      }
      try {
        await this.deps.writer.open(account, now);
      } catch (error) {
        await this.failed(account, `the page that writes it did not open: ${messageOf(error)}`);
        continue;
      }
      return account;
    }
    return null;
  }

  /** The writer page made the file: saves it under Downloads, records the backup and closes the page. */
  async save(account: string, url: string, exportedAt: number): Promise<void> {
    try {
      if (!url.startsWith(`blob:${this.deps.origin}/`)) {
        throw new DomainError(`refused to save ${url.slice(0, 80)}: not a file Ember made`);
      }
      if (!(await this.deps.downloads.allowed())) {
        throw new DomainError('Ember may no longer save files to Downloads: turn the weekly backup on again');
      }
      await this.deps.downloads.save(url, autoBackupFilename(account, exportedAt));
      const rows = await this.deps.settingsOf(account);
      await rows.put({ key: LAST_BACKUP_SETTING, value: exportedAt });
      await rows.delete(ERROR_SETTING);
    } catch (error) {
      await this.failed(account, messageOf(error));
      throw error instanceof DomainError ? error : new DomainError(`The weekly backup failed: ${messageOf(error)}`);
    } finally {
      await this.deps.writer.close().catch(() => {});
    }
  }

  /** The writer page could not make the file (its reason): recorded, told to the rep, page closed. */
  async fail(account: string, reason: string): Promise<void> {
    await this.failed(account, reason);
    await this.deps.writer.close().catch(() => {});
  }

  /** Recorded for the options page, and told to the rep once per distinct reason. */
  private async failed(account: string, reason: string): Promise<void> {
    const rows = await this.deps.settingsOf(account);
    const previous = (await rows.get(ERROR_SETTING))?.value as AutoBackupStatus['error'] | undefined;
    await rows.put({ key: ERROR_SETTING, value: { at: this.deps.now(), message: reason } });
    if (previous?.message === reason) return;
    await this.deps.notifier
      .notify({
        id: `${account}|auto-backup-failed`,
        title: `Ember (${account})`,
        message: `The weekly backup was not saved: ${reason}`,
        url: 'options.html',
      })
      .catch(() => {});
  }
}

function numberOf(row: { value: unknown } | undefined): number | null {
  return typeof row?.value === 'number' ? row.value : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
