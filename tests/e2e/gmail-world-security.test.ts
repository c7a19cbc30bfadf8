import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Envelope } from '@/lib/messaging/protocol';
import { appendHtml, openGmailSession, sidebarHostOf, type GmailSession } from './gmail-session';

/*
 * What Ember's own world on the Gmail page can reach (issue 17), tried from that world itself in
 * Chromium: the content script's isolated world, found over the DevTools protocol as an audit
 * would. The drafting key must not be readable there, and what only Ember's pages may ask must be
 * refused there.
 */
const ACCOUNT = 'sam@emberseller.com';
const SECRET = 'sk-e2e-0123456789-secret';

/** The content script's isolated world on `gmail`, found over the DevTools protocol as an audit would. */
async function emberWorldOn(gmail: Page): Promise<{ cdp: CDPSession; world: number }> {
  const cdp = await gmail.context().newCDPSession(gmail);
  // Runtime.enable reports every context there is, then each new one: the content script's world
  // (named for the extension) is there once the page has loaded it.
  const world = await new Promise<number>((resolve) => {
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const aux = context.auxData as { type?: string } | undefined;
      if (aux?.type === 'isolated' && context.name === 'Ember') resolve(context.id);
    });
    void cdp.send('Runtime.enable');
  });
  return { cdp, world };
}

describe("from Ember's content-script world on the Gmail page", () => {
  let session: GmailSession;
  let gmail: Page;
  let cdp: CDPSession;
  let world: number;

  beforeAll(async () => {
    session = await openGmailSession();
    await session.send('saveDraftingSettings', {
      settings: { enabled: false, baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', contextTokens: 6000 },
      apiKey: SECRET,
    });
    gmail = await session.openGmail();
    ({ cdp, world } = await emberWorldOn(gmail));
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });

  const inWorld = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value as T;
  };
  const ask = (type: string, data: unknown) =>
    inWorld<{ res?: Envelope }>(
      `new Promise((resolve) => chrome.runtime.sendMessage(${JSON.stringify({ id: 1, type, data, timestamp: 0 })}, resolve))`,
    );

  test('the drafting key is in no storage that world can read', async () => {
    const everything = await inWorld<unknown>(
      'Promise.all([chrome.storage.local.get(null), chrome.storage.sync.get(null)])',
    );
    expect(JSON.stringify(everything)).not.toContain(SECRET);
    // And it is saved: the background still has it, for its own origin.
    expect(await session.send('getDraftingSettings', {})).toMatchObject({ hasApiKey: true });
  });

  test.each([
    ['exportData', { account: ACCOUNT }],
    ['deleteAllData', { account: ACCOUNT }],
    ['importData', { account: ACCOUNT, backup: {} }],
    [
      'saveDraftingSettings',
      { settings: { enabled: true, baseUrl: 'https://evil.example/v1', model: 'x', contextTokens: 6000 } },
    ],
    ['testDraftingProvider', {}],
    ['getDraftingSettings', {}],
    ['connectGoogle', {}],
  ])('%s is refused there', async (type, data) => {
    expect((await ask(type, data)).res).toEqual({
      ok: false,
      error: { code: 'forbidden', message: `this sender may not ask for "${type}"` },
    });
  });

  test('what the Gmail features need still works there', async () => {
    expect((await ask('listAccounts', {})).res).toMatchObject({ ok: true });
  });
});

/*
 * What Gmail's own page (its main world, where Gmail's scripts and anything injected into the page
 * run) can do to Ember's sidebar: the audit advanced a deal with a plain CustomEvent on `document`
 * and could read the sidebar through its open shadow root.
 */
describe("from Gmail's own page (the main world)", () => {
  let session: GmailSession;
  let gmail: Page;

  beforeAll(async () => {
    session = await openGmailSession();
    await session.send('createDeal', {
      account: ACCOUNT,
      id: 'acme',
      title: 'Acme',
      stage: 'contact',
      contacts: ['dana@acme.com'],
    });
    gmail = await session.openGmail();
    await appendHtml(
      gmail,
      '#main',
      '<section class="thread" data-thread-id="t1" data-subject="Intro">' +
        '<article class="message" data-message-id="m1" data-from="Dana Lee <dana@acme.com>" data-to="sam@emberseller.com" data-date="2026-04-06T14:00:00Z">Interested. Can we talk this week?</article>' +
        '</section>',
    );
    // The sidebar has shown the deal: its host says so in an attribute the page may read.
    await sidebarHostOf(gmail).and(gmail.locator('[data-ember-ready-at]')).waitFor({ timeout: 20_000 });
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });

  test("the sidebar's root is closed to the page: nothing in it can be read or clicked from there", async () => {
    const seen = await gmail.evaluate(() => {
      const host = document.querySelector('#sidebar .ember-root')!;
      return { root: host.shadowRoot, text: host.textContent, buttons: document.querySelectorAll('button').length };
    });
    expect(seen).toEqual({ root: null, text: '', buttons: 0 });
  });

  test("Ember listens for no event of its own on the page's document or window", async () => {
    // The listeners Ember's world added, as DevTools lists them for that world's document and window.
    const { cdp, world } = await emberWorldOn(gmail);
    const types: string[] = [];
    for (const expression of ['document', 'window']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression, contextId: world });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
      types.push(...listeners.map((listener) => listener.type));
    }
    expect(types).toContain('keydown');
    expect(types.filter((type) => type.startsWith('ember'))).toEqual([]);
    await cdp.detach();
  });

  test("the audit's events change nothing; the rep's own shortcut still advances the deal", async () => {
    await gmail.evaluate(() => {
      for (const type of ['ember:advance-current-deal', 'ember:insert-draft', 'ember:advance', 'ember:command']) {
        document.dispatchEvent(
          new CustomEvent(type, { bubbles: true, composed: true, detail: { command: 'advance' } }),
        );
        window.dispatchEvent(new CustomEvent(type, { detail: { command: 'advance' } }));
      }
    });
    await gmail.locator('body').click({ position: { x: 5, y: 5 } });
    await gmail.keyboard.press('Shift+A');
    const acme = () => session.send('getDeal', { account: ACCOUNT, deal: 'acme' });
    await expect.poll(async () => (await acme()).deal.stage, { timeout: 10_000 }).toBe('discovery');
    // Created in Contact, then advanced once: by the shortcut, on the buyer's message.
    expect((await acme()).stageEvents.map((event) => [event.from, event.to, event.evidence])).toEqual([
      [null, 'contact', null],
      ['contact', 'discovery', 'm1'],
    ]);
  });
});
