import { z } from 'zod';
import { addressSchema } from '@/lib/domain/address-schemas';
import { DomainError } from '@/lib/domain/errors';
import { checkBackupInvariants } from './backup-invariants';
import { accountSettingsSchema, type AccountSettings } from '@/lib/domain/settings';
import { describeIssue, fieldErrorMap } from '@/lib/domain/validation';
import type { EmberDatabase } from './database';
import { deriveInputs } from './derive-inputs';
import { BACKUP_TABLES, isBackedUpSetting, recordSchemas, type BackupTableName } from './record-schemas';
import type {
  DraftRecord,
  InputRecord,
  MessageRecord,
  SettingRecord,
  ThreadRecord,
  WorkflowVersionRecord,
} from './records';

/**
 * One JSON file with everything Ember keeps for an account. What an import merges is the account's
 * inputs (the record every deal is derived from) and its own state beside them: the rep's thread
 * links, the messages' text, workflows, drafts, snoozes and the voice override. The derived tables
 * (deals, triggers, stage events, contacts, unlinked mail, meetings, links made by mail) are in the
 * file for whoever reads it; an import derives them again by rebuilding the deals, never from the file.
 */

export const BACKUP_FORMAT = 'ember-backup';
/** 2: the inputs and the account's settings rows. 1 had neither: its inputs are derived from its rows. */
export const BACKUP_VERSION = 2;

const tablesSchema = z.object(
  Object.fromEntries(BACKUP_TABLES.map((table) => [table, z.array(recordSchemas[table]).default([])])) as {
    [Table in BackupTableName]: z.ZodDefault<z.ZodArray<(typeof recordSchemas)[Table]>>;
  },
);

export const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT, { error: 'is not an Ember backup' }),
  version: z.union([z.literal(1), z.literal(BACKUP_VERSION)]),
  exportedAt: z.number().int().nonnegative(),
  account: addressSchema,
  settings: accountSettingsSchema,
  tables: tablesSchema,
});
export type Backup = z.infer<typeof backupSchema>;

/** What an import merges into a store (lib/background/deal-record/merge-backup.ts). */
export interface BackupContents {
  inputs: readonly InputRecord[];
  /** Every thread row; only the rep's own links (linkedBy 'rep') are inputs. */
  threads: readonly ThreadRecord[];
  /** For their text: where each message belongs is the rebuild's to say. */
  messages: readonly MessageRecord[];
  workflows: readonly WorkflowVersionRecord[];
  drafts: readonly DraftRecord[];
  settings: readonly SettingRecord[];
}

export async function exportBackup(
  db: EmberDatabase,
  account: string,
  settings: AccountSettings,
  exportedAt: number,
): Promise<Backup> {
  return db.transaction('r', db.allTables, async () => {
    const entries = await Promise.all(
      BACKUP_TABLES.map(async (table) => [
        table,
        table === 'settings'
          ? await db.settings.filter((row) => isBackedUpSetting(row.key)).toArray()
          : await db.table(table).toArray(),
      ]),
    );
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
  checkBackupInvariants(parsed.data);
  return parsed.data;
}

/** What a checked backup gives an import to merge; a version-1 file's inputs are derived from its rows. */
export function backupContents(backup: Backup): BackupContents {
  const { tables } = backup;
  return {
    inputs: backup.version === 1 ? deriveInputs(tables).inputs : tables.inputs,
    threads: tables.threads,
    messages: tables.messages,
    workflows: tables.workflows,
    drafts: tables.drafts,
    settings: tables.settings,
  };
}
