import {
  cmp,
  type DBCore,
  type DBCoreIndex,
  type DBCoreKeyRange,
  type DBCoreMutateRequest,
  type DBCoreTransaction,
  type Middleware,
} from 'dexie';

/** Table name → the indexes, as Dexie names them (`deal`, `[deal+status]`), whose answers are kept. */
export type CachedTables = Readonly<Record<string, readonly string[]>>;

/**
 * The committed state of some tables kept in the worker's memory, so that reading it again costs no
 * IndexedDB request and no deserialization: rows by primary key, and the answers to equality queries
 * (and first-part prefix queries of compound indexes) on named indexes, as the keys they list. A
 * rebuild reads every input and trigger of a deal, and the next rebuild of the same deal (the next
 * late message of a busy thread) reads them again; an ingest reads each message's thread, deal,
 * contacts and open triggers, which the last ingest of that deal wrote.
 *
 * Invariant: what is served to a transaction is what IndexedDB would answer it. It holds because
 * every write reaches IndexedDB through DBCore `mutate`, and
 * - a write takes what it touches (the rows it names, the cached answers its rows join or leave) for
 *   its transaction, which reads its own writes there and releases them as committed when it
 *   completes; an abort evicts them. Until then no other transaction is served them.
 * - two transactions with uncommitted writes to one table (IndexedDB orders them; this cache cannot
 *   tell how) evict whatever either touches and release nothing;
 * - an answer from IndexedDB is kept only if no write to the table was made between the read and
 *   its answer, and no transaction but the reader has uncommitted writes to it; if the reader has,
 *   the reader owns what is kept, as it owns its writes;
 * - committed state is served only to a transaction that has started (one of its requests was
 *   answered, or no read-write transaction was open when it was made): until then, a transaction
 *   made before it may still write what it reads.
 * A miss is never kept: absent rows are the ones the next write is likeliest to add. A write the
 * cache cannot follow (a range delete, a key it cannot encode, a failed request) evicts the table.
 *
 * Rows handed out are frozen, since every reader of a key now shares one object, and so are rows
 * written (IndexedDB keeps a copy; the cache keeps the object): a caller that mutated one would
 * change what the next reader sees, and in strict mode it throws instead.
 *
 * Each table keeps at most `capacity` rows, dropping the longest cached first, and each index a tenth
 * as many answers (an answer of more rows than that is not kept).
 */
