import type { Migration } from './migration';

/**
 * Version 1. Indexes serve the queries the product runs, so no hot path scans messages:
 * - deals: by id; `*contacts` (multi-entry) routes mail by address; `nextTimerAt` is the sweep's
 *   range; `status` and `lastActivityAt` for lists.
 * - messages: `[deal+at]` a deal's history by date; `[deal+direction+at]` the first reply after a
 *   meeting; `thread` a thread's mail.
 * - triggers: `[status+dueAt]` the queue and the badge; `[deal+status]` a deal's open triggers;
 *   `firedAt` metrics by period.
 */
export const v1: Migration = {
  version: 1,
  stores: {
    deals: 'id, status, lastActivityAt, nextTimerAt, *contacts',
    contacts: '[deal+address], address',
    threads: 'id, deal',
    messages: 'id, thread, [deal+at], [deal+direction+at]',
    unlinked: 'message, thread, at',
    stageEvents: 'id, [deal+at], at',
    meetings: 'id, [deal+start]',
    triggers: 'id, [status+dueAt], [deal+status], firedAt',
    drafts: 'trigger, deal',
    settings: 'key',
    workflows: 'version',
  },
};
