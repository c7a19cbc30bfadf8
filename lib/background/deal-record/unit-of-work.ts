import type { EngineContext } from '@/lib/domain/engine/deal-engine';
import { WorkflowEngine, type MessagePlacement } from '@/lib/domain/engine/engine';
import { inputKey } from '@/lib/domain/engine/order';
import type { Instant, Transition, Trigger } from '@/lib/domain/engine/types';
import type { EmberDatabase } from '@/lib/store/database';
import { DexieEngineStore, type StoredMessage } from '@/lib/store/dexie-engine-store';
import { REBUILD_PENDING } from '@/lib/store/rebuild-pending';
import type { DealInputFields, MessageRecord } from '@/lib/store/records';
import { rebuildAll, rebuildDeals, type IncomingText } from './rebuild';

/**
 * One write of an account: a read-write transaction over every table, the engine over a unit of work
 * of the Dexie store, and the deals to rebuild from their inputs at its end. Every input the
 * background records goes through one of these, so an event lands whole or not at all.
 */
export interface UnitOfWork {
  db: EmberDatabase;
  engine: WorkflowEngine<StoredMessage>;
  store: DexieEngineStore;
  context: EngineContext;
  now: Instant;
  /**
   * Where the rebuild at the end of the unit placed the mail given to `rebuild` with its text: filled
   * once the work has returned, before the transaction commits.
   */
  readonly placed: Map<string, MessagePlacement>;
  /** Deals to rebuild from their inputs once the work is written; `text`: message text of this request. */
  rebuild(
    deals: Iterable<string>,
    text?: Iterable<[string, Pick<MessageRecord, 'subject' | 'text' | 'snippet' | 'closing'>]>,
  ): void;
}

/**
 * Runs `work` in one transaction. The store holds the engine's writes until `work` ends: direct
 * table access in `work` flushes first. A pending rebuild of every deal (after a migration) is done
 * first; the deals `work` asks to rebuild are rebuilt last, after everything else was written.
 * Returns what `work` returned and the triggers open after it that it fired: the news to announce
 * once the caller has seen the transaction commit.
 */
export async function inUnitOfWork<T>(
  db: EmberDatabase,
  context: EngineContext,
  clock: () => Instant,
  work: (unit: UnitOfWork) => Promise<T>,
): Promise<{ result: T; fired: Trigger[] }> {
  const fired: Trigger[] = [];
  const collect = (transition: Transition) => {
    for (const trigger of transition.triggers) if (trigger.status === 'open') fired.push(trigger);
  };
  return db.transaction('rw', db.allTables, async () => {
    fired.length = 0;
    const now = clock();
    if (await db.settings.get(REBUILD_PENDING)) {
      await rebuildAll(db, context, now);
      await db.settings.delete(REBUILD_PENDING);
    }
    const store = new DexieEngineStore(db, clock);
    const rebuild = new Set<string>();
    const incoming: IncomingText = new Map();
    const unit: UnitOfWork = {
      db,
      engine: new WorkflowEngine(context, store, collect),
      store,
      context,
      now,
      placed: new Map(),
      rebuild: (deals, text) => {
        for (const deal of deals) rebuild.add(deal);
        for (const [id, content] of text ?? []) incoming.set(id, content);
      },
    };
    const result = await work(unit);
    await store.flush();
    if (rebuild.size > 0) {
      const near = [...incoming.keys()].flatMap((id) => {
        const input = store.cachedInput(id)?.value;
        return input?.kind === 'message' ? [input] : [];
      });
      const rebuilt = await rebuildDeals(db, context, rebuild, now, incoming, near);
      fired.push(...rebuilt.fired);
      for (const id of incoming.keys()) {
        const placement = rebuilt.placements.get(id);
        if (placement) unit.placed.set(id, placement);
      }
    }
    // Only what fired and is still open after the whole event (a rebuild included) is news.
    const ids = [...new Set(fired.map((trigger) => trigger.id))];
    const news = (await db.triggers.bulkGet(ids)).filter((trigger): trigger is Trigger => trigger?.status === 'open');
    return { result, fired: news };
  });
}

/**
 * Records one of the rep's inputs on a deal and applies it: at once when it is the latest the deal
 * has, else by rebuilding the deal (an input ordered before what the deal applied, such as mail
 * from the future or an action at the same instant as later mail).
 */
export async function recordInput(
  unit: UnitOfWork,
  fields: DealInputFields,
  apply: (seq: number) => Promise<unknown>,
): Promise<void> {
  const deal = await unit.store.dealRecord(fields.deal);
  const seq = deal?.inputCount ?? 0;
  unit.store.putInput({ ...fields, id: `${fields.deal}:${seq}`, seq });
  if (deal && inputKey(fields.at, seq) <= (deal.appliedThrough ?? '')) unit.rebuild([fields.deal]);
  else await apply(seq);
  await unit.store.countInput(fields.deal, seq + 1);
}
