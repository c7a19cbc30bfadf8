import { afterEach, describe, expect, test } from 'vitest';
import { searchDeals } from '@/lib/background/reads/deal-search';
import type { EmberDatabase } from '@/lib/store/database';
import { testDatabase } from '../../helpers/database';
import { at, deal } from './rows';

let db: EmberDatabase;
afterEach(() => db?.close());

async function seed() {
  db = testDatabase();
  await db.deals.bulkPut([
    deal('acme', { title: 'Acme', contacts: ['dana@acme.com'], lastActivityAt: at('2026-04-06T10:00:00Z') }),
    deal('acme-old', {
      title: 'Acme pilot',
      contacts: [],
      status: 'lost',
      closedAt: at('2026-04-07T10:00:00Z'),
      lastActivityAt: at('2026-04-07T10:00:00Z'),
    }),
    // Never active: its creation is its recency.
    deal('globex', {
      title: 'Globex',
      contacts: ['kim@globex.io'],
      createdAt: at('2026-04-08T10:00:00Z'),
      lastActivityAt: null,
    }),
  ]);
}

const ids = async (query: string, limit = 10) => (await searchDeals(db, query, limit)).map((found) => found.id);

describe('deal search', () => {
  test('matches titles whatever their case, and contact addresses', async () => {
    await seed();
    expect(await ids('  ACME ')).toEqual(['acme', 'acme-old']);
    expect(await ids('kim@')).toEqual(['globex']);
    expect(await ids('nobody')).toEqual([]);
  });

  test('lists open deals first, then the most recently active, up to the limit', async () => {
    await seed();
    expect(await ids('')).toEqual(['globex', 'acme', 'acme-old']);
    expect(await ids('', 1)).toEqual(['globex']);
  });
});
