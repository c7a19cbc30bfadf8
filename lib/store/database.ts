import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';
import { queueDealsMiddleware } from './queue-deals-middleware';
import { createRowCache } from './row-cache-middleware';
import type {
  ContactRecord,
  DealRecord,
  DraftRecord,
  InputRecord,
  MeetingRecord,
  MessageRecord,
  QueueDealRecord,
  SettingRecord,
  StageEventRecord,
  ThreadRecord,
  TriggerRecord,
  UnlinkedRecord,
  WorkflowVersionRecord,
} from './records';

/** One rep account's data. u/0 and u/1 are different databases, so they never mix. */
export class EmberDatabase extends Dexie {
  deals!: EntityTable<DealRecord, 'id'>;
  contacts!: Dexie.Table<ContactRecord, [string, string]>;
  threads!: EntityTable<ThreadRecord, 'id'>;
  messages!: EntityTable<MessageRecord, 'id'>;
  unlinked!: EntityTable<UnlinkedRecord, 'message'>;
  stageEvents!: EntityTable<StageEventRecord, 'id'>;
  meetings!: EntityTable<MeetingRecord, 'id'>;
  triggers!: EntityTable<TriggerRecord, 'id'>;
  drafts!: EntityTable<DraftRecord, 'trigger'>;
  settings!: EntityTable<SettingRecord, 'key'>;
  workflows!: EntityTable<WorkflowVersionRecord, 'version'>;
  /** The record every deal is derived from: each message's headers and the rep's inputs. */
  inputs!: EntityTable<InputRecord, 'id'>;
  /** Derived from deals by the queue-deals middleware: never written directly. */
  queueDeals!: EntityTable<QueueDealRecord, 'id'>;

  /** The key range constructor of the IndexedDB this database was opened on (tests pass their own). */
  readonly keyRange: typeof IDBKeyRange;

  constructor(name: string, options?: DexieOptions, migrations: readonly Migration[] = MIGRATIONS) {
    super(name, options);
    // Dexie types the option loosely; it is an IDBKeyRange constructor.
    this.keyRange = (options?.IDBKeyRange as typeof IDBKeyRange | undefined) ?? IDBKeyRange;
    // Dexie's live queries are not used (pages ask the background), so neither is what serves them:
    // every write would still track its key ranges for them, and every read-write transaction an
    // AbortController.
    this.unuse({ stack: 'dbcore', name: 'Observability' });
    this.unuse({ stack: 'dbcore', name: 'Cache' });
    this.use(queueDealsMiddleware);
    // What an ingest or a rebuild reads of a deal (its row, threads, contacts, open triggers, inputs)
    // is mostly what the last one wrote: kept in memory as committed, by row and by index answer.
    this.use(
      createRowCache({
        inputs: ['deal', 'thread', 'participants'],
        triggers: ['[deal+status]'],
        deals: ['contacts'],
        threads: ['deal'],
        contacts: ['[deal+address]'],
        stageEvents: ['[deal+at]'],
      }),
    );
    for (const migration of migrations) {
      const version = this.version(migration.version).stores(migration.stores);
      if (migration.upgrade) version.upgrade(migration.upgrade);
    }
  }

  /** Every table, for transactions that must see one consistent state. */
  get allTables() {
    return [
      this.deals,
      this.contacts,
      this.threads,
      this.messages,
      this.unlinked,
      this.stageEvents,
      this.meetings,
      this.triggers,
      this.drafts,
      this.settings,
      this.workflows,
      this.queueDeals,
      this.inputs,
    ];
  }
}

export function databaseName(account: string): string {
  return `ember:${account}`;
}

export function openAccountDatabase(account: string, options?: DexieOptions): EmberDatabase {
  return new EmberDatabase(databaseName(account), options);
}
