import { z } from 'zod';
import { addressSchema } from '@/lib/domain/address-schemas';
import { DomainError } from '@/lib/domain/errors';
import { accountSettingsSchema, type AccountSettings } from '@/lib/domain/settings';
import { describeIssue, fieldErrorMap } from '@/lib/domain/validation';
import type { EmberDatabase } from './database';
import { BACKUP_TABLES, recordSchemas, type BackupTableName } from './record-schemas';

/**
 * One JSON file with everything Ember keeps for an account. Import checks the whole file before
 * writing anything, then merges by id in one transaction: a bad file changes nothing.
 */

export const BACKUP_FORMAT = 'ember-backup';
export const BACKUP_VERSION = 1;

const tablesSchema = z.object(
  Object.fromEntries(BACKUP_TABLES.map((table) => [table, z.array(recordSchemas[table]).default([])])) as {
    [Table in BackupTableName]: z.ZodDefault<z.ZodArray<(typeof recordSchemas)[Table]>>;
  },
);

export const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT, { error: 'is not an Ember backup' }),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.number().int().nonnegative(),
  account: addressSchema,
  settings: accountSettingsSchema,
  tables: tablesSchema,
});
export type Backup = z.infer<typeof backupSchema>;

export async function exportBackup(
  db: EmberDatabase,
  account: string,
  settings: AccountSettings,
  exportedAt: number,
): Promise<Backup> {
  return db.transaction('r', db.allTables, async () => {
    const entries = await Promise.all(BACKUP_TABLES.map(async (table) => [table, await db.table(table).toArray()]));
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt,
      account,
      settings,
      tables: Object.fromEntries(entries) as Backup['tables'],
    };
  });
}

/** Checks a backup file in full; throws a DomainError naming what is wrong. */
export function parseBackup(input: unknown): Backup {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DomainError('this file is not an Ember backup');
  }
  const { format, version } = input as { format?: unknown; version?: unknown };
  if (format !== BACKUP_FORMAT) throw new DomainError('this file is not an Ember backup');
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    throw new DomainError(
      `this backup was made by a newer Ember (format ${version}; this one reads ${BACKUP_VERSION}): update Ember to import it`,
    );
  }
  const parsed = backupSchema.safeParse(input, { error: fieldErrorMap });
  if (!parsed.success) throw new DomainError(`the backup is invalid: ${describeIssue(parsed.error.issues[0]!)}`);
  return parsed.data;
}

/** Merges a checked backup by primary key, in one transaction. Returns the rows written per table. */
export async function importBackup(db: EmberDatabase, backup: Backup): Promise<Record<BackupTableName, number>> {
  return db.transaction('rw', db.allTables, async () => {
    const counts = {} as Record<BackupTableName, number>;
    for (const table of BACKUP_TABLES) {
      const rows = backup.tables[table];
      if (rows.length > 0) await db.table(table).bulkPut(rows);
      counts[table] = rows.length;
    }
    return counts;
  });
}
