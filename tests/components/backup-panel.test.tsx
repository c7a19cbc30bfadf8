// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BackupPanel, backupAdvice } from '@/components/options/backup-panel';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const ACCOUNT = 'sam@seller.com';
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T10:00:00Z');

describe('losing everything (issue 17)', () => {
  test.each([
    [null, /No backup yet/, true],
    [NOW - 3_600_000, /Last backup today\.$/, false],
    [NOW - DAY, /Last backup yesterday\.$/, false],
    [NOW - 29 * DAY, /Last backup 29 days ago\.$/, false],
    [NOW - 30 * DAY, /30 days ago\. It is time for a new one/, true],
  ])('last backup %s reads %s (reminder: %s)', (lastBackupAt, text, remind) => {
    const advice = backupAdvice(lastBackupAt, NOW);
    expect(advice.text).toMatch(text);
    expect(advice.remind).toBe(remind);
  });

  test('with no backup the card reminds; after an export it says when; the storage is asked to persist', async () => {
    const { client, clock } = testClient();
    await client.request('getQueue', { account: ACCOUNT });
    const persist = vi.fn(async () => false);
    // jsdom has no object URLs: the download itself is the browser's.
    URL.createObjectURL = () => 'blob:backup';
    URL.revokeObjectURL = () => {};
    // Nor navigation: the link's click is the browser's download.
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<BackupPanel client={client} account={ACCOUNT} onDeleted={() => {}} persist={persist} now={clock} />);
    expect((await screen.findByLabelText('Last backup')).textContent).toMatch(/No backup yet/);
    expect((await screen.findByLabelText('Storage')).textContent).toMatch(/may clear Ember’s data/);
    expect(persist).toHaveBeenCalledTimes(1);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export backup' }));
    await waitFor(() => expect(screen.getByLabelText('Last backup').textContent).toBe('Last backup today.'));
    expect((await client.request('getBackupStatus', { account: ACCOUNT })).lastBackupAt).toBe(clock());
  });
});

describe('the weekly backup to Downloads (issue 17)', () => {
  const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

  function withFiles() {
    const opened: number[] = [];
    const granted = { downloads: false };
    const harness = testClient({
      deps: {
        backupFiles: {
          downloads: { allowed: async () => granted.downloads, save: async () => {} },
          writer: {
            open: async (_account, at) => void opened.push(at),
            isOpen: async () => false,
            close: async () => {},
          },
          origin: ORIGIN,
        },
      },
    });
    return { ...harness, opened, granted };
  }

  test('is off; turning it on asks for leave to save files, and refused it stays off, saying so', async () => {
    const { client, clock, opened } = withFiles();
    await client.request('getQueue', { account: ACCOUNT });
    const allowDownloads = vi.fn(async () => false);
    render(
      <BackupPanel
        client={client}
        account={ACCOUNT}
        onDeleted={() => {}}
        allowDownloads={allowDownloads}
        now={clock}
      />,
    );
    const box = await screen.findByRole<HTMLInputElement>('checkbox', {
      name: /Save a backup to Downloads every week/,
    });
    await waitFor(() => expect(box.disabled).toBe(false));
    expect(box.checked).toBe(false);
    await userEvent.setup().click(box);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Ember was not allowed to save files to Downloads: the weekly backup stays off.',
    );
    expect(allowDownloads).toHaveBeenCalledTimes(1);
    expect(box.checked).toBe(false);
    expect(opened).toEqual([]);
  });

  test('allowed, it is on and the first file is written at once; when it lands the card says so', async () => {
    const { client, clock, opened, granted } = withFiles();
    await client.request('getQueue', { account: ACCOUNT });
    const listeners: (() => void)[] = [];
    const subscribe = (listener: () => void) => {
      listeners.push(listener);
      return () => {};
    };
    const allowDownloads = async () => (granted.downloads = true);
    render(
      <BackupPanel
        client={client}
        account={ACCOUNT}
        onDeleted={() => {}}
        allowDownloads={allowDownloads}
        subscribe={subscribe}
        now={clock}
      />,
    );
    const box = await screen.findByRole<HTMLInputElement>('checkbox', {
      name: /Save a backup to Downloads every week/,
    });
    await waitFor(() => expect(box.disabled).toBe(false));
    await userEvent.setup().click(box);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(opened).toEqual([clock()]);
    // The writer page hands its file over; the background then tells the pages.
    await client.request('saveAutoBackup', { account: ACCOUNT, url: `blob:${ORIGIN}/file`, exportedAt: clock() });
    listeners.forEach((listener) => listener());
    await waitFor(() => expect(screen.getByLabelText('Last backup').textContent).toBe('Last backup today.'));
    expect(screen.getByLabelText('Weekly backup').textContent).toMatch(/Next one/);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
