import type { Migration } from './migration';

/**
 * Version 2: `messages.[direction+at]`, so the rep's most recent sends (what their voice is learned
 * from) are an index range rather than a scan; drafts are keyed by trigger with the deal indexed.
 * Rows are unchanged: no upgrade step.
 */
export const v2: Migration = {
  version: 2,
  stores: {
    messages: 'id, thread, [deal+at], [deal+direction+at], [direction+at]',
  },
};
