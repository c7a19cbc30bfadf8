import { contactList, isoColumns, namedColumns, toCsv } from '../csv';
import { ACTION_TEXT, TRIGGER_TEXT } from '../format';

/** The tables the dashboard reads from the account's database: the three it exports, and the names of deals' contacts. */
export type CsvTable = 'deals' | 'stageEvents' | 'triggers' | 'contacts';
export type ExportedTable = Exclude<CsvTable, 'contacts'>;

interface TableExport {
  columns: string[];
  /** Epoch-millisecond columns, written as ISO times. */
  times: string[];
  /** Stage-id columns, written as the workflow names the stage. */
  stages: string[];
  /** Columns of Ember's own ids (a trigger's kind, an action), written in the words the pages use. */
  words?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const EXPORTS: Record<ExportedTable, TableExport> = {
  deals: {
    columns: ['id', 'title', 'stage', 'status', 'createdAt', 'closedAt', 'lastActivityAt', 'contacts'],
    times: ['createdAt', 'closedAt', 'lastActivityAt'],
    stages: ['stage'],
  },
  stageEvents: { columns: ['deal', 'from', 'to', 'at', 'evidence'], times: ['at'], stages: ['from', 'to'] },
  triggers: {
    columns: [
      'deal',
      'kind',
      'stage',
      'action',
      'stakeholder',
      'firedAt',
      'dueAt',
      'status',
      'resolvedAt',
      'resolvedBy',
      'latencyMinutes',
      'businessMinutes',
      'withinSla',
    ],
    times: ['firedAt', 'dueAt', 'resolvedAt'],
    stages: ['stage'],
    words: { kind: TRIGGER_TEXT, action: ACTION_TEXT },
  },
};

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** Contacts' names by deal, then address: a person can be named differently on two deals. */
function namesByDeal(contacts: readonly Record<string, unknown>[]): Map<string, Map<string, string>> {
  const byDeal = new Map<string, Map<string, string>>();
  for (const { deal, address, name } of contacts) {
    if (typeof deal !== 'string' || typeof address !== 'string' || typeof name !== 'string' || name === '') continue;
    let names = byDeal.get(deal);
    if (!names) byDeal.set(deal, (names = new Map<string, string>()));
    names.set(address, name);
  }
  return byDeal;
}

/**
 * One table as a CSV file: times in ISO, stages by `stageNames` (every name any workflow version
 * gave a stage id), triggers' kinds and actions in words, and for deals, contacts as a list of
 * names and addresses.
 */
export function tableCsv(
  table: ExportedTable,
  rows: readonly Record<string, unknown>[],
  stageNames: Readonly<Record<string, string>>,
  contacts: readonly Record<string, unknown>[] = [],
): string {
  const { columns, times, stages, words = {} } = EXPORTS[table];
  const names = namesByDeal(contacts);
  return toCsv(
    rows.map((row) => {
      let shown = namedColumns(isoColumns(row, times), stages, stageNames);
      for (const [column, names] of Object.entries(words)) shown = namedColumns(shown, [column], names);
      const { id, contacts: addresses } = row;
      if (
        table === 'deals' &&
        Array.isArray(addresses) &&
        addresses.every((entry): entry is string => typeof entry === 'string')
      ) {
        shown.contacts = contactList(addresses, (typeof id === 'string' ? names.get(id) : undefined) ?? NO_NAMES);
      }
      return shown;
    }),
    columns,
  );
}
