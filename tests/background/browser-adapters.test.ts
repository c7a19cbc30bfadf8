import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  GMAIL_UI_SCRIPT,
  gmailTabs,
  backgroundSecrets,
  localAccounts,
  syncedDraftingSettings,
  syncedSettings,
  syncedWrite,
  toolbarBadge,
} from '@/lib/background/browser-adapters';
import { DomainError } from '@/lib/domain/errors';
import { DEFAULT_ACCOUNT_SETTINGS, DEFAULT_DRAFTING_SETTINGS } from '@/lib/domain/settings';
import { SecretsDatabase } from '@/lib/store/secrets-database';
import { freshIndexedDb } from '../helpers/database';

beforeEach(() => fakeBrowser.reset());

describe('settings in storage.sync', () => {
  test('round-trip per account, with defaults for an account never saved', async () => {
    const settings = { ...DEFAULT_ACCOUNT_SETTINGS, timeZone: 'Europe/Berlin', companyDomains: ['seller.com'] };
    await syncedSettings.save('sam@seller.com', settings);
    expect(await syncedSettings.get('sam@seller.com')).toEqual(settings);
    expect(await syncedSettings.get('kim@seller.com')).toEqual(DEFAULT_ACCOUNT_SETTINGS);
    expect(Object.keys(await fakeBrowser.storage.sync.get())).toContain('settings:sam@seller.com');
  });

  test('a corrupt synced value reads as the defaults instead of breaking the engine', async () => {
    await fakeBrowser.storage.sync.set({ 'settings:sam@seller.com': { timeZone: 'Mars/Base' } });
    expect(await syncedSettings.get('sam@seller.com')).toEqual(DEFAULT_ACCOUNT_SETTINGS);
  });
});

describe('the API key', () => {
  const KEY = { key: 'sk-secret', origin: 'https://api.openai.com' };

  test("lives in the extension origin's IndexedDB: neither storage.local (content scripts read it) nor storage.sync", async () => {
    const secrets = backgroundSecrets(new SecretsDatabase(freshIndexedDb()));
    await secrets.setApiKey(KEY);
    expect(await secrets.getApiKey()).toEqual(KEY);
    expect(JSON.stringify(await fakeBrowser.storage.local.get())).not.toContain('sk-secret');
    expect(JSON.stringify(await fakeBrowser.storage.sync.get())).not.toContain('sk-secret');
    await secrets.setApiKey(null);
    expect(await secrets.getApiKey()).toBeNull();
  });

  test('one an older build left in storage.local moves out of it, bound to the origin saved then', async () => {
    await syncedDraftingSettings.save({ ...DEFAULT_DRAFTING_SETTINGS, baseUrl: 'https://llm.example.com/v1' });
    await fakeBrowser.storage.local.set({ draftingApiKey: 'sk-old' });
    const secrets = backgroundSecrets(new SecretsDatabase(freshIndexedDb()));
    expect(await secrets.getApiKey()).toEqual({ key: 'sk-old', origin: 'https://llm.example.com' });
    expect(await fakeBrowser.storage.local.get()).toEqual({});
  });
});

test('accounts are remembered with a coarse last-seen time', async () => {
  await localAccounts.touch('sam@seller.com', 1_000_000);
  await localAccounts.touch('sam@seller.com', 1_030_000);
  await localAccounts.touch('kim@seller.com', 2_000_000);
  expect(await localAccounts.list()).toEqual([
    { account: 'sam@seller.com', lastSeenAt: 1_000_000 },
    { account: 'kim@seller.com', lastSeenAt: 2_000_000 },
  ]);
  await localAccounts.remove('sam@seller.com');
  expect(await localAccounts.list()).toEqual([{ account: 'kim@seller.com', lastSeenAt: 2_000_000 }]);
});

test('the badge shows a count, and clears', async () => {
  const texts: string[] = [];
  fakeBrowser.action.setBadgeText = async ({ text }) => void texts.push(text ?? '');
  fakeBrowser.action.setBadgeBackgroundColor = async () => {};
  fakeBrowser.action.setTitle = async () => {};
  await toolbarBadge.show({ kind: 'overdue', count: 3 });
  await toolbarBadge.show({ kind: 'due-today', count: 120 });
  await toolbarBadge.show({ kind: 'clear' });
  expect(texts).toEqual(['3', '99+', '']);
});

test("the Gmail UI script runs in the content scripts' isolated world of the asking frame only", async () => {
  const executeScript = vi.fn(async () => []);
  fakeBrowser.scripting.executeScript = executeScript;
  await gmailTabs.loadUi({ tab: 7, frame: 2 });
  expect(executeScript).toHaveBeenCalledWith({
    target: { tabId: 7, frameIds: [2] },
    files: [GMAIL_UI_SCRIPT],
    world: 'ISOLATED',
  });
  expect(GMAIL_UI_SCRIPT).toBe('/gmail-ui.js');
});

describe("storage.sync's quota errors", () => {
  test.each([
    'QUOTA_BYTES_PER_ITEM quota exceeded',
    'QUOTA_BYTES quota exceeded',
    'MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded',
  ])('%s reaches the rep in words, as a refusal that saved nothing', async (chrome) => {
    await expect(syncedWrite(() => Promise.reject(new Error(chrome)))).rejects.toThrow(
      new DomainError(
        `Chrome's synced storage refused the settings (${chrome}): nothing was saved. Fewer addresses or domains fit; a minute later, another save may.`,
      ),
    );
  });

  test('other failures pass as they are', async () => {
    const broken = new Error('disk on fire');
    await expect(syncedWrite(() => Promise.reject(broken))).rejects.toBe(broken);
  });
});

test('drafting saved with plain http to another machine reads as off, and the refused address is kept to say why', async () => {
  await fakeBrowser.storage.sync.set({
    drafting: { enabled: true, baseUrl: 'http://llm.office.example:8080/v1', model: 'm', contextTokens: 6000 },
  });
  expect(await syncedDraftingSettings.get()).toEqual(DEFAULT_DRAFTING_SETTINGS);
  expect(await syncedDraftingSettings.refusedBaseUrl?.()).toBe('http://llm.office.example:8080/v1');
  await syncedDraftingSettings.save({ ...DEFAULT_DRAFTING_SETTINGS, baseUrl: 'https://llm.office.example/v1' });
  expect(await syncedDraftingSettings.refusedBaseUrl?.()).toBeNull();
});
