import { describe, expect, test } from 'vitest';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { exportBackup, parseBackup } from '@/lib/store/backup';
import { backupParts } from '@/lib/store/backup-stream';
import { testBackground } from '../helpers/fake-ports';

const ACCOUNT = 'sam@seller.com';
const PAGE = { url: 'chrome-extension://ember/options.html' };

describe('a backup read in parts', () => {
  test('is the same backup as the one read whole, in parts of at most a thousand rows', async () => {
    const { background, clock } = testBackground();
    const handlers = background.handlers();
    await handlers.createDeal({ account: ACCOUNT, id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] }, PAGE);
    const messages = Array.from({ length: 2_500 }, (_, n) => ({
      id: `m${n}`,
      thread: `t${n % 40}`,
      at: clock() + n * 60_000,
      from: n % 2 ? ACCOUNT : 'dana@acme.com',
      to: [n % 2 ? 'dana@acme.com' : ACCOUNT],
      cc: [],
      subject: `Thread ${n % 40}`,
      body: `Message ${n}, with "quotes" and a \\ backslash.`,
    }));
    for (let start = 0; start < messages.length; start += 500) {
      await handlers.ingestMessages({ account: ACCOUNT, messages: messages.slice(start, start + 500) }, PAGE);
    }
    const db = background.service(ACCOUNT).database;
    // A settings row no backup carries, beside one it does.
    await db.settings.put({ key: 'google:sync', value: { historyId: '1' } });
    await handlers.saveVoiceOverride({ account: ACCOUNT, override: { signOff: 'Cheers' } }, PAGE);
    const parts = await backupParts(db, ACCOUNT, DEFAULT_ACCOUNT_SETTINGS, clock());
    const whole = await exportBackup(db, ACCOUNT, DEFAULT_ACCOUNT_SETTINGS, clock());
    expect(JSON.parse(parts.join(''))).toEqual(JSON.parse(JSON.stringify(whole)));
    const parsed = parseBackup(JSON.parse(parts.join('')));
    expect(parsed.tables.messages).toHaveLength(2_500);
    expect(parsed.tables.settings.map((row) => row.key)).not.toContain('google:sync');
    expect(parsed.tables.settings).toHaveLength(1);
    // Parts of a thousand rows at most: the 2,500 messages are three.
    const messageParts = parts.filter((part) => /^,?\{"id":"m\d+","thread"/.test(part));
    expect(messageParts).toHaveLength(3);
  });
});
