import type { AccountSettings } from '@/lib/domain/settings';

/**
 * The weekly backup's writer page (entrypoints/offscreen), as a function of its ports so it tests
 * without a browser. The background opens the page with `#account=…&at=…`; the page reads that
 * account's backup in parts, makes the file, and hands back its URL, or says why it could not.
 */
export interface BackupWriterPorts {
  settings(account: string): Promise<AccountSettings>;
  /** The backup's JSON in parts, read from the account's database (backupParts). */
  read(account: string, settings: AccountSettings, exportedAt: number): Promise<string[]>;
  /** A blob: URL of the file the parts make. */
  fileUrl(parts: string[]): string;
  save(account: string, url: string, exportedAt: number): Promise<unknown>;
  fail(account: string, reason: string): Promise<unknown>;
}

/** What the background asked for, from the page's `location.hash`; null when it names no account and time. */
export function writerRequest(hash: string): { account: string; exportedAt: number } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const account = params.get('account');
  const exportedAt = Number(params.get('at'));
  return account && Number.isSafeInteger(exportedAt) && exportedAt > 0 ? { account, exportedAt } : null;
}

export async function writeBackupFile(hash: string, ports: BackupWriterPorts): Promise<void> {
  const request = writerRequest(hash);
  if (!request) return;
  const { account, exportedAt } = request;
  let url: string;
  try {
    url = ports.fileUrl(await ports.read(account, await ports.settings(account), exportedAt));
  } catch (error) {
    await ports.fail(account, `the file could not be made: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  // The background saves it, records it and closes this page; its failures are its own to report.
  await ports.save(account, url, exportedAt);
}
