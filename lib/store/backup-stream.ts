import type { AccountSettings } from '@/lib/domain/settings';
import { BACKUP_FORMAT, BACKUP_VERSION } from './backup';
import { openAccountDatabase, type EmberDatabase } from './database';
import { BACKUP_TABLES, isBackedUpSetting } from './record-schemas';

/** Rows joined into one part of the file: parts stay few, and none is large. */
const ROWS_PER_PART = 1_000;

/**
 * A backup as the parts of its JSON text, read by cursor, table by table, in one read-only
 * transaction (one consistent snapshot), for an extension page to put in a file (issue 17). The
 * whole backup never crosses a runtime message, which Chrome caps at 64 MiB: a store of 28,000
 * messages did not fit. The file is the one `exportBackup` describes, without indentation.
 */
export async function backupParts(
  db: EmberDatabase,
  account: string,
  settings: AccountSettings,
  exportedAt: number,
): Promise<string[]> {
  const head = JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt, account, settings });
  const parts = [`${head.slice(0, -1)},"tables":{`];
  await db.transaction('r', db.allTables, async () => {
    for (const [index, table] of BACKUP_TABLES.entries()) {
      parts.push(`${index === 0 ? '' : ','}${JSON.stringify(table)}:[`);
      let rows: string[] = [];
      let written = 0;
      const flush = () => {
        if (rows.length === 0) return;
        parts.push(`${written === 0 ? '' : ','}${rows.join(',')}`);
        written += rows.length;
        rows = [];
      };
      await db.table(table).each((row: unknown) => {
        if (table === 'settings' && !isBackedUpSetting((row as { key: string }).key)) return;
        rows.push(JSON.stringify(row));
        if (rows.length === ROWS_PER_PART) flush();
      });
      flush();
      parts.push(']');
    }
  });
  parts.push('}}');
  return parts;
}

/** `backupParts` of an account's own database, opened for the read and closed after (extension pages). */
export async function readAccountBackup(
  account: string,
  settings: AccountSettings,
  exportedAt: number,
): Promise<string[]> {
  const db = openAccountDatabase(account);
  try {
    return await backupParts(db, account, settings, exportedAt);
  } finally {
    db.close();
  }
}

/** About this much JSON a part, when a backup is sent to the background: far under 64 MiB a message. */
const PART_CHARS = 4_000_000;

export interface ImportParts {
  header: Record<string, unknown>;
  parts: { table: string; rows: unknown[] }[];
}

/**
 * A parsed backup file cut for an import in parts (beginImport, addImportPart, commitImport): its
 * header, then each table's rows in parts of about PART_CHARS of JSON. Null when the file has no
 * tables to cut: it is then sent whole, and refused whole, with the reason.
 */
export function importPartsOf(file: unknown): ImportParts | null {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return null;
  const { tables, ...header } = file as Record<string, unknown>;
  if (typeof tables !== 'object' || tables === null || Array.isArray(tables)) return null;
  const parts: ImportParts['parts'] = [];
  for (const [table, rows] of Object.entries(tables as Record<string, unknown>)) {
    if (!Array.isArray(rows)) return null;
    let part: unknown[] = [];
    let chars = 0;
    for (const row of rows as unknown[]) {
      const size = JSON.stringify(row)?.length ?? 0;
      if (part.length > 0 && chars + size > PART_CHARS) {
        parts.push({ table, rows: part });
        part = [];
        chars = 0;
      }
      part.push(row);
      chars += size;
    }
    parts.push({ table, rows: part });
  }
  return { header, parts };
}
