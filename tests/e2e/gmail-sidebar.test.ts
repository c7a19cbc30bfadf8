import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeClosedRoot } from './axe-closed-root';
import { insideEmber, revealEmberRoots } from './closed-shadow';
import { appendHtml as append, openGmailSession, sidebarHostOf, sidebarOf, type GmailSession } from './gmail-session';

const ACCOUNT = 'sam@emberseller.com';
/** The README's screenshot of the sidebar is this test's: it cannot go stale. */
const SCREENSHOTS = 'docs/screenshots';

/**
 * Ember in "Gmail": the fixture page served as https://mail.google.com/mail/u/0/, the e2e build's
 * fixture host in place of InboxSDK, and everything else real: content script, messaging,
 * background, IndexedDB.
 */
describe('Ember in Gmail (fixture host)', () => {
  let session: GmailSession;
  let gmail: Page;
  let send: GmailSession['send'];
  let setClock: GmailSession['setClock'];

  const sidebar = () => sidebarOf(gmail);
  const appendHtml = (selector: string, html: string) => append(gmail, selector, html);
  const message = (id: string, from: string, to: string, date: string, text: string) =>
    `<article class="message" data-message-id="${id}" data-from="${from}" data-to="${to}" data-date="${date}">${text}</article>`;
  const deal = async (id: string) => send('getDeal', { account: ACCOUNT, deal: id });
  const acmeId = async () => (await send('searchDeals', { account: ACCOUNT, query: 'acme', limit: 1 }))[0]!.id;

  beforeAll(async () => {
    session = await openGmailSession();
    ({ send, setClock } = session);
    await setClock('2026-04-06T13:00:00Z');
    await send('saveSettings', { account: ACCOUNT, settings: { timeZone: 'America/New_York' } });
    // A deal whose contact writes while the rep is elsewhere: the unread feed must catch it.
    await send('createDeal', {
      account: ACCOUNT,
      id: 'globex',
      title: 'Globex',
      stage: 'contact',
      contacts: ['kim@globex.io'],
    });
    session.server.feed = `<?xml version="1.0" encoding="UTF-8"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><fullcount>1</fullcount>
      <entry><title>Re: Globex pilot</title><summary>What would a pilot look like?</summary>
      <link rel="alternate" href="https://mail.google.com/mail/u/0?account_id=${ACCOUNT}&amp;message_id=18f00000000000a1&amp;view=conv&amp;extsrc=atom" type="text/html"/>
      <issued>2026-04-06T13:30:00Z</issued><author><name>Kim &lt;script&gt;</name><email>kim@globex.io</email></author></entry></feed>`;
    await setClock('2026-04-06T13:40:00Z');
    gmail = await session.openGmail();
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  test("the unread feed turns a deal contact's new mail into buyer_replied", async () => {
    await expect
      .poll(async () => (await deal('globex')).triggers.map((t) => [t.kind, new Date(t.firedAt).toISOString()]), {
        timeout: 10_000,
      })
      .toEqual([['buyer_replied', '2026-04-06T13:30:00.000Z']]);
    expect((await deal('globex')).contacts[0]).toMatchObject({ address: 'kim@globex.io', name: 'Kim <script>' });
  });

  test('opening a thread shows the sidebar, and "Track as deal" makes it a deal', async () => {
    await appendHtml(
      '#main',
      `<section class="thread" data-thread-id="t1" data-subject="Intro from Sam">${message('m1', 'Sam <sam@emberseller.com>', 'Dana Lee <dana@acme.com>', '2026-04-06T13:05:00Z', 'Hi Dana, worth a talk about your onboarding backlog?')}</section>`,
    );
    const form = sidebar().getByRole('form', { name: 'Track as deal' });
    await expect.poll(() => form.isVisible(), { timeout: 10_000 }).toBe(true);
    const opened = Number(await gmail.locator('section.thread').getAttribute('data-opened-at'));
    const ready = Number(await sidebarHostOf(gmail).getAttribute('data-ember-ready-at'));
    console.log(`sidebar with data ${(ready - opened).toFixed(1)} ms after the thread-view event (first open)`);
    expect(await form.getByLabel('Deal').inputValue()).toBe('Acme');
    await form.getByLabel('Stage').selectOption({ label: 'Contact' });
    await form.getByRole('button', { name: 'Track as deal' }).click();
    await expect
      .poll(() => sidebar().getByText('The buyer replied and agreed to talk').isVisible(), { timeout: 10_000 })
      .toBe(true);
    const detail = await deal(await acmeId());
    expect(detail.deal).toMatchObject({ stage: 'contact', contacts: ['dana@acme.com'] });
    expect(detail.messages.map((m) => m.id)).toEqual(['m1']);
    expect(await sidebar().getByRole('region', { name: 'Next action' }).textContent()).toContain('Nothing is due');
  });

  test('a buyer reply that loads fires buyer_replied with its due time in working hours', async () => {
    await setClock('2026-04-06T18:30:00Z');
    await appendHtml(
      'section.thread',
      message(
        'm2',
        'Dana Lee <dana@acme.com>',
        'sam@emberseller.com',
        '2026-04-06T18:30:00Z',
        'Interested. Can we talk this week?\n\nOn Mon Sam wrote:\n> Hi Dana',
      ),
    );
    await expect
      .poll(() => sidebar().getByText('Book the meeting', { exact: true }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    const detail = await deal(await acmeId());
    expect(detail.triggers.map((t) => [t.kind, t.action, new Date(t.dueAt).toISOString(), t.status])).toEqual([
      ['buyer_replied', 'book_meeting', '2026-04-07T14:30:00.000Z', 'open'],
    ]);
    expect(detail.messages.find((m) => m.id === 'm2')?.snippet).toBe('Interested. Can we talk this week?');
  });

  test("one click advances the stage with the buyer's message as evidence", async () => {
    await setClock('2026-04-06T19:00:00Z');
    await sidebar().getByRole('button', { name: 'Buyer did this → Advance to Discovery' }).click();
    await expect.poll(async () => (await deal(await acmeId())).deal.stage, { timeout: 10_000 }).toBe('discovery');
    expect((await deal(await acmeId())).stageEvents.at(-1)).toMatchObject({
      from: 'contact',
      to: 'discovery',
      evidence: 'm2',
    });
    await expect.poll(() => sidebar().getByText('Contact → Discovery').isVisible()).toBe(true);
  });

  test('a sent reply resolves the trigger with its latency', async () => {
    await setClock('2026-04-06T19:10:00Z');
    await appendHtml(
      '#outbox',
      '<div class="sent" data-message-id="m3" data-thread-id="t1" data-to="dana@acme.com" data-subject="Re: Intro from Sam" data-date="2026-04-06T19:10:00Z">Tomorrow 11:00 ET?</div>',
    );
    await expect
      .poll(
        async () =>
          (await deal(await acmeId())).triggers.map((t) => [t.status, t.resolvedBy, t.latencyMinutes, t.withinSla]),
        { timeout: 10_000 },
      )
      .toEqual([['done', 'm3', 40, true]]);
  });

  test('thread rows of deal threads carry their stage', async () => {
    await appendHtml(
      '#list',
      '<div class="thread-row" data-thread-id="t1">Intro from Sam</div><div class="thread-row" data-thread-id="other">Newsletter</div>',
    );
    await expect
      .poll(() => gmail.locator('.thread-row[data-thread-id="t1"] .ember-label').textContent(), { timeout: 10_000 })
      .toBe('Discovery');
    expect(await gmail.locator('.thread-row[data-thread-id="other"] .ember-label').count()).toBe(0);
  });

  test('the queue in Gmail lists the overdue deal first', async () => {
    await setClock('2026-04-06T20:00:00Z');
    await appendHtml(
      'section.thread',
      message(
        'm4',
        'Dana Lee <dana@acme.com>',
        'sam@emberseller.com',
        '2026-04-06T20:00:00Z',
        'One more question about the export.',
      ),
    );
    await expect.poll(async () => (await deal(await acmeId())).deal.openTriggerCount, { timeout: 10_000 }).toBe(1);
    await setClock('2026-04-09T12:00:00Z');
    await send('createDeal', {
      account: ACCOUNT,
      id: 'initech',
      title: 'Initech',
      stage: 'propose',
      contacts: ['jo@initech.net'],
    });
    await gmail.locator('#ember-nav').click();
    const rows = insideEmber(gmail.locator('#route .ember-root')).locator('li[data-deal]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-deal')))).toEqual([
      'globex',
      await acmeId(),
      'initech',
    ]);
    // Grouped by when each is due, with the main action filled and the rest in a row menu.
    const route = insideEmber(gmail.locator('#route .ember-root'));
    expect(await route.getByRole('heading', { level: 2 }).allTextContents()).toContain('Overdue');
    expect(await route.getByRole('button', { name: 'Open thread' }).count()).toBe(3);
    expect(await route.getByRole('button', { name: /^More actions for Globex/ }).count()).toBe(1);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await gmail.locator('#route').screenshot({ path: `${SCREENSHOTS}/gmail-queue.png` });
    // axe on the queue's closed root, as on the sidebar's (accessibility.test.ts).
    const found = await axeClosedRoot(gmail, route.locator('h1'));
    expect(found.violations).toEqual([]);
    expect(found.checked).toBeGreaterThan(5);
  });

  // How soon it is there (the 100 ms budget) is `npm run bench`'s to measure, on a quiet machine:
  // here the machine's load would decide. This says it comes, with its deal, for this opening.
  test('the sidebar is on screen with data after a thread opens', async () => {
    await gmail.evaluate(() => {
      location.hash = '#inbox';
      document.querySelector('section.thread')?.remove();
    });
    await appendHtml(
      '#main',
      `<section class="thread" data-thread-id="t1" data-subject="Intro from Sam">${message('m1', 'Sam <sam@emberseller.com>', 'dana@acme.com', '2026-04-06T13:05:00Z', 'Hi Dana')}</section>`,
    );
    // Shown for this opening: its data was on screen after the thread-view event, not before it.
    const shownSinceOpened = () =>
      gmail.evaluate(() => {
        const opened = document.querySelector('section.thread')?.getAttribute('data-opened-at');
        const ready = document.querySelector('#sidebar .ember-root')?.getAttribute('data-ember-ready-at');
        return typeof opened === 'string' && typeof ready === 'string' && Number(ready) >= Number(opened);
      });
    await expect.poll(shownSinceOpened, { timeout: 10_000 }).toBe(true);
    await revealEmberRoots(gmail);
    expect(await sidebar().getByRole('heading', { name: 'Acme', exact: true }).isVisible()).toBe(true);
    // Nothing runs past Gmail's panel: no sideways scroll, and the full-width Advance button keeps
    // the sidebar's margin on both sides.
    const fit = await sidebar().evaluate((root) => {
      const box = root.getBoundingClientRect();
      const advance = root.querySelector('button.advance')!.getBoundingClientRect();
      return {
        scrolls: root.scrollWidth > root.clientWidth,
        margins: [Math.round(advance.left - box.left), Math.round(box.right - advance.right)],
      };
    });
    expect(fit).toEqual({ scrolls: false, margins: [14, 14] });
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Tall enough for the whole sidebar: a picture taller than the window makes Playwright resize it,
    // and the page's scrollbar going away shifts the layout under the clip (the old picture's cut edge).
    const { height } = (await sidebarHostOf(gmail).boundingBox())!;
    await gmail.setViewportSize({ width: 1280, height: Math.ceil(height) + 40 });
    await sidebarHostOf(gmail).screenshot({ path: `${SCREENSHOTS}/sidebar.png` });
  });
});
