import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  GMAIL_UI_SCRIPT,
  gmailTabs,
  localAccounts,
  localSecrets,
  syncedSettings,
  toolbarBadge,
} from '@/lib/background/browser-adapters';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';

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

test('the API key lives in storage.local, never in storage.sync', async () => {
  await localSecrets.setApiKey('sk-secret');
  expect(await localSecrets.getApiKey()).toBe('sk-secret');
  expect(JSON.stringify(await fakeBrowser.storage.sync.get())).not.toContain('sk-secret');
  expect(await fakeBrowser.storage.local.get('draftingApiKey')).toEqual({ draftingApiKey: 'sk-secret' });
  await localSecrets.setApiKey(null);
  expect(await localSecrets.getApiKey()).toBeNull();
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
