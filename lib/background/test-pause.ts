import type { DBCore, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { browser } from 'wxt/browser';
import type { EmberDatabase } from '@/lib/store/database';

/** Where a held write stopped: its table and the keys it wrote in the transaction not yet committed. */
export interface PausedWrite {
  table: string;
  keys: unknown[];
}

/** Read again and again while a write is held: it names no row, so every read finds nothing. */
const KEEP_ALIVE_KEY = '\uffffe2e:keep-alive';

interface Pause {
  table: string;
  claimed: boolean;
  released: boolean;
  reached: Promise<PausedWrite>;
  reach(write: PausedWrite): void;
}

/**
 * Holds one write inside its transaction, at a point an end-to-end test chooses, so the test can
 * stop the service worker while the work is provably in flight. Once armed on a table, the next
 * write to it (a DBCore `mutate`) goes to IndexedDB, reports what it wrote, and then does not return
 * until released: the transaction stays open, its writes uncommitted. An IndexedDB transaction
 * commits by itself as soon as no request is pending, so while held it keeps one pending: a read of
 * a key that names no row, again and again. Every other write passes through untouched.
 */
export function createWritePause() {
  let pause: Pause | null = null;

  /** Claimed when the write starts, so of the writes a flush starts together only one is held. */
  const claim = (table: string): Pause | null => {
    if (pause?.table !== table || pause.claimed) return null;
    pause.claimed = true;
    return pause;
  };

  const hold = async (table: DBCoreTable, trans: DBCoreTransaction, held: Pause, write: PausedWrite) => {
    held.reach(write);
    // A read that fails (the transaction was aborted) ends the hold with its error.
    while (!held.released) await table.get({ trans, key: KEEP_ALIVE_KEY });
  };

  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'E2eWritePause',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: async (req) => {
            const held = claim(name);
            const res = await table.mutate(req);
            if (held) {
              const keys: unknown[] = req.type === 'delete' ? [...(req.keys as unknown[])] : (res.results ?? []);
              await hold(table, req.trans, held, { table: name, keys });
            }
            return res;
          },
        };
      },
    }),
  };

  /** Lets the held write return: its transaction goes on and commits as it would have. */
  const release = (): void => {
    if (pause) pause.released = true;
    pause = null;
  };

  return {
    middleware,
    /** Holds the next write to `table` (a store name, as in lib/store/database.ts); releases any earlier pause. */
    arm(table: string): void {
      release();
      let reach!: (write: PausedWrite) => void;
      const reached = new Promise<PausedWrite>((resolve) => (reach = resolve));
      pause = { table, claimed: false, released: false, reached, reach };
    },
    /** Resolves once the armed write is held, with what it wrote. */
    reached(): Promise<PausedWrite> {
      if (!pause) return Promise.reject(new Error('no write pause is armed'));
      return pause.reached;
    },
    release,
  };
}

/**
 * The write pause for end-to-end tests, reached from an extension page by
 * `{ type: 'e2e:pauseWrite', table }` (arm; answers once armed), `{ type: 'e2e:writePaused' }`
 * (answers with the {@link PausedWrite} once the write is held) and `{ type: 'e2e:releaseWrite' }`.
 * Returns `openDatabase` with the pause on every database it opens. Only `--mode e2e` builds install it.
 */
export function withWritePause(openDatabase: (account: string) => EmberDatabase): (account: string) => EmberDatabase {
  const pause = createWritePause();
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    const request = message as { type?: unknown; table?: unknown };
    if (sender.id !== browser.runtime.id) return false;
    if (request?.type === 'e2e:pauseWrite' && typeof request.table === 'string') {
      pause.arm(request.table);
      sendResponse({ armed: request.table });
    } else if (request?.type === 'e2e:writePaused') {
      pause.reached().then(sendResponse, (error: unknown) => sendResponse({ error: String(error) }));
      return true;
    } else if (request?.type === 'e2e:releaseWrite') {
      pause.release();
      sendResponse({ released: true });
    }
    return false;
  });
  // A middleware takes effect when the database opens, which Dexie does on its first request.
  return (account) => openDatabase(account).use(pause.middleware);
}
