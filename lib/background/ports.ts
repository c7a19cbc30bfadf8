import type { DraftDelivery } from '@/lib/gmail/draft-delivery';
import type { Instant } from '@/lib/domain/engine/types';
import type { AccountSettings, DraftingSettings } from '@/lib/domain/settings';

/** What the background needs from the browser, passed in so its services test without one. */

export type Clock = () => Instant;

export interface AccountSummary {
  account: string;
  lastSeenAt: Instant;
}

/** The Gmail accounts Ember has seen, so alarms and pages know which databases exist. */
export interface AccountRegistry {
  list(): Promise<AccountSummary[]>;
  touch(account: string, at: Instant): Promise<void>;
  remove(account: string): Promise<void>;
}

/** Per-account settings: small and personal, synced across the rep's Chrome profiles. */
export interface SettingsRepository {
  get(account: string): Promise<AccountSettings>;
  save(account: string, settings: AccountSettings): Promise<void>;
  remove(account: string): Promise<void>;
}

export interface DraftingSettingsRepository {
  get(): Promise<DraftingSettings>;
  save(settings: DraftingSettings): Promise<void>;
  /** A saved base URL today's rules refuse (plain http to another machine), which `get` replaced. */
  refusedBaseUrl?(): Promise<string | null>;
}

/** The drafting provider's API key, with the origin it was given for: it is sent there and nowhere else. */
export interface StoredApiKey {
  key: string;
  origin: string;
}

/**
 * The drafting provider's API key, where only the background can read it: the extension origin's
 * IndexedDB (content scripts run in the page's origin; `storage.local` they can read).
 */
export interface SecretStore {
  getApiKey(): Promise<StoredApiKey | null>;
  setApiKey(key: StoredApiKey | null): Promise<void>;
}

/** Whether the rep let Ember reach an origin (chrome.permissions.contains): asked before every provider call. */
export interface OriginPermissions {
  contains(origin: string): Promise<boolean>;
}

export interface TriggerNotification {
  id: string;
  title: string;
  message: string;
  /** Where clicking it goes: the deal's thread in Gmail. */
  url: string;
}

export interface Notifier {
  notify(notification: TriggerNotification): Promise<void>;
}

/** Tells open extension pages that an account's data changed, so they refresh without a reload. */
export interface ChangeBroadcast {
  changed(account: string): void;
}

/** The open Gmail tabs, reached through their content scripts. */
export interface GmailTabs {
  /** Hands the draft to every Gmail tab of the account; resolves with how many took it. */
  deliverDraft(delivery: DraftDelivery): Promise<number>;
  /** Runs Ember's Gmail UI script in that frame's content-script world, beside the content script. */
  loadUi(target: { tab: number; frame: number }): Promise<void>;
  /** Asks the rep, in every open Gmail tab, to reload it: its content script is missing or cut off. Resolves with how many showed it. */
  askToReload(reason: 'install' | 'update'): Promise<number>;
}

export type BadgeState = { kind: 'overdue'; count: number } | { kind: 'due-today'; count: number } | { kind: 'clear' };

export interface Badge {
  show(state: BadgeState): Promise<void>;
}
