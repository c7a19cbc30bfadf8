import { describe, expect, test } from 'vitest';
import {
  AUTO_BACKUP_EVERY,
  AUTO_BACKUP_RETRY_AFTER,
  AutoBackup,
  autoBackupFilename,
  nextAutoBackupAt,
  type SettingsRows,
} from '@/lib/background/auto-backup';
import type { TriggerNotification } from '@/lib/background/ports';
import { DomainError } from '@/lib/domain/errors';
import { testBackground, testClock } from '../helpers/fake-ports';

const ACCOUNT = 'sam@emberseller.com';
const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FILE_URL = `blob:${ORIGIN}/5b0f6d1e-6c3e-4d55-9f0b-0d2b8c1a7e11`;
const DAY = 86_400_000;

/** The service over in-memory settings rows and fake downloads and writer page, with what they were asked. */
function fakeAutoBackup({ allowed = true, download = async () => {} } = {}) {
  const clock = testClock();
  const tables = new Map<string, Map<string, unknown>>();
  const settingsOf = async (account: string): Promise<SettingsRows> => {
    const rows = tables.get(account) ?? new Map<string, unknown>();
    tables.set(account, rows);
    return {
      get: async (key) => (rows.has(key) ? { key, value: rows.get(key) } : undefined),
      put: async ({ key, value }) => rows.set(key, value),
      delete: async (key) => void rows.delete(key),
    };
  };
  const permission = { allowed };
  const saved: { url: string; filename: string }[] = [];
  const opened: { account: string; exportedAt: number }[] = [];
  let open = false;
  const notifications: TriggerNotification[] = [];
  const backup = new AutoBackup({
    settingsOf,
    downloads: {
      allowed: async () => permission.allowed,
      save: async (url, filename) => {
        saved.push({ url, filename });
        await download();
      },
    },
    writer: {
      open: async (account, exportedAt) => {
        opened.push({ account, exportedAt });
        open = true;
      },
      isOpen: async () => open,
      close: async () => void (open = false),
    },
    notifier: { notify: async (notification) => void notifications.push(notification) },
    now: clock,
    origin: ORIGIN,
  });
  return { backup, clock, permission, saved, opened, notifications, isOpen: () => open };
}

describe('when the weekly backup is due', () => {
  const T = Date.parse('2026-04-06T09:00:00Z');
  test.each([
    ['never backed up, never tried: now', null, null, 0],
    ['a week after the last backup', T, null, T + AUTO_BACKUP_EVERY],
    ['an hour after a failed try, when the backup is long overdue', T - 30 * DAY, T, T + AUTO_BACKUP_RETRY_AFTER],
    ['a week after the last backup even just after a try', T, T + DAY, T + AUTO_BACKUP_EVERY],
  ])('%s', (_case, lastBackupAt, lastAttemptAt, expected) => {
    expect(nextAutoBackupAt(lastBackupAt, lastAttemptAt)).toBe(expected);
  });

  test.each([
    ['sam@emberseller.com', '2026-04-06T23:59:00Z', 'Ember backups/ember-backup-sam@emberseller.com-2026-04-06.json'],
    ['a/b\\c:d@x.io', '2026-12-01T00:00:00Z', 'Ember backups/ember-backup-a_b_c_d@x.io-2026-12-01.json'],
  ])('the file for %s on %s is %s', (account, at, filename) => {
    expect(autoBackupFilename(account, Date.parse(at))).toBe(filename);
  });
});

