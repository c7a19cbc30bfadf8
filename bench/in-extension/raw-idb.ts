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

/** Puts every row in one transaction and resolves when it has committed. */
export function bulkPut(db: IDBDatabase, store: string, rows: readonly unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, 'readwrite');
    const objects = transaction.objectStore(store);
    for (const row of rows) objects.put(row);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('bulk put failed'));
  });
}

export function clear(db: IDBDatabase, store: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, 'readwrite');
    transaction.objectStore(store).clear();
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('clear failed'));
  });
}