export function createRowCache(tables: CachedTables, capacity = 20_000): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'RowCache',
    create: (down) => {
      const caches = new Map<string, TableCache>();
      for (const [name, aliases] of Object.entries(tables)) {
        if (!down.schema.tables.some((table) => table.name === name)) continue;
        // The table's own schema: its index objects are the ones queries name.
        const { schema } = down.table(name);
        const indexes: CachedIndex[] = [];
        for (const alias of aliases) {
          const index = [schema.primaryKey, ...schema.indexes].find((candidate) => aliasOf(candidate) === alias);
          if (!index) throw new Error(`row cache: ${name} has no index ${alias}`);
          indexes.push({ index, alias, entries: new Map() });
        }
        caches.set(name, {
          primaryKey: schema.primaryKey,
          rows: new Map(),
          indexes,
          listedIn: new Map(),
          writers: new Set(),
          version: 0,
        });
      }
      if (caches.size === 0) return down;
      const cache = new TransactionCache(capacity, down.MIN_KEY, down.MAX_KEY);

      return {
        ...down,
        transaction: (stores, mode, options) => {
          const trans = down.transaction(stores, mode, options);
          cache.follow(trans, mode);
          return trans;
        },
        table: (name) => {
          const table = down.table(name);
          const cached = caches.get(name);
          const started =
            <T>(trans: DBCoreTransaction) =>
            (result: T) => {
              cache.started(trans);
              return result;
            };
          if (!cached) {
            return {
              ...table,
              get: (req) => table.get(req).then(started(req.trans)),
              getMany: (req) => table.getMany(req).then(started(req.trans)),
              query: (req) => table.query(req).then(started(req.trans)),
              count: (req) => table.count(req).then(started(req.trans)),
              openCursor: (req) => table.openCursor(req).then(started(req.trans)),
              mutate: (req) => table.mutate(req).then(started(req.trans)),
            };
          }
          return {
            ...table,
            count: (req) => table.count(req).then(started(req.trans)),
            openCursor: (req) => table.openCursor(req).then(started(req.trans)),
            mutate: (req) => {
              cache.write(cached, req);
              return table.mutate(req).then(
                (response) => {
                  cache.started(req.trans);
                  if (response.numFailures > 0) cache.evictTable(cached);
                  return response;
                },
                (error: unknown) => {
                  cache.evictTable(cached);
                  throw error;
                },
              );
            },
            get: (req) => {
              const key = encode(req.key);
              const hit = key === undefined ? MISS : cache.row(cached, key, req.trans);
              if (hit !== MISS) return Promise.resolve(hit);
              const version = cached.version;
              return table.get(req).then((row: unknown) => {
                cache.started(req.trans);
                return key === undefined ? row : cache.keep(cached, key, row, req.trans, version);
              });
            },
            getMany: (req) => {
              // Dexie asks for rows of its own to change in place (bulkUpdate) as 'clone'.
              const own = req.cache === 'clone';
              const results: unknown[] = new Array<unknown>(req.keys.length);
              const missing: number[] = [];
              req.keys.forEach((raw: unknown, index) => {
                const key = encode(raw);
                const hit = key === undefined ? MISS : cache.row(cached, key, req.trans);
                if (hit === MISS) missing.push(index);
                else results[index] = own ? structuredClone(hit) : hit;
              });
              if (missing.length === 0) return Promise.resolve(results);
              const keys = missing.map((index) => req.keys[index] as unknown);
              const version = cached.version;
              return table.getMany({ ...req, keys }).then((found: unknown[]) => {
                cache.started(req.trans);
                missing.forEach((index, position) => {
                  const key = encode(keys[position]);
                  const row = found[position];
                  if (key !== undefined && own && row !== undefined)
                    cache.keep(cached, key, structuredClone(row), req.trans, version);
                  results[index] = key === undefined || own ? row : cache.keep(cached, key, row, req.trans, version);
                });
                return results;
              });
            },
            query: (req) => {
              const at = cache.answerFor(cached, req.query.index, req.query.range);
              const plain = (req.direction ?? 'next') === 'next';
              if (at && plain) {
                const served = cache.answer(cached, at, req.trans, req.values ?? false);
                if (served) return Promise.resolve({ result: served.slice(0, req.limit ?? Infinity) });
              }
              const version = cached.version;
              return table.query(req).then((response) => {
                cache.started(req.trans);
                const complete = req.limit === undefined || response.result.length < req.limit;
                if (!at || !plain || !complete) return response;
                return {
                  result: cache.keepAnswer(cached, at, response.result, req.values ?? false, req.trans, version),
                };
              });
            },
          };
        },
      };
    },
  };
}

/** Marks the result of a lookup the cache cannot serve (an undefined row is a served deletion). */
const MISS = Symbol('miss');
/** A row its owner deleted: served to the owner as absent, forgotten when released. */
const DELETED = Symbol('deleted');
const ARRAY_MARK = '\u0001';

interface CachedRow {
  value: unknown;
  /** The transaction whose uncommitted write this is; null once committed. */
  owner: DBCoreTransaction | null;
}

interface Member {
  key: unknown;
  indexKey: unknown;
}

/** The committed keys of one query: the rows whose index key equals `value`, or starts with it. */
interface Answer {
  readonly id: string;
  readonly index: CachedIndex;
  readonly kind: 'equal' | 'prefix';
  readonly value: unknown;
  readonly members: Map<string, Member>;
  /** The members in IndexedDB's order (index key, then primary key), made when first served. */
  sorted: Member[] | null;
  owner: DBCoreTransaction | null;
}

