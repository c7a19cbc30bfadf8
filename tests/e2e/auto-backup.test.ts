import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseBackup } from '@/lib/store/backup';
import { requestsFrom, useExtensionPage } from './extension-messaging';

interface DownloadItem {
  filename: string;
  state: string;
  byExtensionId?: string;
}

/*
 * The weekly backup in Chromium (issue 17): turned on in the options page, the first file is made
 * by the offscreen page from the account's database and saved by the background under Downloads,
 * with no page of the rep's open. The e2e build holds the `downloads` permission from the start, as
 * a production build does once the rep allowed it: no test can click the browser's prompt.
 */
describe('the weekly backup to Downloads, in Chromium', () => {
  const session = useExtensionPage();
  const account = 'sam@emberseller.com';
  const downloads = mkdtempSync(join(tmpdir(), 'ember-downloads-'));
  afterAll(() => rmSync(downloads, { recursive: true, force: true }));

  test('turned on in the options page, a valid backup of the account lands in Downloads', async () => {
    const { send } = requestsFrom(session.page);
    await send('createDeal', { account, id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    // Files go where this test can read them. Playwright's profile names downloads by GUID, so the
    // name Ember asks for ("Ember backups/ember-backup-<account>-<date>.json") is the unit test's to check.
    const cdp = await session.browser.context.browser()!.newBrowserCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });

    const options = session.page;
    await options.reload();
    const box = options.getByRole('checkbox', { name: /Save a backup to Downloads every week/ });
    // A controlled box: it shows checked once the background said it is on.
    await box.click();
    await expect.poll(() => box.isChecked()).toBe(true);

    const worker = session.browser.context.serviceWorkers()[0]!;
    const saved = async () => (await worker.evaluate(() => chrome.downloads.search({}))) as unknown as DownloadItem[];
    await expect.poll(async () => (await saved()).map((item) => item.state), { timeout: 30_000 }).toEqual(['complete']);
    const [item] = await saved();
    expect(item!.byExtensionId).toBe(session.browser.extensionId);
    expect(dirname(item!.filename)).toBe(downloads);
    const backup = parseBackup(JSON.parse(readFileSync(item!.filename, 'utf8')));
    expect(backup.account).toBe(account);
    expect(backup.tables.deals.map((deal) => deal.title)).toEqual(['Acme']);

    // The writer page is closed once its file is saved, and the card says when the backup was made.
    await expect.poll(() => worker.evaluate(() => chrome.offscreen.hasDocument())).toBe(false);
    await expect.poll(() => options.getByLabel('Last backup').textContent()).toBe('Last backup today.');
    expect(await options.getByLabel('Weekly backup').textContent()).toMatch(/Next one/);
    expect(await send('getAutoBackup', { account })).toMatchObject({ enabled: true, error: null });
  }, 60_000);
});
