import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, Middleware } from 'dexie';

/** What a stretch of work wrote, by table: the keys it put or deleted, and the key ranges it deleted. */
export interface RecordedWrites {
  /** Table name → every key the work put, added or deleted (once each, whatever happened last). */
  keys: Map<string, IDBValidKey[]>;
  ranges: Map<string, DBCoreKeyRange[]>;
  /** Table name → how many put, add and delete operations reached IndexedDB (a row written twice counts twice). */
  operations: Map<string, number>;
}

/**
 * One write as logged: its keys only, taken when it answers. Keeping the request would keep every
 * row the work wrote alive until it ends, and the product's garbage collection would pay for the
 * bench's log.
 */
export type LoggedMutation =
  { table: string; type: 'deleteRange'; range: DBCoreKeyRange } | { table: string; type: 'write'; keys: IDBValidKey[] };

function logged(table: string, req: DBCoreMutateRequest, res: DBCoreMutateResponse): LoggedMutation {
  if (req.type === 'deleteRange') return { table, type: 'deleteRange', range: req.range };
  // Put and add answer with the keys they wrote (inbound or generated); a delete names its keys.
  const written = (req.type === 'delete' ? req.keys : (res.results ?? [])) as IDBValidKey[];
  return { table, type: 'write', keys: written.filter((_, index) => res.failures[index] === undefined) };
}

/**
 * A Dexie DBCore middleware that logs every write reaching IndexedDB while it is started, for
 * every table, whatever code makes it: at the lowest level of the stack, under the product's
 * middlewares (the queue-deals one writes its own table), it sees what IndexedDB is asked to do.
 * Started, it costs the timed work a push of each request's keys; what was written is worked out after.
 */
export function createWriteRecorder() {
  let log: LoggedMutation[] | null = null;
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'BenchWriteRecorder',
    level: -100,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) =>
            log === null
              ? table.mutate(req)
              : table.mutate(req).then((res) => {
                  log?.push(logged(name, req, res));
                  return res;
                }),
        };
      },
    }),
  };
  return {
    middleware,
    start(): void {
      log = [];
    },
    /** The writes since `start`, as logged: `summarize` says what they wrote. */
    stop(): LoggedMutation[] {
      const logged = log ?? [];
      log = null;
      return logged;
    },
  };
}

/** What logged writes wrote: each key once (whatever happened to it last), every range, the operations counted. */
export function summarize(logged: readonly LoggedMutation[]): RecordedWrites {
  const keys = new Map<string, Map<string, IDBValidKey>>();
  const ranges = new Map<string, DBCoreKeyRange[]>();
  const operations = new Map<string, number>();
  for (const mutation of logged) {
    const { table } = mutation;
    if (mutation.type === 'deleteRange') {
      if (rangeType(mutation.range) === RANGE_TYPE.never) continue;
      ranges.set(table, [...(ranges.get(table) ?? []), mutation.range]);
      continue;
    }
    const ofTable = keys.get(table) ?? new Map<string, IDBValidKey>();
    keys.set(table, ofTable);
    for (const key of mutation.keys) {
      ofTable.set(JSON.stringify(key), key);
      operations.set(table, (operations.get(table) ?? 0) + 1);
    }
  }
  return {
    keys: new Map([...keys].map(([table, ofTable]) => [table, [...ofTable.values()]])),
    ranges,
    operations,
  };
}

/**
 * Dexie's `DBCoreRangeType` values. It is a const enum of Dexie's declarations only, which a
 * bundler compiling file by file cannot inline, so its values are spelled out here.
 */
const RANGE_TYPE = { equal: 1, range: 2, any: 3, never: 4 } as const;
const rangeType = (range: DBCoreKeyRange): number => range.type;

/** Dexie's key range as IndexedDB's; null for "every key" (Dexie's `Any`), which `clear()` deletes. */
export function toIDBKeyRange(range: DBCoreKeyRange): IDBKeyRange | null {
  if (rangeType(range) === RANGE_TYPE.any) return null;
  if (rangeType(range) === RANGE_TYPE.equal) return IDBKeyRange.only(range.lower);
  if (range.lower === undefined) return IDBKeyRange.upperBound(range.upper, range.upperOpen);
  if (range.upper === undefined) return IDBKeyRange.lowerBound(range.lower, range.lowerOpen);
  return IDBKeyRange.bound(range.lower, range.upper, range.lowerOpen, range.upperOpen);
}
