import { describe, expect, test } from 'vitest';
import { SYNC_ITEM_BYTES } from '@/lib/background/background';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { exportBackup } from '@/lib/store/backup';
import { testBackground } from '../helpers/fake-ports';

/*
 * Storage limits reach the rep (issue 17): settings too big for storage.sync are refused before
 * anything is written, an import included, and a sweep that fails says so once instead of being
 * dropped by the alarm.
 */
const ACCOUNT = 'sam@seller.com';
const PAGE = { url: 'chrome-extension://ember/options.html' };
/** 400 aliases: well over what one storage.sync item holds. */
const huge = {
  ...DEFAULT_ACCOUNT_SETTINGS,
  addresses: Array.from({ length: 400 }, (_, n) => `alias-number-${n}@seller-company.example`),
};

describe('storage limits reach the rep', () => {
  test('settings larger than a storage.sync item are refused, with the size, and nothing is saved', async () => {
    const { background, deps } = testBackground();
    const handlers = background.handlers();
    await expect(handlers.saveSettings({ account: ACCOUNT, settings: huge }, PAGE)).rejects.toThrow(
      new RegExp(`Chrome syncs at most ${SYNC_ITEM_BYTES.toLocaleString('en-US')} an item`),
    );
    expect(await deps.settings.get(ACCOUNT)).toEqual(DEFAULT_ACCOUNT_SETTINGS);
  });

  test('an import whose settings would not fit writes no row before saying so', async () => {
    const source = testBackground();
    await source.background
      .handlers()
      .createDeal({ account: ACCOUNT, title: 'Acme', contacts: ['dana@acme.com'] }, PAGE);
    const backup = await exportBackup(source.background.service(ACCOUNT).database, ACCOUNT, huge, source.clock());
    const { background } = testBackground();
    const handlers = background.handlers();
    await expect(handlers.importData({ account: ACCOUNT, backup }, PAGE)).rejects.toThrow(/Chrome syncs at most/);
    expect(await background.service(ACCOUNT).database.inputs.count()).toBe(0);
    expect(await background.service(ACCOUNT).database.deals.count()).toBe(0);
  });

  test("a sweep that fails tells the rep once, and the other accounts' sweeps go on", async () => {
    const { background, deps, notifications } = testBackground();
    await deps.accounts.touch('full@seller.com', 1);
    await deps.accounts.touch(ACCOUNT, 1);
    const full = Object.assign(new Error('QuotaExceededError'), { name: 'QuotaExceededError' });
    background.service('full@seller.com').sweep = () => Promise.reject(full);
    let swept = 0;
    background.service(ACCOUNT).sweep = async () => void (swept += 1);
    await background.sweepAll();
    await background.sweepAll();
    expect(swept).toBe(2);
    expect(notifications.map(({ id, title, url }) => ({ id, title, url }))).toEqual([
      { id: 'full@seller.com|sweep-failed', title: 'Ember (full@seller.com)', url: 'options.html' },
    ]);
    expect(notifications[0]?.message).toMatch(/no room left for Ember/);
  });
});

test('an import that fails after saving its settings, and cannot put the old ones back, says exactly that', async () => {
  const source = testBackground();
  await source.background.handlers().createDeal({ account: ACCOUNT, title: 'Acme', contacts: ['dana@acme.com'] }, PAGE);
  const backup = await exportBackup(
    source.background.service(ACCOUNT).database,
    ACCOUNT,
    { ...DEFAULT_ACCOUNT_SETTINGS, timeZone: 'Europe/Berlin' },
    source.clock(),
  );
  const { background, deps } = testBackground();
  const service = background.service(ACCOUNT);
  service.importInputs = () => Promise.reject(new Error('disk on fire'));
  const save = deps.settings.save.bind(deps.settings);
  let saves = 0;
  deps.settings.save = async (account, settings) => {
    saves += 1;
    if (saves > 1) throw new Error('QUOTA_BYTES quota exceeded');
    await save(account, settings);
  };
  await expect(background.handlers().importData({ account: ACCOUNT, backup }, PAGE)).rejects.toThrow(
    'nothing of the backup was imported (disk on fire), but its settings stayed in place of yours: putting yours back failed (QUOTA_BYTES quota exceeded). Check them in the settings above.',
  );
});