interface CachedIndex {
  readonly index: DBCoreIndex;
  readonly alias: string;
  readonly entries: Map<string, Answer>;
}

interface TableCache {
  readonly primaryKey: DBCoreIndex;
  readonly rows: Map<string, CachedRow>;
  readonly indexes: readonly CachedIndex[];
  /** A primary key → the answers that list it. */
  readonly listedIn: Map<string, Set<Answer>>;
  /** Transactions with uncommitted writes to the table. */
  readonly writers: Set<DBCoreTransaction>;
  /** Counts writes, so an answer read across one is not kept. */
  version: number;
}

interface TransactionState {
  started: boolean;
  /** Per table: what this transaction owns there, or 'contested' once another writer shares it. */
  tables: Map<TableCache, { rows: Set<string>; answers: Set<Answer> } | 'contested'>;
}

/** Dexie's alias of an index: ':id' for an outbound primary key, `[a+b]` for a compound one. */
function aliasOf(index: DBCoreIndex): string {
  const { keyPath } = index;
  if (keyPath === null) return ':id';
  return typeof keyPath === 'string' ? keyPath : `[${keyPath.join('+')}]`;
}

/** A key as a map key: a string as it is, an array of strings as JSON behind a mark; others undefined. */
function encode(key: unknown): string | undefined {
  if (typeof key === 'string') return key.startsWith(ARRAY_MARK) ? undefined : key;
  if (Array.isArray(key) && key.every((part) => typeof part === 'string')) return ARRAY_MARK + JSON.stringify(key);
  return undefined;
}

class TransactionCache {
  private readonly transactions = new WeakMap<DBCoreTransaction, TransactionState>();
  /** Transactions that may write (read-write, or of unknown mode) and have not ended. */
  private readonly open = new Set<DBCoreTransaction>();
  /** Set when a transaction cannot be followed to its end: nothing is served or kept after it. */
  private disabled = false;

  constructor(
    private readonly capacity: number,
    private readonly minKey: unknown,
    private readonly maxKey: unknown,
  ) {}

  /** Starts following a transaction: its end commits or evicts what it owns. */
  follow(trans: DBCoreTransaction, mode?: 'readonly' | 'readwrite'): TransactionState {
    const known = this.transactions.get(trans);
    if (known) return known;
    // With no read-write transaction running or waiting, none can write before this one reads.
    const state: TransactionState = { started: mode !== undefined && this.open.size === 0, tables: new Map() };
    this.transactions.set(trans, state);
    if (mode !== 'readonly') this.open.add(trans);
    const target = trans as Partial<EventTarget>;
    if (typeof target.addEventListener !== 'function') this.disabled = true;
    else {
      target.addEventListener('complete', () => this.end(state, trans, true));
      target.addEventListener('abort', () => this.end(state, trans, false));
    }
    return state;
  }

  started(trans: DBCoreTransaction): void {
    const state = this.transactions.get(trans);
    if (state) state.started = true;
    else this.follow(trans).started = true;
  }

  private end(state: TransactionState, trans: DBCoreTransaction, committed: boolean): void {
    this.open.delete(trans);
    for (const [table, owned] of state.tables) {
      table.writers.delete(trans);
      if (owned === 'contested') continue;
      for (const key of owned.rows) {
        const row = table.rows.get(key);
        if (row?.owner !== trans) continue;
        if (!committed || row.value === DELETED) table.rows.delete(key);
        else row.owner = null;
      }
      for (const answer of owned.answers) {
        if (answer.owner !== trans) continue;
        if (committed) answer.owner = null;
        else this.evictAnswer(table, answer);
      }
    }
    state.tables.clear();
  }

  /** A row to serve `trans`: its own write, or a committed row once it has started. */
  row(table: TableCache, key: string, trans: DBCoreTransaction): unknown {
    if (this.disabled) return MISS;
    const row = table.rows.get(key);
    if (!row) return MISS;
    if (row.owner === trans) return row.value === DELETED ? undefined : row.value;
    return row.owner === null && this.transactions.get(trans)?.started ? row.value : MISS;
  }

