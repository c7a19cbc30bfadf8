import { z } from 'zod';
import type { EmberDatabase } from '@/lib/store/database';

/**
 * Where an account's Google sync stands, kept in its own database's settings table (never in a
 * backup: lib/store/record-schemas.ts backs up only snoozes and the voice). Read through its schema:
 * a row from an older build, or a damaged one, reads as a first sync, which repeats work but never
 * skips mail.
 */

const SYNC_STATE_KEY = 'google:sync';

export const googleSyncStateSchema = z.object({
  mail: z.object({ historyId: z.string().nullable(), syncedAt: z.number().nullable() }),
  calendar: z.object({ syncToken: z.string().nullable() }),
  /** When a whole sync (mail and calendar) last succeeded. */
  lastSyncAt: z.number().nullable(),
  /** The last sync's failure, in words fit to show the rep; null once a sync succeeds. */
  lastError: z.string().nullable(),
  /** Google refused the token twice: only connecting again helps. */
  reconnect: z.boolean(),
});
export type GoogleSyncState = z.infer<typeof googleSyncStateSchema>;

export const FIRST_SYNC_STATE: GoogleSyncState = {
  mail: { historyId: null, syncedAt: null },
  calendar: { syncToken: null },
  lastSyncAt: null,
  lastError: null,
  reconnect: false,
};

export async function readSyncState(db: EmberDatabase): Promise<GoogleSyncState> {
  const parsed = googleSyncStateSchema.safeParse((await db.settings.get(SYNC_STATE_KEY))?.value);
  return parsed.success ? parsed.data : FIRST_SYNC_STATE;
}

export async function writeSyncState(db: EmberDatabase, state: GoogleSyncState): Promise<void> {
  await db.settings.put({ key: SYNC_STATE_KEY, value: googleSyncStateSchema.parse(state) });
}

export async function deleteSyncState(db: EmberDatabase): Promise<void> {
  await db.settings.bulkDelete([SYNC_STATE_KEY, PENDING_BACKFILL_KEY]);
}

/**
 * Contacts whose mail is still to backfill (a deal tracked, or Google just connected), under a key
 * of its own: a worker stopped mid-backfill finds them here and the next round resumes. Each change
 * is one read-write transaction, so a deal tracked while a backfill ends is never lost.
 */
const PENDING_BACKFILL_KEY = 'google:backfill';
const pendingSchema = z.array(z.string());

export async function readPendingBackfill(db: EmberDatabase): Promise<string[]> {
  const parsed = pendingSchema.safeParse((await db.settings.get(PENDING_BACKFILL_KEY))?.value);
  return parsed.success ? parsed.data : [];
}

/** `add` joins the list; `done` leaves it. */
export async function updatePendingBackfill(
  db: EmberDatabase,
  change: { add?: readonly string[]; done?: readonly string[] },
): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const done = new Set(change.done ?? []);
    const next = [...new Set([...(await readPendingBackfill(db)), ...(change.add ?? [])])].filter(
      (address) => !done.has(address),
    );
    if (next.length === 0) await db.settings.delete(PENDING_BACKFILL_KEY);
    else await db.settings.put({ key: PENDING_BACKFILL_KEY, value: next });
  });
}
