import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import {
  accountSettingsSchema,
  DEFAULT_ACCOUNT_SETTINGS,
  DEFAULT_DRAFTING_SETTINGS,
  draftingSettingsSchema,
  type AccountSettings,
  type DraftingSettings,
} from '@/lib/domain/settings';
import { CONTENT_ALIVE_MESSAGE } from '@/lib/gmail/content-alive';
import { DELIVER_DRAFT_MESSAGE } from '@/lib/gmail/draft-delivery';
import { RELOAD_NOTICE_ID, reloadNoticeText, showReloadNotice } from '@/lib/gmail/reload-notice';
import { databaseName, openAccountDatabase } from '@/lib/store/database';
import { SecretsDatabase } from '@/lib/store/secrets-database';
import { z } from 'zod';
import { DomainError } from '@/lib/domain/errors';
import type { BackupDownloads, BackupWriter } from './auto-backup';
import type { TokenCache } from './google/browser-auth';
import type { GoogleConnection, GoogleConnectionStore } from './google/google-sync';
import type {
  AccountRegistry,
  Badge,
  ChangeBroadcast,
  DraftingSettingsRepository,
  GmailTabs,
  Notifier,
  OriginPermissions,
  SecretStore,
  SettingsRepository,
} from './ports';

/** The ports of lib/background/ports.ts over WXT's storage and the extension APIs. */

/** Settings read back through their schema: a value from an older or corrupt sync falls back to defaults. */
function parsedOr<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
  fallback: T,
): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

const settingsItem = (account: string) =>
  storage.defineItem<AccountSettings>(`sync:settings:${account}`, { version: 1, fallback: DEFAULT_ACCOUNT_SETTINGS });

export const syncedSettings: SettingsRepository = {
  async get(account) {
    return parsedOr(accountSettingsSchema, await settingsItem(account).getValue(), DEFAULT_ACCOUNT_SETTINGS);
  },
  async save(account, settings) {
    await syncedWrite(() => settingsItem(account).setValue(settings));
  },
  async remove(account) {
    await settingsItem(account).removeValue();
  },
};

/**
 * A write to storage.sync, its quota errors in words the rep can act on (Chrome's are
 * "QUOTA_BYTES_PER_ITEM quota exceeded" and the like): nothing was saved, and why.
 */
export async function syncedWrite(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/QUOTA_BYTES|MAX_WRITE_OPERATIONS|quota/i.test(message)) {
      throw new DomainError(
        `Chrome's synced storage refused the settings (${message}): nothing was saved. Fewer addresses or domains fit; a minute later, another save may.`,
      );
    }
    throw error;
  }
}

const draftingItem = storage.defineItem<DraftingSettings>('sync:drafting', {
  version: 1,
  fallback: DEFAULT_DRAFTING_SETTINGS,
});

export const syncedDraftingSettings: DraftingSettingsRepository = {
  async get() {
    return parsedOr(draftingSettingsSchema, await draftingItem.getValue(), DEFAULT_DRAFTING_SETTINGS);
  },
  async save(settings) {
    await syncedWrite(() => draftingItem.setValue(settings));
  },
  async refusedBaseUrl() {
    const { baseUrl } = ((await draftingItem.getValue()) ?? {}) as { baseUrl?: unknown };
    if (typeof baseUrl !== 'string') return null;
    return draftingSettingsSchema.shape.baseUrl.safeParse(baseUrl).success ? null : baseUrl;
  },
};

const storedApiKeySchema = z.object({ key: z.string().min(1), origin: z.string().min(1) });
const API_KEY = 'draftingApiKey';
/** Where builds before issue 17 kept the key: storage.local, which Gmail's content script can read. */
const legacyApiKeyItem = storage.defineItem<unknown>('local:draftingApiKey');

/**
 * The secret store over the extension origin's IndexedDB (lib/store/secrets-database.ts). A key an
 * older build left in storage.local is moved on the first read, bound to the drafting origin saved
 * then, and removed from there.
 */
