import Dexie, { type DBCore, type EntityTable, type Middleware } from 'dexie';
import { afterEach, describe, expect, test } from 'vitest';
import { createRowCache } from '@/lib/store/row-cache-middleware';
import { freshIndexedDb } from '../helpers/database';

interface Row {
  id: string;
  group: string;
  tags: string[];
  note: { text: string };
}

/** Counts the reads that reach IndexedDB (below the cache), by key. */
function readCounter() {
  const reads: string[] = [];
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'ReadCounter',
    // Below the cache (a lower level is nearer IndexedDB), so it sees only what the cache misses.
    level: 1,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          get: (req) => {
            reads.push(String(req.key));
            return table.get(req);
          },
          getMany: (req) => {
            reads.push(...req.keys.map(String));
            return table.getMany(req);
          },
        };
      },
    }),
  };
  return { reads, middleware };
}

class CachedDatabase extends Dexie {
  rows!: EntityTable<Row, 'id'>;
  plain!: EntityTable<Row, 'id'>;
}

let db: CachedDatabase | undefined;
afterEach(() => db?.close());

function open(capacity?: number) {
  const counter = readCounter();
  db = new CachedDatabase('row-cache', freshIndexedDb());
  db.use(counter.middleware);
  db.use(createRowCache(['rows'], capacity));
  db.version(1).stores({ rows: 'id, group', plain: 'id' });
  return { db, reads: counter.reads };
}

const row = (id: string, text = id): Row => ({ id, group: 'g', tags: [id], note: { text } });

describe('the row cache', () => {
  test('a row read once is read again without IndexedDB, shared and frozen', async () => {
    const { db, reads } = open();
    await db.rows.bulkPut([row('a'), row('b')]);
    const first = await db.rows.get('a');
    const again = await db.rows.get('a');
    const many = await db.rows.bulkGet(['a', 'b', 'missing']);
    expect(reads).toEqual(['a', 'b', 'missing']);
    expect(again).toBe(first);
    expect(many[0]).toBe(first);
    expect(many[2]).toBeUndefined();
    expect(Object.isFrozen(first) && Object.isFrozen(first!.tags) && Object.isFrozen(first!.note)).toBe(true);
    expect(() => first!.tags.push('x')).toThrow(TypeError);
    // A miss is not cached: the row a write adds next is found.
    await db.rows.bulkGet(['missing']);
    expect(reads).toEqual(['a', 'b', 'missing', 'missing']);
  });

  test.each([
    ['put', (db: CachedDatabase) => db.rows.put(row('a', 'changed'))],
    ['bulkPut', (db: CachedDatabase) => db.rows.bulkPut([row('a', 'changed')])],
    ['update', (db: CachedDatabase) => db.rows.update('a', { note: { text: 'changed' } })],
    [
      'modify',
      (db: CachedDatabase) =>
        db.rows
          .where('group')
          .equals('g')
          .modify({ note: { text: 'changed' } }),
    ],
  ])('a row written by %s is read anew', async (_, write) => {
    const { db } = open();
    await db.rows.put(row('a'));
    expect((await db.rows.get('a'))?.note.text).toBe('a');
    await write(db);
    expect((await db.rows.get('a'))?.note.text).toBe('changed');
  });

  test.each([
    ['delete', (db: CachedDatabase) => db.rows.delete('a')],
    ['bulkDelete', (db: CachedDatabase) => db.rows.bulkDelete(['a'])],
    ['a range delete', (db: CachedDatabase) => db.rows.where('group').equals('g').delete()],
    ['clear', (db: CachedDatabase) => db.rows.clear()],
  ])('a row removed by %s is gone', async (_, remove) => {
    const { db } = open();
    await db.rows.bulkPut([row('a'), row('b')]);
    await db.rows.bulkGet(['a', 'b']);
    await remove(db);
    expect(await db.rows.get('a')).toBeUndefined();
  });

  test('a transaction reads its own writes, and an aborted one leaves the committed rows', async () => {
    const { db } = open();
    await db.rows.put(row('a'));
    await db.rows.get('a');
    await expect(
      db.transaction('rw', db.rows, async () => {
        await db.rows.put(row('a', 'uncommitted'));
        expect((await db.rows.get('a'))?.note.text).toBe('uncommitted');
        expect((await db.rows.bulkGet(['a']))[0]?.note.text).toBe('uncommitted');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await db.rows.get('a'))?.note.text).toBe('a');
  });

  test('a read answered after the same transaction wrote its key is not cached', async () => {
    const { db } = open();
    await db.rows.put(row('a'));
    await db.transaction('rw', db.rows, async () => {
      // The read is made first and answers after the write is made: it saw the row before the write.
      const [before] = await Promise.all([db.rows.get('a'), db.rows.put(row('a', 'after'))]);
      expect(before?.note.text).toBe('a');
    });
    expect((await db.rows.get('a'))?.note.text).toBe('after');
  });

  test('rows of other tables are not cached', async () => {
    const { db, reads } = open();
    await db.plain.put(row('p'));
    const first = await db.plain.get('p');
    const again = await db.plain.get('p');
    expect(again).not.toBe(first);
    expect(reads).toEqual(['p', 'p']);
    expect(Object.isFrozen(first)).toBe(false);
  });

  test('at capacity the longest cached row is dropped', async () => {
    const { db, reads } = open(2);
    await db.rows.bulkPut([row('a'), row('b'), row('c')]);
    await db.rows.bulkGet(['a', 'b', 'c']);
    reads.length = 0;
    await db.rows.bulkGet(['a', 'b', 'c']);
    expect(reads).toEqual(['a']);
  });
});