  /**
   * Whom an answer `trans` read at `version` is kept for: every transaction (null) when no write is
   * uncommitted; `trans` alone when the uncommitted writes are its own (its view, released as
   * committed with them); nobody (undefined) when the table was written since or by another.
   */
  private keeper(table: TableCache, trans: DBCoreTransaction, version: number): DBCoreTransaction | null | undefined {
    if (this.disabled || table.version !== version) return undefined;
    if (table.writers.size === 0) return null;
    const owned = this.transactions.get(trans)?.tables.get(table);
    return table.writers.size === 1 && owned && owned !== 'contested' ? trans : undefined;
  }

  /** The rows and answers a transaction owns in a table (it is the table's only writer). */
  private ownedBy(table: TableCache, trans: DBCoreTransaction) {
    const owned = this.transactions.get(trans)?.tables.get(table);
    if (!owned || owned === 'contested') throw new Error('row cache: a keeper owns nothing');
    return owned;
  }

  /** Keeps a row IndexedDB answered `trans`, when it may; returns the object to hand out. */
  keep(table: TableCache, key: string, row: unknown, trans: DBCoreTransaction, version: number): unknown {
    if (row === undefined) return row;
    const keeper = this.keeper(table, trans, version);
    if (keeper === undefined) return row;
    const known = table.rows.get(key);
    if (known) return known.owner === null || known.owner === trans ? known.value : row;
    this.setRow(table, key, { value: deepFreeze(row), owner: keeper });
    if (keeper) this.ownedBy(table, keeper).rows.add(key);
    return row;
  }

  private setRow(table: TableCache, key: string, row: CachedRow): void {
    table.rows.delete(key);
    table.rows.set(key, row);
    if (table.rows.size > this.capacity) table.rows.delete(table.rows.keys().next().value as string);
  }

  /** The answer a query's range stands for on a cached index, if it is one the cache keeps. */
  answerFor(
    table: TableCache,
    index: DBCoreIndex,
    range: DBCoreKeyRange,
  ): { index: CachedIndex; id: string; kind: Answer['kind']; value: unknown } | undefined {
    // A virtual index (Dexie's, over a compound index's first part) is another query than its index's.
    const cached = (index as { isVirtual?: boolean }).isVirtual
      ? undefined
      : table.indexes.find((candidate) => candidate.index === index || candidate.alias === aliasOf(index));
    if (!cached) return undefined;
    // 1 is an equal range, 2 a bounded one: Dexie's DBCoreRangeType, an ambient const enum.
    const type: number = range.type;
    if (type === 1) {
      const encoded = encode(range.lower);
      return encoded === undefined
        ? undefined
        : { index: cached, id: `e${encoded}`, kind: 'equal', value: range.lower };
    }
    const { lower, upper } = range as { lower: unknown; upper: unknown };
    const prefix =
      type === 2 &&
      cached.index.compound &&
      !range.lowerOpen &&
      Array.isArray(lower) &&
      Array.isArray(upper) &&
      lower.length === 2 &&
      upper.length === 2 &&
      typeof lower[0] === 'string' &&
      lower[0] === upper[0] &&
      cmp(lower[1], this.minKey) === 0 &&
      cmp(upper[1], this.maxKey) === 0;
    return prefix ? { index: cached, id: `p${lower[0] as string}`, kind: 'prefix', value: lower[0] } : undefined;
  }

  /** The answer served to `trans` as keys or rows, or undefined when it must be read. */
  answer(
    table: TableCache,
    at: { index: CachedIndex; id: string },
    trans: DBCoreTransaction,
    values: boolean,
  ): unknown[] | undefined {
    if (this.disabled) return undefined;
    const answer = at.index.entries.get(at.id);
    if (!answer) return undefined;
    if (answer.owner !== trans && !(answer.owner === null && this.transactions.get(trans)?.started)) return undefined;
    answer.sorted ??= [...answer.members.values()].sort((a, b) => cmp(a.indexKey, b.indexKey) || cmp(a.key, b.key));
    if (!values) return answer.sorted.map((member) => member.key);
    const rows: unknown[] = [];
    for (const member of answer.sorted) {
      const row = this.row(table, encode(member.key)!, trans);
      if (row === MISS || row === undefined) return undefined;
      rows.push(row);
    }
    return rows;
  }