describe('the weekly backup to Downloads', () => {
  test('is off until turned on, and cannot be turned on without leave to save files', async () => {
    const { backup, permission, opened } = fakeAutoBackup({ allowed: false });
    expect(await backup.status(ACCOUNT)).toEqual({ enabled: false, lastBackupAt: null, nextAt: null, error: null });
    await expect(backup.setEnabled(ACCOUNT, true)).rejects.toThrow(DomainError);
    await expect(backup.setEnabled(ACCOUNT, true)).rejects.toThrow(/may not save files to Downloads/);
    expect((await backup.status(ACCOUNT)).enabled).toBe(false);
    await backup.runDue([ACCOUNT]);
    expect(opened).toEqual([]);
    permission.allowed = true;
    expect(await backup.setEnabled(ACCOUNT, true)).toMatchObject({ enabled: true, nextAt: 0 });
  });

  test('writes a file for the due account, then not again for a week', async () => {
    const { backup, clock, saved, opened, isOpen } = fakeAutoBackup();
    await backup.setEnabled(ACCOUNT, true);
    expect(await backup.runDue(['other@seller.com', ACCOUNT])).toBe(ACCOUNT);
    const first = clock();
    expect(opened).toEqual([{ account: ACCOUNT, exportedAt: first }]);
    // The page is writing: the next minute's round leaves it be.
    expect(await backup.runDue([ACCOUNT])).toBeNull();
    expect(opened).toHaveLength(1);

    await backup.save(ACCOUNT, FILE_URL, first);
    expect(saved).toEqual([{ url: FILE_URL, filename: autoBackupFilename(ACCOUNT, first) }]);
    expect(isOpen()).toBe(false);
    expect(await backup.status(ACCOUNT)).toEqual({
      enabled: true,
      lastBackupAt: first,
      nextAt: first + AUTO_BACKUP_EVERY,
      error: null,
    });

    clock.set(first + AUTO_BACKUP_EVERY - 1);
    expect(await backup.runDue([ACCOUNT])).toBeNull();
    clock.set(first + AUTO_BACKUP_EVERY);
    expect(await backup.runDue([ACCOUNT])).toBe(ACCOUNT);
    expect(opened.map(({ exportedAt }) => exportedAt)).toEqual([first, first + AUTO_BACKUP_EVERY]);
  });

  test('a file that is not Ember’s own is refused, recorded, and the page closed', async () => {
    const { backup, saved, notifications, isOpen } = fakeAutoBackup();
    await backup.setEnabled(ACCOUNT, true);
    await backup.runDue([ACCOUNT]);
    for (const url of ['https://evil.example/x.json', 'blob:https://mail.google.com/abc', `blob:${ORIGIN}x/abc`]) {
      await expect(backup.save(ACCOUNT, url, 1)).rejects.toThrow(/not a file Ember made/);
    }
    expect(saved).toEqual([]);
    expect(isOpen()).toBe(false);
    expect((await backup.status(ACCOUNT)).lastBackupAt).toBeNull();
    expect((await backup.status(ACCOUNT)).error?.message).toMatch(/not a file Ember made/);
    expect(notifications.length).toBeGreaterThan(0);
  });

  test('a download that stops is told to the rep once per reason, and tried again an hour later', async () => {
    const { backup, clock, opened, notifications } = fakeAutoBackup({
      download: async () => {
        throw new Error('the download stopped (FILE_NO_SPACE)');
      },
    });
    await backup.setEnabled(ACCOUNT, true);
    for (let round = 0; round < 2; round += 1) {
      expect(await backup.runDue([ACCOUNT])).toBe(ACCOUNT);
      await expect(backup.save(ACCOUNT, FILE_URL, clock())).rejects.toThrow(
        'The weekly backup failed: the download stopped (FILE_NO_SPACE)',
      );
      // Not every minute: the next try is an hour after this one.
      clock.set(clock() + AUTO_BACKUP_RETRY_AFTER - 1);
      expect(await backup.runDue([ACCOUNT])).toBeNull();
      clock.set(clock() + 1);
    }
    expect(opened).toHaveLength(2);
    expect(notifications).toEqual([
      {
        id: `${ACCOUNT}|auto-backup-failed`,
        title: `Ember (${ACCOUNT})`,
        message: 'The weekly backup was not saved: the download stopped (FILE_NO_SPACE)',
        url: 'options.html',
      },
    ]);
    const status = await backup.status(ACCOUNT);
    expect(status.lastBackupAt).toBeNull();
    expect(status.error).toEqual({
      at: clock() - AUTO_BACKUP_RETRY_AFTER,
      message: 'the download stopped (FILE_NO_SPACE)',
    });
  });

  test('leave withdrawn since: the rep is told and no page opens; turning it on again clears the error', async () => {
    const { backup, permission, opened, notifications } = fakeAutoBackup();
    await backup.setEnabled(ACCOUNT, true);
    permission.allowed = false;
    expect(await backup.runDue([ACCOUNT])).toBeNull();
    expect(opened).toEqual([]);
    expect(notifications.map((n) => n.message)).toEqual([
      'The weekly backup was not saved: Ember may no longer save files to Downloads: turn the weekly backup on again',
    ]);
    permission.allowed = true;
    expect(await backup.setEnabled(ACCOUNT, true)).toMatchObject({ enabled: true, error: null, nextAt: 0 });
  });

  test('the page could not make the file: recorded with its reason and the page closed', async () => {
    const { backup, isOpen } = fakeAutoBackup();
    await backup.setEnabled(ACCOUNT, true);
    await backup.runDue([ACCOUNT]);
    await backup.fail(ACCOUNT, 'the file could not be made: QuotaExceededError');
    expect(isOpen()).toBe(false);
    expect((await backup.status(ACCOUNT)).error?.message).toBe('the file could not be made: QuotaExceededError');
  });
});

describe('through the background', () => {
  test('turning it on writes the first file at once, and the last backup is the one it saved', async () => {
    const opened: { account: string; exportedAt: number }[] = [];
    const saved: string[] = [];
    const { background, clock } = testBackground({
      backupFiles: {
        downloads: { allowed: async () => true, save: async (_url, filename) => void saved.push(filename) },
        writer: {
          open: async (account, exportedAt) => void opened.push({ account, exportedAt }),
          isOpen: async () => false,
          close: async () => {},
        },
        origin: ORIGIN,
      },
    });
    const handlers = background.handlers();
    const sender = { id: 'x' };
    expect((await handlers.getAutoBackup({ account: ACCOUNT }, sender)).enabled).toBe(false);
    const on = await handlers.setAutoBackup({ account: ACCOUNT, enabled: true }, sender);
    expect(on.enabled).toBe(true);
    expect(opened).toEqual([{ account: ACCOUNT, exportedAt: clock() }]);
    await handlers.saveAutoBackup({ account: ACCOUNT, url: FILE_URL, exportedAt: clock() }, sender);
    expect(saved).toEqual([autoBackupFilename(ACCOUNT, clock())]);
    expect(await handlers.getBackupStatus({ account: ACCOUNT }, sender)).toEqual({ lastBackupAt: clock() });
    expect(await handlers.getAutoBackup({ account: ACCOUNT }, sender)).toMatchObject({
      nextAt: clock() + AUTO_BACKUP_EVERY,
    });
    expect((await handlers.setAutoBackup({ account: ACCOUNT, enabled: false }, sender)).nextAt).toBeNull();
  });

  test('a background that cannot write files refuses to turn it on', async () => {
    const { background } = testBackground();
    await expect(background.handlers().setAutoBackup({ account: ACCOUNT, enabled: true }, { id: 'x' })).rejects.toThrow(
      /may not save files to Downloads/,
    );
  });
});
