import { z } from 'zod';
import type { EmberDatabase } from '@/lib/store/database';

/**
 * Messages Ember could not read (a sender that is no address, say), kept aside with the reason so
 * the rep can see them, while the rest of their batch is ingested: one bad message never hides a
 * thread's mail. A later copy that reads well takes its message off the list.
 */
export const SET_ASIDE_KEY = 'setAside';
/** The most kept: the latest, so a mailbox full of bad mail cannot grow the list without end. */
export const MAX_SET_ASIDE = 200;

export const setAsideSchema = z.object({
  message: z.string(),
  thread: z.string(),
  reason: z.string(),
  at: z.number(),
});
export type SetAside = z.infer<typeof setAsideSchema>;

const storedSchema = z.array(setAsideSchema);

export async function readSetAside(db: EmberDatabase): Promise<SetAside[]> {
  const stored = await db.settings.get(SET_ASIDE_KEY);
  const parsed = storedSchema.safeParse(stored?.value ?? []);
  return parsed.success ? parsed.data : [];
}

/** What ingestMessages answers for a message it set aside. */
export interface SetAsideResult {
  message: string;
  placement: null;
  setAside: string;
}

/** Adds what was set aside now and drops the messages that have since been read; returns how many are kept. */
export async function updateSetAside(
  db: EmberDatabase,
  added: readonly SetAside[],
  read: ReadonlySet<string>,
): Promise<number> {
  return db.transaction('rw', db.settings, async () => {
    const current = await readSetAside(db);
    const addedIds = new Set(added.map((entry) => entry.message));
    const kept = current.filter((entry) => !read.has(entry.message) && !addedIds.has(entry.message));
    const next = [...kept, ...added].slice(-MAX_SET_ASIDE);
    if (kept.length !== current.length || added.length > 0) await db.settings.put({ key: SET_ASIDE_KEY, value: next });
    return next.length;
  });
}
