import Dexie, { type DexieOptions, type EntityTable } from 'dexie';

/**
 * Secrets in the extension origin's IndexedDB: content scripts run in the page's origin (Gmail's),
 * so they cannot open it, where `storage.local` is theirs to read. Only the background opens it.
 */
export interface SecretRecord {
  name: string;
  value: unknown;
}

export class SecretsDatabase extends Dexie {
  secrets!: EntityTable<SecretRecord, 'name'>;

  constructor(options?: DexieOptions) {
    super('ember-secrets', options);
    this.version(1).stores({ secrets: 'name' });
  }
}
