import { afterEach, describe, expect, test } from 'vitest';
import { AccountService } from '@/lib/background/account-service';
import { createRequestProcessor } from '@/lib/messaging/server';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { exportBackup } from '@/lib/store/backup';
import type { EmberDatabase } from '@/lib/store/database';
import type { MessageInput } from '@/lib/messaging/protocol';
import { testDatabase } from '../helpers/database';
import { testBackground, testClock } from '../helpers/fake-ports';

const REP = 'sam@seller.com';
let db: EmberDatabase;
afterEach(() => db?.close());

async function withDeal() {
  db = testDatabase(REP);
  const service = new AccountService(REP, {
    db,
    settings: async () => DEFAULT_ACCOUNT_SETTINGS,
    clock: testClock(Date.parse('2026-04-06T09:00:00Z')),
    newId: () => 'id',
  });
  await service.createDeal({
    id: 'acme',
    title: 'Acme',
    stage: 'contact',
    contacts: ['dana@acme.com', 'dana@bücher.example'],
  });
  return service;
}

const message = (id: string, fields: Partial<MessageInput>): MessageInput => ({
  id,
  thread: 't1',
  at: Date.parse('2026-04-06T10:00:00Z'),
  from: 'dana@acme.com',
  to: [REP],
  cc: [],
  subject: '',
  body: '',
  ...fields,
});

describe('hostile mail', () => {
  test.each([
    ['a 5 MB body', { body: `${'word '.repeat(1_048_576)}` }],
    ['deeply nested markup as text', { body: `${'<div>'.repeat(50_000)}hello${'</div>'.repeat(50_000)}` }],
    ['lone surrogates and mixed scripts', { body: 'caf\u00e9 \ud800 \udfff Привет مرحبا 你好 \u0000 end' }],
    ['an empty subject and body', { subject: '', body: '' }],
    ['a display name with a comma and quotes', { from: '"Lee, Dana" <dana@acme.com>' }],
    ['an IDN domain', { from: 'Dana <dana@bücher.example>' }],
    ['a quoted local part among recipients', { to: [REP, '"odd person"@acme.com', 'undisclosed-recipients:;'] }],
  ])('%s is ingested without throwing', async (_case, fields) => {
    const service = await withDeal();
    const [result] = await service.ingestMessages([message('m1', fields)]);
    expect(result!.placement?.kind).toBe('deal');
    const stored = await db.messages.get('m1');
    expect(stored).toBeDefined();
    expect(stored!.text.length).toBeLessThanOrEqual(20_000);
  });

  test('a message with no sender is set aside with the reason, and the rest of its batch is placed', async () => {
    const service = await withDeal();
    const results = await service.ingestMessages([message('ok', {}), message('bad', { from: 'not an address' })]);
    expect(results.map((result) => [result.message, result.placement?.kind ?? null])).toEqual([
      ['ok', 'deal'],
      ['bad', null],
    ]);
    expect(results[1]).toEqual({
      message: 'bad',
      placement: null,
      setAside: 'message bad: "from" is not an address: "not an address"',
    });
    expect(await db.messages.get('ok')).toBeDefined();
    expect(await db.messages.get('bad')).toBeUndefined();
    expect(await service.setAsideMessages()).toMatchObject([
      { message: 'bad', thread: 't1', reason: 'message bad: "from" is not an address: "not an address"' },
    ]);
    // A later copy that reads well takes it off the list.
    await service.ingestMessages([message('bad', {})]);
    expect(await service.setAsideMessages()).toEqual([]);
  });
});

describe('storage full', () => {
  test('a QuotaExceededError during ingestion leaves the store as it was and tells the rep plainly', async () => {
    const { background } = testBackground();
    const handlers = background.handlers();
    await handlers.createDeal(
      { account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] },
      {},
    );
    const database = background.service(REP).database;
    const before = (await exportBackup(database, REP, DEFAULT_ACCOUNT_SETTINGS, 0)).tables;
    const full = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    database.triggers.hook('creating', full);
    const process = createRequestProcessor(handlers, () => true);
    const answer = await process('ingestMessages', { account: REP, messages: [message('m1', {})] }, {});
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'storage_full',
        message:
          'The browser has no room left for Ember: nothing from this change was saved. Export a backup and delete old data, or free disk space.',
      },
    });
    database.triggers.hook('creating').unsubscribe(full);
    expect((await exportBackup(database, REP, DEFAULT_ACCOUNT_SETTINGS, 0)).tables).toEqual(before);
  });
});
