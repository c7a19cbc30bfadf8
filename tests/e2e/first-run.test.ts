import { mkdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { useExtensionPage } from './extension-messaging';

/** The README's screenshots: written by this test, so they show what the pages show now. */
const SCREENSHOTS = 'docs/screenshots';

/*
 * A newcomer's first run (issue 18): a fresh profile, no Gmail account, no Gmail tab. The side panel
 * offers the sample account; with it the queue, the dashboard and the options page each show
 * content, and each is photographed for the README.
 */
describe('the first run, with no Gmail', () => {
  const session = useExtensionPage();
  const url = (path: string) => `chrome-extension://${session.browser.extensionId}/${path}`;

  test('sample data from the side panel, then the queue, the dashboard and the options page show it', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const page = await session.browser.context.newPage();
    await page.setViewportSize({ width: 420, height: 900 });
    await page.goto(url('sidepanel.html'));
    await page.getByRole('button', { name: 'Try Ember with sample data' }).click();
    const rows = page.locator('li[data-deal]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(2);
    expect(await page.getByText('This is the sample account').isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/queue.png`, fullPage: true });

    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(url('dashboard.html'));
    await page
      .getByText(/Sample · /)
      .first()
      .waitFor({ timeout: 20_000 });
    expect(await page.getByRole('heading').count()).toBeGreaterThan(2);
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });

    await page.goto(url('options.html'));
    await page.getByRole('form', { name: 'Account settings' }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('note').textContent()).toMatch(/This is the sample account/);
    await page.screenshot({ path: `${SCREENSHOTS}/options.png`, fullPage: true });
    await page.close();
  }, 90_000);
});
