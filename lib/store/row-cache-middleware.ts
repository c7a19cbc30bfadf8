import type { DBCore, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';

/**
 * Rows of some tables kept in the worker's memory, by primary key, so that reading them again costs
 * no IndexedDB request and no deserialization: a rebuild reads every input and trigger of a deal,
 * and the next rebuild of the same deal (the next late message of a busy thread) reads them again.
 *
 * Invariant: a cached row is the committed row of its key. It holds because every write reaches
 * IndexedDB through DBCore `mutate`, and
 * - a write evicts the keys it names as it is made (a range delete or a clear evicts the table);
 * - a transaction never reads what it wrote from the cache, and never caches a key it has written
 *   (its writes are not committed until it completes, and are gone if it aborts), nor a read that
 *   answers after it wrote the key (the read was made before the write);
 * - a read made in any other transaction sees committed rows only: IndexedDB runs a read-write
 *   transaction alone on its tables, and no write can land between a read and its answer.
 * A miss is never cached: absent rows are the ones the next write is likeliest to add.
 *
 * Rows handed out are frozen, since every reader of a key now shares one object: a caller that
 * mutated a row would change what the next reader sees, and in strict mode it throws instead.
 * Each table keeps at most `capacity` rows, dropping the longest cached first.
 */
export function createRowCache(tables: readonly string[], capacity = 20_000): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'RowCache',
    create: (down) => {
      const rows = new Map<string, Map<string, unknown>>();
      for (const name of tables) if (down.schema.tables.some((table) => table.name === name)) rows.set(name, new Map());
      if (rows.size === 0) return down;
      /** Per read-write transaction, per table: the keys it has written, or 'all' after a range delete. */
      const written = new WeakMap<DBCoreTransaction, Map<string, Set<string> | 'all'>>();

      const isWrittenBy = (trans: DBCoreTransaction, table: string, key: string) => {
        const keys = written.get(trans)?.get(table);
        return keys === 'all' || (keys?.has(key) ?? false);
      };
      const remember = (cache: Map<string, unknown>, key: string, row: unknown) => {
        cache.set(key, deepFreeze(row));
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      };
      const markWritten = (trans: DBCoreTransaction, table: string, keys: readonly unknown[] | 'all') => {
        let tablesWritten = written.get(trans);
        if (!tablesWritten) {
          tablesWritten = new Map();
          written.set(trans, tablesWritten);
        }
        const before = tablesWritten.get(table);
        if (keys === 'all' || before === 'all') {
          tablesWritten.set(table, 'all');
          return;
        }
        const set = before ?? new Set<string>();
        for (const key of keys) if (typeof key === 'string') set.add(key);
        tablesWritten.set(table, set);
      };

      const cachedTable = (name: string, table: DBCoreTable, cache: Map<string, unknown>): DBCoreTable => {
        const extractKey = table.schema.primaryKey.extractKey;
        const keysOf = (values: readonly unknown[]): unknown[] =>
          extractKey ? values.map((value): unknown => extractKey(value)) : [];
        return {
          ...table,
          mutate: (req) => {
            if (req.type === 'deleteRange') {
              cache.clear();
              markWritten(req.trans, name, 'all');
            } else {
              const keys = req.type === 'delete' ? req.keys : (req.keys ?? keysOf(req.values));
              // Keys not known here (an outbound key the write generates) cannot be evicted one by one.
              if (keys.length < (req.type === 'delete' ? req.keys.length : req.values.length)) {
                cache.clear();
                markWritten(req.trans, name, 'all');
              } else {
                for (const key of keys) if (typeof key === 'string') cache.delete(key);
                markWritten(req.trans, name, keys);
              }
            }
            return table.mutate(req);
          },
          get: (req) => {
            const key = req.key as unknown;
            if (typeof key !== 'string') return table.get(req);
            if (!isWrittenBy(req.trans, name, key)) {
              const hit = cache.get(key);
              if (hit !== undefined) return Promise.resolve(hit);
            }
            return table.get(req).then((row: unknown) => {
              if (row !== undefined && !isWrittenBy(req.trans, name, key)) remember(cache, key, row);
              return cache.get(key) ?? row;
            });
          },
          getMany: (req) => {
            const results: unknown[] = new Array<unknown>(req.keys.length);
            const missing: number[] = [];
            req.keys.forEach((key: unknown, index) => {
              const hit = typeof key === 'string' && !isWrittenBy(req.trans, name, key) ? cache.get(key) : undefined;
              if (hit === undefined) missing.push(index);
              else results[index] = hit;
            });
            if (missing.length === 0) return Promise.resolve(results);
            const keys = missing.map((index) => req.keys[index] as unknown);
            return table.getMany({ ...req, keys }).then((found: unknown[]) => {
              missing.forEach((index, position) => {
                const row = found[position];
                const key = keys[position];
                if (row !== undefined && typeof key === 'string' && !isWrittenBy(req.trans, name, key)) {
                  remember(cache, key, row);
                  results[index] = cache.get(key);
                } else results[index] = row;
              });
              return results;
            });
          },
        };
      };

      return {
        ...down,
        table: (name) => {
          const table = down.table(name);
          const cache = rows.get(name);
          return cache ? cachedTable(name, table, cache) : table;
        },
      };
    },
  };
}

/** Freezes a row and everything in it (rows are plain data: objects, arrays, strings, numbers). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