export function backgroundSecrets(db: SecretsDatabase = new SecretsDatabase()): SecretStore & {
  moveLegacyKey(): Promise<void>;
} {
  let moved: Promise<void> | null = null;
  const moveLegacyKey = () =>
    (moved ??= (async () => {
      const legacy = await legacyApiKeyItem.getValue();
      if (legacy === null) return;
      if (typeof legacy === 'string' && legacy !== '' && !(await db.secrets.get(API_KEY))) {
        const origin = new URL((await syncedDraftingSettings.get()).baseUrl).origin;
        await db.secrets.put({ name: API_KEY, value: { key: legacy, origin } });
      }
      await legacyApiKeyItem.removeValue();
    })());
  return {
    moveLegacyKey,
    async getApiKey() {
      await moveLegacyKey();
      return parsedOr(storedApiKeySchema.nullable(), (await db.secrets.get(API_KEY))?.value ?? null, null);
    },
    async setApiKey(key) {
      await moveLegacyKey();
      if (key === null) await db.secrets.delete(API_KEY);
      else await db.secrets.put({ name: API_KEY, value: storedApiKeySchema.parse(key) });
    },
  };
}

/** chrome.permissions over an origin: what the options page asked the rep for. */
export const originPermissions: OriginPermissions = {
  contains: (origin) => browser.permissions.contains({ origins: [`${origin}/*`] }),
};

const accountsItem = storage.defineItem<Record<string, number>>('local:accounts', { version: 1, fallback: {} });

/** Seen-times are coarse: a request a minute is enough to order accounts, and spares storage writes. */
const TOUCH_GRANULARITY = 60_000;

export const localAccounts: AccountRegistry = {
  async list() {
    return Object.entries(await accountsItem.getValue()).map(([account, lastSeenAt]) => ({ account, lastSeenAt }));
  },
  async touch(account, at) {
    const accounts = await accountsItem.getValue();
    if ((accounts[account] ?? 0) + TOUCH_GRANULARITY > at) return;
    await accountsItem.setValue({ ...accounts, [account]: at });
  },
  async remove(account) {
    const { [account]: _removed, ...rest } = await accountsItem.getValue();
    await accountsItem.setValue(rest);
  },
};

const googleConnectionSchema = z.object({
  account: z.string(),
  connectedAt: z.number(),
  via: z.enum(['identity', 'web-auth']),
}) satisfies z.ZodType<GoogleConnection>;

/** local:, never sync: which accounts the rep connected to Google, on this machine only. */
const googleConnectionsItem = storage.defineItem<unknown>('local:googleConnections', { fallback: [] });

export const localGoogleConnections: GoogleConnectionStore = {
  async list() {
    return parsedOr(z.array(googleConnectionSchema), await googleConnectionsItem.getValue(), []);
  },
  async put(connection) {
    const others = (await this.list()).filter((known) => known.account !== connection.account);
    await googleConnectionsItem.setValue([...others, connection]);
  },
  async remove(account) {
    await googleConnectionsItem.setValue((await this.list()).filter((known) => known.account !== account));
  },
};

const grantedTokenSchema = z.object({ accessToken: z.string(), expiresAt: z.number(), scopes: z.array(z.string()) });

/**
 * Web sign-in tokens (browsers without getAuthToken): session storage is memory only, gone with the
 * browser, and content scripts cannot read it (its default access level is trusted contexts).
 */
export const sessionGoogleTokens: TokenCache = {
  async get(account) {
    return parsedOr(grantedTokenSchema.nullable(), await storage.getItem(`session:googleToken:${account}`), null);
  },
  async set(account, token) {
    if (token === null) await storage.removeItem(`session:googleToken:${account}`);
    else await storage.setItem(`session:googleToken:${account}`, token);
  },
};

export const openDatabase = (account: string) => openAccountDatabase(account);
export const deleteDatabase = (account: string) => Dexie.delete(databaseName(account));

/** Where each notification leads; session storage survives the worker being stopped. */
const notificationLinks = storage.defineItem<Record<string, string>>('session:notificationLinks', { fallback: {} });

export const chromeNotifier: Notifier = {
  async notify({ id, title, message, url }) {
    await notificationLinks.setValue({ ...(await notificationLinks.getValue()), [id]: url });
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title,
      message,
      priority: 1,
    });
  },
};

/** Opens the Gmail thread a clicked notification points to. */
export async function openNotificationLink(id: string): Promise<void> {
  const { [id]: url, ...rest } = await notificationLinks.getValue();
  await notificationLinks.setValue(rest);
  await browser.notifications.clear(id);
  if (url) await browser.tabs.create({ url });
}

const BADGE_COLORS = { overdue: '#d93025', 'due-today': '#5f6368' } as const;

export const toolbarBadge: Badge = {
  async show(state) {
    if (state.kind === 'clear') {
      await browser.action.setBadgeText({ text: '' });
      return;
    }
    await browser.action.setBadgeBackgroundColor({ color: BADGE_COLORS[state.kind] });
    await browser.action.setBadgeText({ text: state.count > 99 ? '99+' : String(state.count) });
    await browser.action.setTitle({
      title: state.kind === 'overdue' ? `Ember: ${state.count} overdue` : `Ember: ${state.count} due today`,
    });
  },
};