  /** Keeps a complete answer IndexedDB gave, when it may; returns the result to hand out. */
  keepAnswer(
    table: TableCache,
    at: { index: CachedIndex; id: string; kind: Answer['kind']; value: unknown },
    result: unknown[],
    values: boolean,
    trans: DBCoreTransaction,
    version: number,
  ): unknown[] {
    const { index } = at.index;
    const keeper = this.keeper(table, trans, version);
    if (keeper === undefined || at.index.entries.has(at.id) || result.length > this.capacity / 10) return result;
    // Keys alone give a member's index key only when every member's is the value asked for (or the key).
    if (!values && at.kind === 'prefix' && !index.isPrimaryKey) return result;
    const members = new Map<string, Member>();
    const handed: unknown[] = [];
    for (const item of result) {
      const key: unknown = values ? table.primaryKey.extractKey?.(item) : item;
      const encoded = encode(key);
      if (encoded === undefined) return result;
      const indexKey: unknown = index.isPrimaryKey ? key : at.kind === 'equal' ? at.value : index.extractKey?.(item);
      members.set(encoded, { key, indexKey });
      handed.push(values ? this.keep(table, encoded, item, trans, version) : item);
    }
    const answer: Answer = {
      id: at.id,
      index: at.index,
      kind: at.kind,
      value: at.value,
      members,
      sorted: null,
      owner: keeper,
    };
    if (keeper) this.ownedBy(table, keeper).answers.add(answer);
    at.index.entries.set(at.id, answer);
    for (const encoded of members.keys()) this.listIn(table, encoded, answer);
    if (at.index.entries.size > this.capacity / 10) {
      const oldest = at.index.entries.values().next().value as Answer;
      this.evictAnswer(table, oldest);
    }
    return handed;
  }

  private listIn(table: TableCache, key: string, answer: Answer): void {
    const listed = table.listedIn.get(key);
    if (listed) listed.add(answer);
    else table.listedIn.set(key, new Set([answer]));
  }

  private unlist(table: TableCache, key: string, answer: Answer): void {
    const listed = table.listedIn.get(key);
    listed?.delete(answer);
    if (listed?.size === 0) table.listedIn.delete(key);
  }

  private evictAnswer(table: TableCache, answer: Answer): void {
    if (answer.index.entries.get(answer.id) === answer) answer.index.entries.delete(answer.id);
    for (const key of answer.members.keys()) this.unlist(table, key, answer);
  }

  evictTable(table: TableCache): void {
    table.rows.clear();
    table.listedIn.clear();
    for (const index of table.indexes) index.entries.clear();
  }

  /** Takes what a write touches for its transaction, changed as the write changes it. */
  write(table: TableCache, req: DBCoreMutateRequest): void {
    table.version += 1;
    const state = this.follow(req.trans);
    let owned = state.tables.get(table);
    if (!owned) {
      owned = { rows: new Set(), answers: new Set() };
      state.tables.set(table, owned);
      table.writers.add(req.trans);
    }
    if (table.writers.size > 1) this.contest(table);
    owned = state.tables.get(table)!;
    if (req.type === 'deleteRange') {
      this.evictTable(table);
      return;
    }
    const keys: unknown[] =
      req.type === 'delete'
        ? req.keys
        : (req.keys ?? req.values.map((value: unknown): unknown => table.primaryKey.extractKey?.(value)));
    // An add may fail row by row while its transaction goes on: what it touches is only evicted.
    const own = owned === 'contested' || req.type === 'add' ? null : owned;
    keys.forEach((key, position) => {
      const encoded = encode(key);
      if (encoded === undefined) {
        this.evictTable(table);
        return;
      }
      const value: unknown = req.type === 'delete' ? DELETED : deepFreeze(req.values[position] as unknown);
      this.change(table, own, req.trans, encoded, key, value);
    });
  }

