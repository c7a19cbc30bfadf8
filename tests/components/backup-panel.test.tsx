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
