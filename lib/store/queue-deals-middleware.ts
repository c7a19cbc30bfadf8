import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
} from 'dexie';
import type { DealRecord, QueueDealRecord } from './records';

const DEALS = 'deals';
export const QUEUE_DEALS = 'queueDeals';

/** A deal's queue row; null when the deal has no open trigger, so the queue has no entry for it. */
export function queueDealOf(deal: DealRecord): QueueDealRecord | null {
  if (deal.nextDueAt === null) return null;
  return { id: deal.id, title: deal.title, stage: deal.stage, latestThread: deal.latestThread };
}

/**
 * Invariant: `queueDeals` holds exactly `queueDealOf(deal)` for every deal that has one, and no
 * other row. It holds whatever code writes deals, because every write reaches IndexedDB through
 * the deals table's DBCore `mutate`: this middleware follows each one with the matching write of
 * the queue rows in the same transaction, so both commit or neither does. Read-write transactions
 * over deals are widened to include `queueDeals` for that.
 *
 * A database whose schema has no `queueDeals` (versions before 4, which upgrades and migration
 * tests open, and whose upgrades write deals) is passed through untouched.
 */
export const queueDealsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'QueueDeals',
  create: (down) => {
    if (!down.schema.tables.some((table) => table.name === QUEUE_DEALS)) return down;
    const queueDeals = down.table(QUEUE_DEALS);
    return {
      ...down,
      transaction: (stores, mode, options) =>
        down.transaction(
          mode === 'readwrite' && stores.includes(DEALS) && !stores.includes(QUEUE_DEALS)
            ? [...stores, QUEUE_DEALS]
            : stores,
          mode,
          options,
        ),
      table: (name) => {
        const table = down.table(name);
        if (name !== DEALS) return table;
        return {
          ...table,
          mutate: (req) =>
            table.mutate(req).then((res) => applyInOrder(queueDeals, queueMutations(req, res))?.then(() => res) ?? res),
        };
      },
    };
  },
};

/** The queue-row writes that mirror the deal writes that succeeded; failed ones changed nothing. */
function queueMutations(req: DBCoreMutateRequest, res: DBCoreMutateResponse): DBCoreMutateRequest[] {
  const { trans } = req;
  const succeeded = (_: unknown, index: number) => res.failures[index] === undefined;
  switch (req.type) {
    case 'add':
    case 'put': {
      const rows: QueueDealRecord[] = [];
      const stale: string[] = [];
      for (const deal of (req.values as readonly DealRecord[]).filter(succeeded)) {
        const row = queueDealOf(deal);
        if (row) rows.push(row);
        else stale.push(deal.id);
      }
      return [
        ...(rows.length > 0 ? [{ type: 'put' as const, trans, values: rows }] : []),
        ...(stale.length > 0 ? [{ type: 'delete' as const, trans, keys: stale }] : []),
      ];
    }
    case 'delete': {
      const keys = (req.keys as string[]).filter(succeeded);
      return keys.length > 0 ? [{ type: 'delete', trans, keys }] : [];
    }
    case 'deleteRange':
      // Deal ids are the queue rows' ids, so the same key range.
      return res.numFailures === 0 ? [{ type: 'deleteRange', trans, range: req.range }] : [];
  }
}

/** Chained on Dexie's own promises, not native ones, like Dexie's middlewares. */
function applyInOrder(table: DBCoreTable, requests: readonly DBCoreMutateRequest[]): Promise<void> | undefined {
  const [first, ...rest] = requests;
  return (
    first &&
    table
      .mutate(first)
      .then(failOnAnyFailure(first.trans))
      .then(() => applyInOrder(table, rest))
  );
}

/** A queue row that cannot be written would break the invariant: the whole transaction is undone. */
function failOnAnyFailure(trans: DBCoreTransaction) {
  return (res: DBCoreMutateResponse) => {
    if (res.numFailures === 0) return;
    trans.abort();
    const first = Object.values(res.failures)[0];
    throw new Error(`${QUEUE_DEALS}: ${res.numFailures} write(s) mirroring deals failed`, { cause: first });
  };
}
