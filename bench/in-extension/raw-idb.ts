/**
 * The physical limits: the same reads and writes with the bare IndexedDB API, no Dexie and no
 * product code, so each figure can be set against what the browser itself needs.
 */

export function openRaw(name: string, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
    if (upgrade) request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`could not open ${name}`));
  });
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Every row of a store, in one request. */
export function getAll(db: IDBDatabase, store: string): Promise<unknown[]> {
  return result(db.transaction(store, 'readonly').objectStore(store).getAll());
}

/** Every row of several stores, requested at once in one transaction. */
export function getAllOf(db: IDBDatabase, stores: string[]): Promise<unknown[][]> {
  const transaction = db.transaction(stores, 'readonly');
  return Promise.all(stores.map((store) => result(transaction.objectStore(store).getAll())));
}

/** The rows of an index within a key range, in one request. */
export function getAllByIndex(db: IDBDatabase, store: string, index: string, range: IDBKeyRange): Promise<unknown[]> {
  return result(db.transaction(store, 'readonly').objectStore(store).index(index).getAll(range));
}

/** Every store's row count, in one transaction. */
export async function countAll(db: IDBDatabase): Promise<Map<string, number>> {
  const stores = [...db.objectStoreNames];
  const transaction = db.transaction(stores, 'readonly');
  const counts = await Promise.all(stores.map((store) => result(transaction.objectStore(store).count())));
  return new Map(stores.map((store, index) => [store, counts[index]!]));
}

interface StoreShape {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
}

/**
 * An empty database named `name` with every store and index `source` has, made afresh (an older
 * one of that name is deleted first), so rows written to it pay for the same indexes.
 */
export async function emptyCopy(source: IDBDatabase, name: string): Promise<IDBDatabase> {
  const stores = [...source.objectStoreNames];
  const transaction = source.transaction(stores, 'readonly');
  const shapes: StoreShape[] = stores.map((store) => {
    const objects = transaction.objectStore(store);
    return {
      name: store,
      keyPath: objects.keyPath,
      autoIncrement: objects.autoIncrement,
      indexes: [...objects.indexNames].map((index) => {
        const { keyPath, unique, multiEntry } = objects.index(index);
        return { name: index, keyPath, unique, multiEntry };
      }),
    };
  });
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
  });
  return openRaw(name, (created) => {
    for (const shape of shapes) {
      const objects = created.createObjectStore(shape.name, {
        keyPath: shape.keyPath,
        autoIncrement: shape.autoIncrement,
      });
      for (const index of shape.indexes) {
        objects.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
      }
    }
  });
}

/** A store's writes to make again: rows to put (with their keys) and keys to delete. */
export interface StoreWrites {
  puts: { key: IDBValidKey; value: unknown }[];
  deletes: IDBValidKey[];
  /** Key ranges deleted; null deletes every row. */
  ranges: (IDBKeyRange | null)[];
}

/** The rows now stored under each key: present ones to put, missing ones to delete. */
export async function readBack(db: IDBDatabase, keys: Map<string, IDBValidKey[]>): Promise<Map<string, StoreWrites>> {
  const stores = [...keys.keys()];
  if (stores.length === 0) return new Map();
  const transaction = db.transaction(stores, 'readonly');
  const read = await Promise.all(
    stores.map(async (store) => {
      const objects = transaction.objectStore(store);
      const values = await Promise.all(keys.get(store)!.map((key) => result(objects.get(key))));
      const writes: StoreWrites = { puts: [], deletes: [], ranges: [] };
      values.forEach((value, index) => {
        const key = keys.get(store)![index]!;
        if (value === undefined) writes.deletes.push(key);
        else writes.puts.push({ key, value });
      });
      return [store, writes] as const;
    }),
  );
  return new Map(read);
}

/** Makes every store's writes in one transaction and resolves when it has committed. */
export function applyWrites(db: IDBDatabase, writes: Map<string, StoreWrites>): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction([...writes.keys()], 'readwrite');
    for (const [store, { puts, deletes, ranges }] of writes) {
      const objects = transaction.objectStore(store);
      const outbound = objects.keyPath === null;
      for (const range of ranges) {
        if (range === null) objects.clear();
        else objects.delete(range);
      }
      for (const key of deletes) objects.delete(key);
      for (const { key, value } of puts) {
        if (outbound) objects.put(value, key);
        else objects.put(value);
      }
    }
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('writes failed'));
  });
}

/** Empties every store, in one transaction. */
export function clearAll(db: IDBDatabase): Promise<void> {
  return new Promise((resolve, reject) => {
    const stores = [...db.objectStoreNames];
    const transaction = db.transaction(stores, 'readwrite');
    for (const store of stores) transaction.objectStore(store).clear();
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('clear failed'));
  });
}

/** Puts every row given for each store (stores with keys in their rows), in one transaction; resolves when it has committed. */
export function putAll(db: IDBDatabase, rows: ReadonlyMap<string, readonly unknown[]>): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction([...rows.keys()], 'readwrite');
    for (const [store, list] of rows) {
      const objects = transaction.objectStore(store);
      for (const row of list) objects.put(row);
    }
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('puts failed'));
  });
}
