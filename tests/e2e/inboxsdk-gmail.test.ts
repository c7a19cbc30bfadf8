import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { insideEmber } from './closed-shadow';
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
const kim = { name: 'Kim Ito', address: 'kim@acme.example' };
/** New mail from Dana, copying in Kim: it arrives while the test runs, so after the deal began. */
const securityReview = (at: number) =>
  thread('Security review', [
    message({
      from: dana,
      to: [sam],
      cc: [kim],
      at,
      body: 'Kim runs our security review and will want the SOC 2 report.\n\nDana',
    }),
  ]);
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
  const sidebarHost = () => gmail.locator('.brC-brG .ember-root');
  const sidebar = () => insideEmber(sidebarHost());
  const acmeDeal = async () => {
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
    // InboxSDK asked for its events token anyway; the content world's guard refused it.
    await expect
      .poll(() => session.inboxSdkErrors(gmail), { timeout: 20_000 })
      .toContain("Ember keeps this page's requests on Gmail: refused https://api.inboxsdk.com/api/v2/events/oauth");
  });

  test("opening a thread shows the sidebar in Gmail's side panel, light on a white page", async () => {
    await gmail.locator('#rows tr', { hasText: 'Onboarding at Acme' }).click();
    const form = sidebar().getByRole('form', { name: 'Track as deal' });
    await expect.poll(() => form.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await sidebarHost().getAttribute('data-theme')).toBe('light');
    expect(await form.getByLabel('Deal').inputValue()).toBe('Acme');
  });

  test('"Track as deal" makes it a deal: the loaded message with its time from Gmail, To and Cc apart', async () => {
    const form = sidebar().getByRole('form', { name: 'Track as deal' });
    await form.getByLabel('Stage').selectOption({ label: 'Contact' });
    await form.getByRole('button', { name: 'Track as deal' }).click();
    await expect
      .poll(async () => (await acmeDeal()).messages.map((m) => m.id), { timeout: 20_000 })
      .toEqual([reply.id]);
    expect((await acmeDeal()).messages[0]).toMatchObject({
      from: dana.address,
      to: [ACCOUNT],
      cc: [lee.address],
      at: reply.at,
      direction: 'inbound',
    });
  });

  test('a collapsed message is ingested when the rep expands it', async () => {
    await gmail.locator(`[data-fixture-message="${intro.id}"]`).click();
    await expect
      .poll(async () => (await acmeDeal()).messages.map((m) => [m.id, m.at, m.direction]), { timeout: 20_000 })
      .toEqual([
        [intro.id, intro.at, 'outbound'],
        [reply.id, reply.at, 'inbound'],
      ]);
  });

  test("one click advances the stage with the buyer's message as evidence", async () => {
    await sidebar().getByRole('button', { name: 'Buyer did this → Advance to Discovery' }).click();
    await expect.poll(async () => (await acmeDeal()).deal.stage, { timeout: 20_000 }).toBe('discovery');
    expect((await acmeDeal()).stageEvents.at(-1)).toMatchObject({
      from: 'contact',
      to: 'discovery',
      evidence: reply.id,
    });
  });

  test('a draft waits for Reply, then goes into the inline reply; typed text is asked about first', async () => {
    const insert = sidebar().getByRole('button', { name: 'Insert', exact: true });
    await expect.poll(() => insert.isVisible(), { timeout: 20_000 }).toBe(true);
    const draft = await sidebar().getByLabel('Draft body').inputValue();
    expect(draft).toContain('Dana');
    await insert.click();
    await expect
      .poll(() => sidebar().getByText('Held for this thread: click Reply and it will be there.').isVisible())
      .toBe(true);
    await gmail.locator(`[data-fixture-message="${reply.id}"] .reply-stub`).click();
    const body = gmail.locator('.M9 [g_editable]');
    await expect.poll(() => body.innerText(), { timeout: 20_000 }).toContain(draft.split('\n')[0]!);
    await body.evaluate((element) => (element.textContent = 'My own words'));
    await insert.click();
    await sidebar().getByRole('button', { name: 'Insert above it' }).click();
    await expect.poll(() => body.innerText()).toContain('My own words');
    expect(await body.innerText()).toContain(draft.split('\n')[0]!);
  });

  test("a sent reply is captured through InboxSDK's presending and sent, with Gmail's ids", async () => {
    await gmail.locator('.M9 .send-button').click();
    await expect.poll(() => gmail.locator('.M9').count(), { timeout: 20_000 }).toBe(0);
    const sent = async () => (await acmeDeal()).messages.filter((m) => m.direction === 'outbound' && m.id !== intro.id);
    await expect.poll(async () => (await sent()).length, { timeout: 20_000 }).toBe(1);
    const [captured] = await sent();
    expect(captured).toMatchObject({ thread: acme.id, to: [dana.address], subject: 'Re: Onboarding at Acme' });
    expect(captured!.id).toMatch(/^[0-9a-f]{16}$/);
    const trigger = (await acmeDeal()).triggers.find((t) => t.kind === 'buyer_replied');
    expect(trigger).toMatchObject({ status: 'done', resolvedBy: captured!.id });
  });

  test('the intro to a stakeholder copied in opens in a new compose window, filled in, unsent', async () => {
    // New mail: Gmail shows it on the next load.
    session.server.mailbox = { ...mailbox, threads: [securityReview(Date.now()), ...mailbox.threads] };
    await gmail.evaluate(() => (location.hash = '#inbox'));
    await gmail.reload();
    await gmail.locator('#rows tr', { hasText: 'Security review' }).click();
    await expect
      .poll(async () => (await acmeDeal()).triggers.map((t) => [t.kind, t.status]), { timeout: 20_000 })
      .toContainEqual(['new_stakeholder', 'open']);
    const open = sidebar().getByRole('button', { name: 'Open in compose' });
    await expect.poll(() => open.isVisible(), { timeout: 20_000 }).toBe(true);
    await open.click();
    const compose = gmail.locator('.compose-mole');
    await expect.poll(() => compose.count(), { timeout: 20_000 }).toBe(1);
    const fields = () =>
      compose.evaluate((mole) => ({
        to: [...mole.querySelectorAll<HTMLElement>('.anm[name=to] [role=option]')].map((c) => c.dataset.hovercardId),
        subject: mole.querySelector<HTMLInputElement>('input[name=subjectbox]')!.value,
        body: mole.querySelector<HTMLElement>('[g_editable]')!.innerText,
      }));
    await expect.poll(async () => (await fields()).to).toEqual([kim.address]);
    expect((await fields()).subject).not.toBe('');
    expect((await fields()).body).toContain('Kim');
    await compose
      .getByRole('button', { name: 'Discard draft' })
      .evaluate((discard) => discard.closest('.compose-mole')!.remove());
  });

  test('Shift+A advances the open deal on the newest buyer message; Shift+D fills the open reply', async () => {
    const [newest] = session.server.mailbox.threads[0]!.messages;
    await gmail.locator('.thread-view h2').click();
    await gmail.keyboard.press('Shift+A');
    await expect.poll(async () => (await acmeDeal()).deal.stage, { timeout: 20_000 }).toBe('propose');
    expect((await acmeDeal()).stageEvents.at(-1)).toMatchObject({
      from: 'discovery',
      to: 'propose',
      evidence: newest!.id,
    });
    await gmail.locator(`[data-fixture-message="${newest!.id}"] .reply-stub`).click();
    await expect.poll(() => gmail.locator('.M9').count(), { timeout: 20_000 }).toBe(1);
    await gmail.locator('.thread-view h2').click();
    await gmail.keyboard.press('Shift+D');
    await expect
      .poll(async () => (await gmail.locator('.M9 [g_editable]').innerText()).trim(), { timeout: 20_000 })
      .toContain('Dana');
  });

  test('thread rows of deal threads carry their stage', async () => {
    await gmail.evaluate(() => (location.hash = '#inbox'));
    const label = (subject: string) =>
      gmail.locator('#rows tr', { hasText: subject }).locator('.inboxsdk__thread_row_label');
    await expect
      .poll(async () => (await label('Onboarding at Acme').innerText()).trim(), { timeout: 20_000 })
      .toBe('Propose');
    expect(await label('Product news').count()).toBe(0);
  });

  test('"g e" opens the queue route with the deal; the nav item goes there too', async () => {
    await gmail.locator('body').click({ position: { x: 5, y: 900 } });
    await gmail.keyboard.press('g');
    await gmail.keyboard.press('e');
    const queue = gmail.locator('.inboxsdk__custom_view_element .ember-root');
    const rows = insideEmber(queue).locator('li[data-deal]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await gmail.evaluate(() => (location.hash = '#inbox'));
    await expect.poll(() => queue.count(), { timeout: 20_000 }).toBe(0);
    await gmail.locator('.inboxsdk__navItem', { hasText: 'Ember' }).click();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  test("InboxSDK logged no errors but the guard's refusals of its own telemetry", async () => {
    const errors = await session.inboxSdkErrors(gmail);
    expect(errors.filter((error) => !error.startsWith("Ember keeps this page's requests on Gmail: refused"))).toEqual(
      [],
    );
  });
});
