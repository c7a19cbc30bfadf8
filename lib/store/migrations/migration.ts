import type { Transaction } from 'dexie';

/** One schema version: its stores and, from version 2 on, how to carry the previous data over. */
export interface Migration {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (transaction: Transaction) => Promise<void>;
}
