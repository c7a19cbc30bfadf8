import { describe, expect, test } from 'vitest';
import { protocol, type RequestType } from '@/lib/messaging/protocol';
import { createRequestProcessor, GMAIL_REQUESTS, OFFSCREEN_REQUESTS, senderPolicy } from '@/lib/messaging/server';
import { testBackground } from '../helpers/fake-ports';

const EXTENSION = 'abcdefghijklmnopabcdefghijklmnop';
const GMAIL = { id: EXTENSION, url: 'https://mail.google.com/mail/u/0/#inbox', tab: { id: 4 } };
const PAGE = { id: EXTENSION, url: `chrome-extension://${EXTENSION}/options.html` };
const OTHER = {
  id: 'ponmlkjihgfedcbaponmlkjihgfedcba',
  url: 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/x.html',
};

const ALL = Object.keys(protocol) as RequestType[];
const gmailAllowed: ReadonlySet<string> = new Set(GMAIL_REQUESTS);
const PAGES_ONLY = ALL.filter((type) => !gmailAllowed.has(type));
const OFFSCREEN = { id: EXTENSION, url: `chrome-extension://${EXTENSION}/offscreen.html#account=sam%40seller.com` };
const offscreenAllowed: ReadonlySet<string> = new Set(OFFSCREEN_REQUESTS);
const offscreenOnly: RequestType[] = ['saveAutoBackup', 'failAutoBackup'];

const process = createRequestProcessor(testBackground().background.handlers(), senderPolicy(EXTENSION));

describe('what each sender may ask', () => {
  test('the pages-only list is what matters: data, drafting, settings, workflow, Google', () => {
    expect(PAGES_ONLY).toEqual(
      expect.arrayContaining([
        'exportData',
        'importData',
        'deleteAllData',
        'getDraftingSettings',
        'saveDraftingSettings',
        'testDraftingProvider',
        'saveSettings',
        'saveWorkflow',
        'saveVoiceOverride',
        'connectGoogle',
        'disconnectGoogle',
      ]),
    );
  });

  test.each(PAGES_ONLY)('Ember in Gmail may not ask for %s', async (type) => {
    expect(await process(type, { account: 'sam@seller.com' }, GMAIL)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: `this sender may not ask for "${type}"` },
    });
  });

  test.each(ALL.filter((type) => !offscreenOnly.includes(type)))("Ember's own pages may ask for %s", async (type) => {
    const answer = await process(type, { account: 'sam@seller.com' }, PAGE);
    expect(answer.ok || answer.error.code !== 'forbidden').toBe(true);
  });

  test.each([...GMAIL_REQUESTS])('Ember in Gmail may ask for %s', async (type) => {
    const answer = await process(type, { account: 'sam@seller.com' }, GMAIL);
    expect(answer.ok || answer.error.code !== 'forbidden').toBe(true);
  });

  test.each(ALL.filter((type) => !offscreenAllowed.has(type)))(
    'the backup writer page may not ask for %s',
    async (type) => {
      expect(await process(type, { account: 'sam@seller.com' }, OFFSCREEN)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    },
  );

  test.each([...OFFSCREEN_REQUESTS])('the backup writer page may ask for %s', async (type) => {
    const answer = await process(type, { account: 'sam@seller.com' }, OFFSCREEN);
    expect(answer.ok || answer.error.code !== 'forbidden').toBe(true);
  });

  test.each(offscreenOnly)(
    'only the backup writer may hand over a file to save: %s is refused elsewhere',
    async (type) => {
      for (const sender of [PAGE, GMAIL]) {
        expect(await process(type, { account: 'sam@seller.com' }, sender)).toMatchObject({
          ok: false,
          error: { code: 'forbidden' },
        });
      }
    },
  );

  test('another extension may ask nothing, and an unknown type is unknown only to Ember', async () => {
    expect(await process('listAccounts', {}, OTHER)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await process('stealEverything', {}, OTHER)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await process('stealEverything', {}, GMAIL)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});