  /** Two writers share the table: each evicts what it owns there and owns nothing more until it ends. */
  private contest(table: TableCache): void {
    for (const writer of table.writers) {
      const state = this.transactions.get(writer);
      const owned = state?.tables.get(table);
      if (!state || !owned || owned === 'contested') continue;
      for (const key of owned.rows) if (table.rows.get(key)?.owner === writer) table.rows.delete(key);
      for (const answer of owned.answers) if (answer.owner === writer) this.evictAnswer(table, answer);
      state.tables.set(table, 'contested');
    }
  }

  private change(
    table: TableCache,
    own: { rows: Set<string>; answers: Set<Answer> } | null,
    trans: DBCoreTransaction,
    encoded: string,
    key: unknown,
    value: unknown,
  ): void {
    if (own) {
      this.setRow(table, encoded, { value, owner: trans });
      own.rows.add(encoded);
    } else table.rows.delete(encoded);
    const touch = (answer: Answer, edit: () => void) => {
      if (!own || (answer.owner !== null && answer.owner !== trans)) {
        this.evictAnswer(table, answer);
        return;
      }
      answer.owner = trans;
      own.answers.add(answer);
      answer.sorted = null;
      edit();
    };
    for (const answer of [...(table.listedIn.get(encoded) ?? [])]) {
      const member = value === DELETED ? undefined : memberOf(answer, key, value);
      const before = answer.members.get(encoded);
      if (!member) {
        touch(answer, () => {
          answer.members.delete(encoded);
          this.unlist(table, encoded, answer);
        });
      } else if (before && cmp(before.indexKey, member.indexKey) !== 0) {
        touch(answer, () => answer.members.set(encoded, member));
      }
    }
    if (value === DELETED) return;
    for (const index of table.indexes) {
      for (const id of answerIdsOf(index.index, value)) {
        const answer = index.entries.get(id);
        if (!answer || answer.members.has(encoded)) continue;
        const member = memberOf(answer, key, value);
        if (!member) continue;
        touch(answer, () => {
          answer.members.set(encoded, member);
          this.listIn(table, encoded, answer);
        });
      }
    }
  }
}

/** The ids of the answers a row with this value could be a member of on `index`. */
function answerIdsOf(index: DBCoreIndex, row: unknown): string[] {
  const indexKey: unknown = index.extractKey?.(row);
  if (indexKey === undefined) return [];
  const ids: string[] = [];
  const values: unknown[] = index.multiEntry && Array.isArray(indexKey) ? indexKey : [indexKey];
  for (const value of values) {
    const encoded = encode(value);
    if (encoded !== undefined) ids.push(`e${encoded}`);
  }
  if (index.compound && Array.isArray(indexKey) && typeof indexKey[0] === 'string') ids.push(`p${indexKey[0]}`);
  return ids;
}

/** The member a row with this key and value is of an answer, or undefined if it is none. */
function memberOf(answer: Answer, key: unknown, row: unknown): Member | undefined {
  const { index } = answer.index;
  const indexKey: unknown = index.extractKey?.(row);
  if (indexKey === undefined) return undefined;
  if (answer.kind === 'prefix') {
    return Array.isArray(indexKey) && indexKey[0] === answer.value ? { key, indexKey } : undefined;
  }
  const wanted = encode(answer.value);
  if (index.multiEntry && Array.isArray(indexKey)) {
    return indexKey.some((value) => encode(value) === wanted) ? { key, indexKey: answer.value } : undefined;
  }
  return encode(indexKey) === wanted ? { key, indexKey } : undefined;
}

/** Freezes a row and everything in it (rows are plain data: objects, arrays, strings, numbers). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
