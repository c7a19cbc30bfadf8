import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStubServer, type StubServer } from '../llm/stub-server';
import { appendHtml as append, openGmailSession, sidebarOf, type GmailSession } from './gmail-session';

const ACCOUNT = 'sam@emberseller.com';
const PROVIDER_BODY =
  'Hi Dana,\n\nGlad the backlog is on your list. Would Wednesday at 10:00 ET work for a call?\n\nBest,\nSam';

/**
 * Drafting end to end: a trigger fires in "Gmail" (the fixture host), the background pre-drafts it
 * with a provider (a local OpenAI-compatible stub), the sidebar shows it, and Insert puts it in the
 * reply box, or holds it until Reply is clicked.
 */
describe('drafts in Gmail (fixture host, stub provider)', () => {
  let session: GmailSession;
  let provider: StubServer;
  let gmail: Page;
  let send: GmailSession['send'];
  let setClock: GmailSession['setClock'];
  const sidebar = () => sidebarOf(gmail);
  const appendHtml = (selector: string, html: string) => append(gmail, selector, html);

  beforeAll(async () => {
    provider = await startStubServer([
      {
        answer: {
          subject: 'Re: Intro from Sam',
          body: PROVIDER_BODY,
          reason: 'Dana asked to talk this week',
          factsUsed: ['m2'],
          questions: [],
        },
      },
    ]);
    session = await openGmailSession();
    ({ send, setClock } = session);
    await setClock('2026-04-06T13:00:00Z');
    await send('saveSettings', { account: ACCOUNT, settings: { timeZone: 'America/New_York' } });
    await send('saveDraftingSettings', {
      settings: { enabled: true, baseUrl: provider.baseUrl, model: 'stub-model', contextTokens: 6_000 },
      apiKey: 'sk-e2e',
    });
    await send('createDeal', {
      account: ACCOUNT,
      id: 'acme',
      title: 'Acme',
      stage: 'contact',
      contacts: ['dana@acme.com'],
    });
    gmail = await session.openGmail();
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await provider?.close();
  });

  test('a buyer reply is drafted by the provider at once, and the sidebar shows the draft', async () => {
    await setClock('2026-04-06T18:30:00Z');
    await appendHtml(
      '#main',
      `<section class="thread" data-thread-id="t1" data-subject="Intro from Sam">
        <article class="message" data-message-id="m1" data-from="Sam <sam@emberseller.com>" data-to="dana@acme.com" data-date="2026-04-06T13:05:00Z">Hi Dana, worth a talk?</article>
        <article class="message" data-message-id="m2" data-from="Dana Lee <dana@acme.com>" data-to="sam@emberseller.com" data-date="2026-04-06T18:30:00Z">Interested. Can we talk this week?</article>
      </section>`,
    );
    const body = sidebar().getByLabel('Draft body');
    await expect.poll(() => body.inputValue(), { timeout: 15_000 }).toBe(PROVIDER_BODY);
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.authorization).toBe('Bearer sk-e2e');
    const draft = await send('getDraft', { account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2' });
    expect(draft).toMatchObject({ source: 'provider', kind: 'book_meeting', to: ['dana@acme.com'] });
    expect(provider.requests).toHaveLength(1);
  });

  test('Insert with no reply open holds the draft; clicking Reply fills it', async () => {
    await sidebar().getByRole('button', { name: 'Insert' }).click();
    await expect
      .poll(() => sidebar().getByText('Held for this thread: click Reply and it will be there.').isVisible())
      .toBe(true);
    await appendHtml('#main', '<div class="reply" data-thread-id="t1" contenteditable="true"></div>');
    await expect
      .poll(() => gmail.locator('.reply[data-thread-id="t1"]').textContent(), { timeout: 5_000 })
      .toBe(`${PROVIDER_BODY}\n\n`);
  });

  test('Insert into an open reply the rep typed in asks first', async () => {
    await gmail.evaluate(() => {
      const reply = document.querySelector('.reply[data-thread-id="t1"]')!;
      reply.textContent = 'My own words';
    });
    await sidebar().getByRole('button', { name: 'Insert' }).click();
    await sidebar().getByRole('button', { name: 'Insert above it' }).click();
    await expect
      .poll(() => gmail.locator('.reply[data-thread-id="t1"]').textContent())
      .toBe(`${PROVIDER_BODY}\n\nMy own words`);
  });

  test('Shift+D puts the most urgent draft into the open reply', async () => {
    await gmail.evaluate(() => {
      document.querySelector('.reply[data-thread-id="t1"]')!.textContent = '';
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await gmail.keyboard.press('Shift+D');
    await expect.poll(() => gmail.locator('.reply[data-thread-id="t1"]').textContent()).toBe(`${PROVIDER_BODY}\n\n`);
  });

  test('"What will be sent" shows the exact prompt that went to the provider', async () => {
    await sidebar().getByRole('button', { name: 'What will be sent' }).click();
    const shown = await sidebar().getByLabel('What will be sent').locator('pre').textContent();
    const sent = provider.requests[0]!.body.messages as { content: string }[];
    expect(shown).toBe(`${sent[0]!.content}\n\n${sent[1]!.content}`);
  });
});
