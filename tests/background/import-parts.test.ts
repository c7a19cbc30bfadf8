import { describe, expect, test } from 'vitest';
import { EmberBackground } from '@/lib/background/background';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { exportBackup } from '@/lib/store/backup';
import { importPartsOf } from '@/lib/store/backup-stream';
import { testBackground } from '../helpers/fake-ports';

/** A backup sent in parts (issue 17): one whole and checked commit, or nothing. */
const ACCOUNT = 'sam@seller.com';
const PAGE = { url: 'chrome-extension://ember/options.html' };

async function aBackup() {
  const source = testBackground();
  const handlers = source.background.handlers();
  await handlers.createDeal({ account: ACCOUNT, id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] }, PAGE);
  const messages = Array.from({ length: 1_200 }, (_, n) => ({
    id: `m${n}`,
    thread: `t${n % 30}`,
    at: source.clock() + (n + 1) * 60_000,
    from: n % 2 ? ACCOUNT : 'dana@acme.com',
    to: [n % 2 ? 'dana@acme.com' : ACCOUNT],
    cc: [],
    subject: `Thread ${n % 30}`,
    body: `Message ${n}. `.repeat(400),
  }));
  for (let start = 0; start < messages.length; start += 500) {
    await handlers.ingestMessages({ account: ACCOUNT, messages: messages.slice(start, start + 500) }, PAGE);
  }
  const backup = await exportBackup(
    source.background.service(ACCOUNT).database,
    ACCOUNT,
    DEFAULT_ACCOUNT_SETTINGS,
    source.clock(),
  );
  return JSON.parse(JSON.stringify(backup)) as unknown;
}

describe('an import in parts', () => {
  test('gives what one whole import gives, from parts of bounded size', async () => {
    const file = await aBackup();
    const split = importPartsOf(file)!;
    expect(split.parts.filter((part) => part.table === 'messages').length).toBeGreaterThan(1);
    for (const part of split.parts) expect(JSON.stringify(part.rows).length).toBeLessThan(4_100_000);

    const whole = testBackground();
    const wholeResult = await whole.background.handlers().importData({ account: ACCOUNT, backup: file }, PAGE);
    const inParts = testBackground();
    const handlers = inParts.background.handlers();
    const { importId } = await handlers.beginImport({ account: ACCOUNT, header: split.header }, PAGE);
    for (const part of split.parts) await handlers.addImportPart({ account: ACCOUNT, importId, ...part }, PAGE);
    expect(await handlers.commitImport({ account: ACCOUNT, importId }, PAGE)).toEqual(wholeResult);
    expect(await inParts.background.service(ACCOUNT).database.messages.count()).toBe(1_200);
    // Done is done: the same id cannot be committed twice.
    await expect(handlers.commitImport({ account: ACCOUNT, importId }, PAGE)).rejects.toThrow(/no longer under way/);
  });

  test('a worker restarted midway has no parts: the commit is refused and nothing was written', async () => {
    const split = importPartsOf(await aBackup())!;
    const harness = testBackground();
    const handlers = harness.background.handlers();
    const { importId } = await handlers.beginImport({ account: ACCOUNT, header: split.header }, PAGE);
    await handlers.addImportPart({ account: ACCOUNT, importId, ...split.parts[0]! }, PAGE);
    const restarted = new EmberBackground(harness.deps).handlers();
    await expect(restarted.commitImport({ account: ACCOUNT, importId }, PAGE)).rejects.toThrow(
      'this import is no longer under way (Ember restarted): nothing was imported; import the file again',
    );
    expect(await harness.background.service(ACCOUNT).database.inputs.count()).toBe(0);
  });

  test('a part of a table no backup has, or a broken file, changes nothing', async () => {
    const split = importPartsOf(await aBackup())!;
    const harness = testBackground();
    const handlers = harness.background.handlers();
    const { importId } = await handlers.beginImport({ account: ACCOUNT, header: split.header }, PAGE);
    await expect(
      handlers.addImportPart({ account: ACCOUNT, importId, table: 'secrets', rows: [{}] }, PAGE),
    ).rejects.toThrow('a backup has no table "secrets": nothing was imported');
    await handlers.addImportPart({ account: ACCOUNT, importId, table: 'deals', rows: [{ id: 'broken' }] }, PAGE);
    await expect(handlers.commitImport({ account: ACCOUNT, importId }, PAGE)).rejects.toThrow(/the backup is invalid/);
    expect(await harness.background.service(ACCOUNT).database.deals.count()).toBe(0);
  });
});
