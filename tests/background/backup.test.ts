import { describe, expect, test } from 'vitest';
import { createRequestProcessor } from '@/lib/messaging/server';
import { queueDealOf } from '@/lib/store/queue-deals-middleware';
import type { RequestInput, RequestType, ResponseData } from '@/lib/messaging/protocol';
import { testBackground } from '../helpers/fake-ports';
import { driveScenario } from '../helpers/scenario-driver';
import { readFixture } from '../helpers/scenario';

const ACCOUNT = 'sam@emberseller.com';

async function seeded() {
  const harness = testBackground();
  const process = createRequestProcessor(harness.background.handlers(), () => true);
  const call = async <Type extends RequestType>(type: Type, data: RequestInput<Type>) => {
    const envelope = await process(type, data, {});
    return envelope;
  };
  const send = async <Type extends RequestType>(type: Type, data: RequestInput<Type>): Promise<ResponseData<Type>> => {
    const envelope = await call(type, data);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as ResponseData<Type>;
  };
  await driveScenario(readFixture('seed-walkthrough.json'), send, async (at) => harness.clock.set(at));
  return { ...harness, call, send };
}

describe('backup', () => {
  test('export → delete everything → import → export gives the same file', async () => {
    const { send } = await seeded();
    const exported = await send('exportData', { account: ACCOUNT });
    expect((exported.tables as Record<string, unknown[]>).messages).toHaveLength(8);
    await send('deleteAllData', { account: ACCOUNT });
    expect(await send('listAccounts', {})).toEqual([]);
    const { imported } = await send('importData', { account: ACCOUNT, backup: exported });
    expect(imported).toMatchObject({ deals: 2, messages: 8, triggers: 6, stageEvents: 3 });
    expect(await send('exportData', { account: ACCOUNT })).toEqual(exported);
    expect(await send('getSettings', { account: ACCOUNT })).toMatchObject({ timeZone: 'America/New_York' });
  });

  test('the queue rows derived from deals are not exported, and an import rebuilds them', async () => {
    const { send, deps } = await seeded();
    const exported = await send('exportData', { account: ACCOUNT });
    expect(exported.tables).not.toHaveProperty('queueDeals');
    await send('deleteAllData', { account: ACCOUNT });
    await send('importData', { account: ACCOUNT, backup: exported });
    const db = deps.openDatabase(ACCOUNT);
    const queueRows = await db.queueDeals.toArray();
    expect(queueRows).toEqual((await db.deals.toArray()).flatMap((deal) => queueDealOf(deal) ?? []));
    expect(queueRows).not.toEqual([]);
    db.close();
  });

  test('importing into a store that has the same data merges by id, without duplicates', async () => {
    const { send } = await seeded();
    const exported = await send('exportData', { account: ACCOUNT });
    await send('importData', { account: ACCOUNT, backup: exported });
    expect(await send('exportData', { account: ACCOUNT })).toEqual(exported);
  });

  const refusals: [string, (backup: Record<string, unknown>) => unknown, RegExp][] = [
    ['not an object', () => 'hello', /^this file is not an Ember backup$/],
    ['another format', (backup) => ({ ...backup, format: 'crm-export' }), /^this file is not an Ember backup$/],
    [
      'a newer version',
      (backup) => ({ ...backup, version: 2 }),
      /^this backup was made by a newer Ember \(format 2; this one reads 1\): update Ember to import it$/,
    ],
    [
      'a bad row',
      (backup) => {
        const tables = backup.tables as { triggers: Record<string, unknown>[] };
        return { ...backup, tables: { ...tables, triggers: [{ ...tables.triggers[0], status: 'late' }] } };
      },
      /^the backup is invalid: "tables\.triggers\[0\]\.status": must be one of "open", "done"/,
    ],
    [
      'another account',
      (backup) => ({ ...backup, account: 'kim@other.com' }),
      /^this backup is of kim@other\.com, not of sam@emberseller\.com$/,
    ],
  ];

  test.each(refusals)('%s is refused with a clear message and changes nothing', async (_case, mangle, message) => {
    const { send, call } = await seeded();
    const exported = await send('exportData', { account: ACCOUNT });
    await send('createDeal', { account: ACCOUNT, id: 'after-export', title: 'After export', contacts: [] });
    const before = await send('exportData', { account: ACCOUNT });
    const envelope = await call('importData', { account: ACCOUNT, backup: mangle(exported) });
    if (envelope.ok) throw new Error('the backup was accepted');
    expect(envelope.error.code).toBe('rejected');
    expect(envelope.error.message).toMatch(message);
    expect(await send('exportData', { account: ACCOUNT })).toEqual(before);
  });
});
