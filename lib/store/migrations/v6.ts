import type { Migration } from './migration';

/**
 * Version 6: a draft carries `advance`, the stage its buyer's latest message meets the exit
 * criterion of. Drafts are a cache of what the drafting code makes of a deal's history, so the
 * upgrade empties them rather than guessing the new field: each is made again, by the new code,
 * when the rep next opens its trigger. No index changes.
 */
export const v6: Migration = {
  version: 6,
  stores: {},
  upgrade: async (transaction) => {
    await transaction.table('drafts').clear();
  },
};
