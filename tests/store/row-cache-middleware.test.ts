import Dexie, { type DBCore, type EntityTable, type Middleware } from 'dexie';
import { afterEach, describe, expect, test } from 'vitest';
import { createRowCache } from '@/lib/store/row-cache-middleware';
import { freshIndexedDb } from '../helpers/database';

interface Row {
  id: string;
  group: string;
  rank: string;
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
          query: (req) => {
            reads.push(`query ${req.query.index.name ?? ':id'}`);
            return table.query(req);
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
  db.use(createRowCache({ rows: ['group', 'tags', '[group+rank]'] }, capacity));
  db.version(1).stores({ rows: 'id, group, *tags, [group+rank]', plain: 'id' });
  return { db, reads: counter.reads };
}

const row = (id: string, text = id, group = 'g', rank = id): Row => ({ id, group, rank, tags: [id], note: { text } });

describe('the row cache', () => {
  test('a row written or read once is read again without IndexedDB, shared and frozen', async () => {
    const { db, reads } = open();
    await db.rows.bulkPut([row('a'), row('b')]);
    // Written rows are kept as the transaction commits them.
    const first = await db.rows.get('a');
    const again = await db.rows.get('a');
    const many = await db.rows.bulkGet(['a', 'b', 'missing']);
    expect(reads).toEqual(['missing']);
    expect(again).toBe(first);
    expect(many[0]).toBe(first);
    expect(many[2]).toBeUndefined();
    expect(Object.isFrozen(first) && Object.isFrozen(first!.tags) && Object.isFrozen(first!.note)).toBe(true);
    expect(() => first!.tags.push('x')).toThrow(TypeError);
    // A miss is not cached: the row a write adds next is found.
    await db.rows.bulkGet(['missing']);
    expect(reads).toEqual(['missing', 'missing']);
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
    // IndexedDB runs a read-write transaction made now after the aborted one has ended.
    await db.transaction('rw', db.rows, () => db.rows.get('z'));
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
    expect(reads).toEqual(['a']);
    reads.length = 0;
    // a came back last, so b is now the longest cached.
    await db.rows.bulkGet(['c', 'a', 'b']);
    expect(reads).toEqual(['b']);
  });

  test("Dexie's own copies (bulkUpdate) change the row, not the cached one", async () => {
    const { db } = open();
    await db.rows.put(row('a'));
    const before = await db.rows.get('a');
    await db.rows.bulkUpdate([{ key: 'a', changes: { 'note.text': 'changed' } }]);
    expect(before?.note.text).toBe('a');
    expect((await db.rows.get('a'))?.note.text).toBe('changed');
  });

  test('a transaction made while a writer is open is not served what that writer may still write', async () => {
    const { db } = open();
    await db.rows.bulkPut([row('a'), row('z')]);
    let outside: Promise<Row | undefined> | undefined;
    await db.transaction('rw', db.rows, async () => {
      await db.rows.get('z');
      // A transaction of its own, made now: IndexedDB runs it after this one, so it reads the new row.
      outside = Dexie.ignoreTransaction(() => db.rows.get('a'));
      await db.rows.put(row('a', 'new'));
    });
    expect((await outside)?.note.text).toBe('new');
  });

  test('two writers at once leave the row IndexedDB committed last', async () => {
    const { db, reads } = open();
    await db.rows.put(row('a'));
    await Promise.all([
      db.transaction('rw', db.rows, async () => {
        await db.rows.put(row('a', 'first'));
        await db.rows.get('z');
        await db.rows.put(row('a', 'first again'));
      }),
      db.transaction('rw', db.rows, () => db.rows.put(row('a', 'second'))),
    ]);
    reads.length = 0;
    expect((await db.rows.get('a'))?.note.text).toBe('second');
    expect(reads).toEqual(['a']);
  });
});

describe('the answers kept by the row cache', () => {
  const ids = (db: CachedDatabase, group: string) => db.rows.where('group').equals(group).primaryKeys();

  test('an equality query is answered again without IndexedDB, and follows the writes that commit', async () => {
    const { db, reads } = open();
    await db.rows.bulkPut([row('b'), row('a'), row('x', 'x', 'other')]);
    expect(await ids(db, 'g')).toEqual(['a', 'b']);
    expect(await db.rows.where('group').equals('g').toArray()).toEqual([row('a'), row('b')]);
    expect(reads).toEqual(['query group']);
    // A row joins, one leaves, one is deleted: the answer changes with them, still without a read.
    await db.rows.bulkPut([row('c'), row('x', 'x', 'g'), row('b', 'b', 'other')]);
    await db.rows.delete('a');
    expect(await ids(db, 'g')).toEqual(['c', 'x']);
    expect(await db.rows.where('tags').equals('c').primaryKeys()).toEqual(['c']);
    expect(reads).toEqual(['query group', 'query tags']);
    expect(await db.rows.where('tags').equals('c').primaryKeys()).toEqual(['c']);
    expect(reads).toEqual(['query group', 'query tags']);
  });

  test('a prefix of a compound index is answered in its order: index key, then primary key', async () => {
    const { db, reads } = open();
    await db.rows.bulkPut([row('a', 'a', 'g', '2'), row('b', 'b', 'g', '1'), row('c', 'c', 'h', '0')]);
    const prefix = () =>
      db.rows
        .where('[group+rank]')
        .between(['g', Dexie.minKey], ['g', Dexie.maxKey])
        .toArray()
        .then((rows) => rows.map((found) => found.id));
    expect(await prefix()).toEqual(['b', 'a']);
    await db.rows.bulkPut([row('a', 'a', 'g', '0'), row('d', 'd', 'g', '3')]);
    expect(await prefix()).toEqual(['a', 'b', 'd']);
    expect(reads).toEqual(['query [group+rank]']);
  });

  test('a transaction sees its own changes to an answer, and an abort leaves the committed one', async () => {
    const { db, reads } = open();
    await db.rows.bulkPut([row('a'), row('b')]);
    expect(await ids(db, 'g')).toEqual(['a', 'b']);
    await expect(
      db.transaction('rw', db.rows, async () => {
        await db.rows.put(row('c'));
        await db.rows.delete('a');
        expect(await ids(db, 'g')).toEqual(['b', 'c']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    // IndexedDB runs a read-write transaction made now after the aborted one has ended.
    await db.transaction('rw', db.rows, () => db.rows.get('a'));
    reads.length = 0;
    expect(await ids(db, 'g')).toEqual(['a', 'b']);
    expect(await ids(db, 'g')).toEqual(['a', 'b']);
    expect(reads).toEqual(['query group']);
  });

  test("what a writer reads after its own writes is kept as its own: everyone's once it commits, gone if it aborts", async () => {
    const { db, reads } = open();
    await db.rows.bulkPut([row('a'), row('b')]);
    const write = (fail: boolean) =>
      db.transaction('rw', db.rows, async () => {
        await db.rows.put(row(fail ? 'lost' : 'c'));
        expect(await ids(db, 'g')).toContain(fail ? 'lost' : 'c');
        if (fail) throw new Error('abort');
      });
    await expect(write(true)).rejects.toThrow('abort');
    reads.length = 0;
    expect(await ids(db, 'g')).toEqual(['a', 'b']);
    expect(reads).toEqual(['query group']);
    await write(false);
    reads.length = 0;
    expect(await ids(db, 'g')).toEqual(['a', 'b', 'c']);
    expect(reads).toEqual([]);
  });

  test('an answer read while a write is uncommitted is not kept', async () => {
    const { db, reads } = open();
    await db.rows.bulkPut([row('a'), row('b')]);
    await db.transaction('rw', db.rows, async () => {
      // Asked before the write and answered after it: kept, it would miss c.
      const [before] = await Promise.all([ids(db, 'g'), db.rows.put(row('c'))]);
      expect(before).toEqual(['a', 'b']);
    });
    reads.length = 0;
    expect(await ids(db, 'g')).toEqual(['a', 'b', 'c']);
    expect(reads).toEqual(['query group']);
  });
});
