import { DEFAULT_ACCOUNT_SETTINGS, DEFAULT_DRAFTING_SETTINGS, type AccountSettings } from '@/lib/domain/settings';
import type { GoogleConnection, GoogleConnectionStore } from '@/lib/background/google/google-sync';
import { EmberBackground, type BackgroundDeps } from '@/lib/background/background';
import type { BadgeState, StoredApiKey, TriggerNotification } from '@/lib/background/ports';
import { EmberDatabase, databaseName } from '@/lib/store/database';
import { freshIndexedDb } from './database';

/** A settable clock. */
export function testClock(start = Date.parse('2026-04-06T09:00:00Z')) {
  let now = start;
  const clock = () => now;
  clock.set = (at: number | string) => {
    now = typeof at === 'string' ? Date.parse(at) : at;
  };
  return clock;
}

/** An EmberBackground over in-memory ports, with what it notified and showed kept for assertions. */
export function testBackground(overrides: Partial<BackgroundDeps> = {}) {
  const idb = freshIndexedDb();
  const clock = testClock();
  const settings = new Map<string, AccountSettings>();
  const accounts = new Map<string, number>();
  const notifications: TriggerNotification[] = [];
  const badges: BadgeState[] = [];
  let apiKey: StoredApiKey | null = null;
  let drafting = DEFAULT_DRAFTING_SETTINGS;
  let ids = 0;
  const deps: BackgroundDeps = {
    openDatabase: (account) => new EmberDatabase(databaseName(account), idb),
    deleteDatabase: async (account) => {
      await new EmberDatabase(databaseName(account), idb).delete();
    },
    accounts: {
      list: async () => [...accounts].map(([account, lastSeenAt]) => ({ account, lastSeenAt })),
      touch: async (account, at) => void accounts.set(account, at),
      remove: async (account) => void accounts.delete(account),
    },
    settings: {
      get: async (account) => settings.get(account) ?? DEFAULT_ACCOUNT_SETTINGS,
      save: async (account, value) => void settings.set(account, value),
      remove: async (account) => void settings.delete(account),
    },
    drafting: { get: async () => drafting, save: async (value) => void (drafting = value) },
    secrets: { getApiKey: async () => apiKey, setApiKey: async (key) => void (apiKey = key) },
    notifier: { notify: async (notification) => void notifications.push(notification) },
    badge: { show: async (state) => void badges.push(state) },
    clock,
    newId: () => `id-${++ids}`,
    ...overrides,
  };
  return { background: new EmberBackground(deps), clock, notifications, badges, deps, idb };
}

/** Google connections in memory, as `local:googleConnections` keeps them. */
export function memoryGoogleConnections() {
  const connections = new Map<string, GoogleConnection>();
  const store: GoogleConnectionStore = {
    list: async () => [...connections.values()],
    put: async (connection) => void connections.set(connection.account, connection),
    remove: async (account) => void connections.delete(account),
  };
  return { connections, store };
}