/** The message pages listen for to refresh. */
export const CHANGED_MESSAGE = 'ember:changed';

export const pageBroadcast: ChangeBroadcast = {
  changed(account) {
    // No page open means no receiver: that is fine.
    browser.runtime.sendMessage({ type: CHANGED_MESSAGE, account }).catch(() => {});
  },
};

/** Ember's Gmail UI: entrypoints/gmail-ui.ts, which WXT builds as an unlisted script at the root. */
export const GMAIL_UI_SCRIPT = '/gmail-ui.js';

export const gmailTabs: GmailTabs = {
  async deliverDraft(delivery) {
    const tabs = await browser.tabs.query({ url: 'https://mail.google.com/*' });
    const answers = await Promise.all(
      tabs.map((tab) =>
        tab.id === undefined
          ? Promise.resolve(false)
          : browser.tabs.sendMessage(tab.id, { type: DELIVER_DRAFT_MESSAGE, ...delivery }).then(
              (answer: unknown) => answer === true,
              () => false,
            ),
      ),
    );
    return answers.filter(Boolean).length;
  },
  async loadUi({ tab, frame }) {
    await browser.scripting.executeScript({
      target: { tabId: tab, frameIds: [frame] },
      files: [GMAIL_UI_SCRIPT],
      world: 'ISOLATED',
    });
  },
  async askToReload(reason) {
    const tabs = await browser.tabs.query({ url: 'https://mail.google.com/*' });
    const ask = async (tabId: number) => {
      // A tab loaded since has the current content script, which answers; it needs no reload.
      const alive = await browser.tabs.sendMessage(tabId, { type: CONTENT_ALIVE_MESSAGE }).then(
        (answer: unknown) => answer === true,
        () => false,
      );
      if (alive) return false;
      await browser.scripting.executeScript({
        target: { tabId },
        func: showReloadNotice,
        args: [RELOAD_NOTICE_ID, reloadNoticeText(reason)],
        world: 'ISOLATED',
      });
      return true;
    };
    const shown = await Promise.all(
      tabs.map((tab) =>
        // A tab still loading gets the current content script, which answers once the load completes.
        tab.id === undefined || tab.status !== 'complete'
          ? Promise.resolve(false)
          : // A discarded tab gets the new content script when it loads again.
            ask(tab.id).catch(() => false),
      ),
    );
    return shown.filter(Boolean).length;
  },
};

/** The document that writes the weekly backup file (entrypoints/offscreen): a worker can make no file. */
const BACKUP_WRITER_PAGE = 'offscreen.html';

/**
 * Downloads, behind the optional `downloads` permission the options page asks for when the rep
 * turns the weekly backup on. `browser.downloads` exists only once it is granted.
 */
export const browserBackupDownloads: BackupDownloads = {
  allowed: () => browser.permissions.contains({ permissions: ['downloads'] }),
  async save(url, filename) {
    const id = await browser.downloads.download({ url, filename, conflictAction: 'uniquify', saveAs: false });
    await new Promise<void>((resolve, reject) => {
      const settle = (state: string | undefined, error?: string) => {
        if (state === 'complete') resolve();
        else if (state === 'interrupted') reject(new Error(`the download stopped (${error ?? 'no reason given'})`));
        else return false;
        browser.downloads.onChanged.removeListener(onChanged);
        return true;
      };
      const onChanged = (delta: Browser.downloads.DownloadDelta) => {
        if (delta.id === id) settle(delta.state?.current, delta.error?.current);
      };
      browser.downloads.onChanged.addListener(onChanged);
      // It may have finished before the listener was there.
      void browser.downloads.search({ id }).then(([item]) => settle(item?.state, item?.error));
    });
  },
};

/** The offscreen document, opened for one account's backup; its URL tells it which, and as of when. */
export const offscreenBackupWriter: BackupWriter = {
  async open(account, exportedAt) {
    await browser.offscreen.createDocument({
      url: `${BACKUP_WRITER_PAGE}#${new URLSearchParams({ account, at: String(exportedAt) }).toString()}`,
      reasons: ['BLOBS'],
      justification: 'Writes the weekly backup the rep turned on into a file for the Downloads folder.',
    });
  },
  isOpen: () => browser.offscreen.hasDocument(),
  async close() {
    if (await browser.offscreen.hasDocument()) await browser.offscreen.closeDocument();
  },
};
