import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleScenario } from '@/lib/domain/sample/sample-scenario';
import { formatQueue, replay } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import { openGmailSession, sidebarOf, type GmailSession } from './gmail-session';

const ACCOUNT = 'sam@emberseller.com';
const NOW = '2026-11-25T15:00:00Z';
const ARTIFACTS = 'test-artifacts';

/**
 * The three pages in real Chromium: sample data fills the side-panel queue in replay's order, the
 * dashboard shows replay's figures for the same history, and a stage renamed in the editor is
 * renamed in the queue and the Gmail sidebar.
 */
describe('queue, dashboard and workflow editor', () => {
  let session: GmailSession;
  let page: Page;
  let gmail: Page;
  let send: GmailSession['send'];
  let setClock: GmailSession['setClock'];
  const url = (path: string) => session.url(path);
  const expected = async () => {
    const scenario = sampleScenario(ACCOUNT, Date.parse(NOW), 'America/New_York');
    return replay(parseScenario({ ...scenario, events: [...scenario.events, { at: NOW, type: 'tick' }] }));
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    session = await openGmailSession();
    page = session.extensionPage;
    await page.setViewportSize({ width: 1000, height: 1400 });
    ({ send, setClock } = session);
    await setClock(NOW);
    await send('saveSettings', { account: ACCOUNT, settings: { timeZone: 'America/New_York' } });
    // The account becomes known the first time Gmail talks to the background; here, a queue read.
    await send('getQueue', { account: ACCOUNT });
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  test("load sample data: the queue lists the sample deals in replay's order", async () => {
    await page.goto(url('sidepanel.html'));
    await page.getByRole('button', { name: 'Load sample data' }).click();
    const rows = page.locator('li[data-deal]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const queue = await send('getQueue', { account: ACCOUNT });
    const replayed = await expected();
    expect(
      formatQueue(
        queue.map((item) => item.trigger),
        Date.parse(NOW),
      ),
    ).toEqual(replayed.queue);
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-deal')))).toEqual(
      replayed.queue.map((item) => item.deal),
    );
    await page.screenshot({ path: `${ARTIFACTS}/queue.png`, fullPage: true });
  }, 20_000);

  test('the dashboard shows the figures replay prints for the same history', async () => {
    const { dashboard } = await send('getDashboard', { account: ACCOUNT });
    const replayed = await expected();
    expect(dashboard.metrics).toEqual(replayed.metrics);
    await page.goto(url('dashboard.html'));
    const conversion = page.getByRole('region', { name: 'Conversion' });
    await expect.poll(() => conversion.getByText('Win rate:').textContent(), { timeout: 10_000 }).toBe('Win rate: 50%');
    const rate = replayed.metrics.latency.buyer_replied.withinSlaRate!;
    const row = page
      .getByRole('region', { name: 'Trigger-to-action latency' })
      .getByRole('row', { name: /^Buyer replied/ })
      .first();
    expect(await row.textContent()).toContain(`${Math.round(rate * 100)}%`);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });
  }, 20_000);

  test('a stage renamed in the editor is renamed in the queue and the Gmail sidebar', async () => {
    await page.goto(url('options.html'));
    const stage = page.getByRole('listitem', { name: 'Stage Discovery' });
    await stage.getByLabel('Name').fill('Diagnose');
    await page.getByRole('button', { name: 'Save workflow' }).click();
    await expect.poll(() => page.getByText('Saved as version 1.').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/options.png`, fullPage: true });

    await page.goto(url('sidepanel.html'));
    const acme = page.locator('li[data-deal="sample-acme"]').first();
    await expect.poll(() => acme.textContent(), { timeout: 10_000 }).toContain('Diagnose');

    gmail = await session.openGmail();
    await gmail.evaluate((account) => {
      document
        .querySelector('#main')!
        .insertAdjacentHTML(
          'beforeend',
          `<section class="thread" data-thread-id="sample-t1" data-subject="Intro"><article class="message" data-message-id="sample-m1" data-from="${account}" data-to="dana@acme.example" data-date="2026-11-16T13:05:00Z">Hi Dana</article></section>`,
        );
    }, ACCOUNT);
    const current = sidebarOf(gmail).locator('[aria-current="step"]');
    await expect.poll(() => current.textContent(), { timeout: 10_000 }).toBe('Diagnose');
  }, 30_000);

  test('"Insert draft" in the queue puts the draft in the Gmail thread\'s reply box', async () => {
    await page.goto(url('sidepanel.html'));
    const acme = page.locator('li[data-deal="sample-acme"]').first();
    await acme.getByRole('button', { name: 'Insert draft' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 10_000 })
      .toBe('The draft for Sample · Acme Corp is waiting in Gmail: click Reply on the thread.');
    await gmail.evaluate(() =>
      document
        .querySelector('#main')!
        .insertAdjacentHTML('beforeend', '<div class="reply" data-thread-id="sample-t1" contenteditable="true"></div>'),
    );
    await expect
      .poll(() => gmail.locator('.reply[data-thread-id="sample-t1"]').textContent(), { timeout: 10_000 })
      .toMatch(/^Hi Dana,\n\n/);
  }, 30_000);
});
