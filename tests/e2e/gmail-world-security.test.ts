import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Envelope } from '@/lib/messaging/protocol';
import { openGmailSession, type GmailSession } from './gmail-session';

/*
 * What Ember's own world on the Gmail page can reach (issue 17), tried from that world itself in
 * Chromium: the content script's isolated world, found over the DevTools protocol as an audit
 * would. The drafting key must not be readable there, and what only Ember's pages may ask must be
 * refused there.
 */
const ACCOUNT = 'sam@emberseller.com';
const SECRET = 'sk-e2e-0123456789-secret';

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
    cdp = await gmail.context().newCDPSession(gmail);
    // Runtime.enable reports every context there is, then each new one: the content script's world
    // (named for the extension) is there once the page has loaded it.
    world = await new Promise<number>((resolve) => {
      cdp.on('Runtime.executionContextCreated', ({ context }) => {
        const aux = context.auxData as { type?: string } | undefined;
        if (aux?.type === 'isolated' && context.name === 'Ember') resolve(context.id);
      });
      void cdp.send('Runtime.enable');
    });
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
