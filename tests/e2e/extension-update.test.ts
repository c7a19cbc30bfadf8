import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RELOAD_NOTICE_ID } from '@/lib/gmail/reload-notice';
import { E2E_EXTENSION_PATH } from './chromium';
import { openGmailSession, type GmailSession } from './gmail-session';

/**
 * An update orphans the content script in an open Gmail tab, and Chrome injects no new one: the
 * background asks the rep to reload Gmail, in that tab. Loading the unpacked extension again over
 * DevTools (Extensions.loadUnpacked, which needs --enable-unsafe-extension-debugging) is an update
 * to Chrome: runtime.onInstalled fires with reason "update". (chrome.runtime.reload() leaves an
 * extension loaded from the command line disabled.)
 */
describe('an update with Gmail open', () => {
  let session: GmailSession;

  beforeAll(async () => {
    session = await openGmailSession(E2E_EXTENSION_PATH, ['--enable-unsafe-extension-debugging']);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  test('puts a one-line "reload Gmail" notice in the tab, whose button reloads it', async () => {
    const gmail = await session.openGmail();
    expect(await gmail.locator(`#${RELOAD_NOTICE_ID}`).count()).toBe(0);
    const browser = session.browser.context.browser();
    if (!browser) throw new Error('the persistent context has no browser to open a DevTools session on');
    const devtools = await browser.newBrowserCDPSession();
    // Extensions.loadUnpacked is not in Playwright's protocol types.
    const loadUnpacked = devtools.send.bind(devtools) as unknown as (
      method: 'Extensions.loadUnpacked',
      params: { path: string },
    ) => Promise<{ id: string }>;
    const loaded = await loadUnpacked('Extensions.loadUnpacked', { path: E2E_EXTENSION_PATH });
    expect(loaded.id).toBe(session.browser.extensionId);
    const notice = gmail.locator(`#${RELOAD_NOTICE_ID}`);
    await expect.poll(() => notice.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.locator('span').textContent()).toBe(
      'Ember was updated. Reload Gmail so it keeps logging your mail and sends.',
    );
    const reloaded = gmail.waitForEvent('load');
    await notice.getByRole('button', { name: 'Reload Gmail' }).click();
    await reloaded;
    // The reloaded page runs the new content script, and no notice.
    await expect.poll(() => gmail.locator(`#${RELOAD_NOTICE_ID}`).count()).toBe(0);
  });
});
