import { DomainError } from '@/lib/domain/errors';
import { describeIssue, fieldErrorMap } from '@/lib/domain/validation';
import { protocol, type Envelope, type RequestData, type RequestType, type ResponseData } from './protocol';

/** Who sent a message, as the runtime reports it. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  /** The frame of a content script's tab it runs in (0 is the top frame). */
  frameId?: number;
}

export type Handlers = {
  [Type in RequestType]: (data: RequestData<Type>, sender: Sender) => Promise<ResponseData<Type>>;
};

/**
 * Only this extension's own pages and its content script in Gmail may talk to the background.
 * Another extension, or a web page, gets "forbidden".
 */
export function trustedSender(extensionId: string): (sender: Sender) => boolean {
  const ownPages = `chrome-extension://${extensionId}/`;
  return (sender) => {
    if (sender.id !== extensionId) return false;
    const url = sender.url ?? sender.tab?.url ?? '';
    return url.startsWith(ownPages) || url.startsWith('https://mail.google.com/');
  };
}

/**
 * What Ember's Gmail content script (and the Gmail UI script beside it, in the same world) may ask:
 * what its features need, and nothing else. Gmail's page is not Ember's: whatever runs there could
 * reach that world's messaging, so exporting, importing and deleting data, the drafting provider and
 * its key, the settings, the workflow editor and Google's connection are for Ember's own pages.
 */
export const GMAIL_REQUESTS = [
  'listAccounts',
  'getDealForThread',
  'createDeal',
  'linkThread',
  'unlinkThread',
  'searchDeals',
  'getThreadLabels',
  'setContactRole',
  'setChecklistItem',
  'ingestMessages',
  'listSetAside',
  'recordSend',
  'advanceStage',
  'closeDeal',
  'recordMeeting',
  'dismissTrigger',
  'getQueue',
  'snoozeTrigger',
  'getSnoozed',
  'unsnoozeTrigger',
  'loadSampleData',
  'removeSampleData',
  'getWorkflow',
  'getDraft',
  'sendDraftToGmail',
  'loadGmailUi',
] as const satisfies readonly RequestType[];

const gmailRequests: ReadonlySet<string> = new Set(GMAIL_REQUESTS);

/**
 * The hidden page that writes the weekly backup file (offscreen.html) asks only these, and only it
 * may hand the background a file to save under Downloads.
 */
export const OFFSCREEN_PAGE = 'offscreen.html';
export const OFFSCREEN_REQUESTS = [
  'getSettings',
  'saveAutoBackup',
  'failAutoBackup',
] as const satisfies readonly RequestType[];
const offscreenRequests: ReadonlySet<string> = new Set(OFFSCREEN_REQUESTS);
// What it asks beyond reading settings is its own: no other page may hand over a file.
const offscreenOnly: ReadonlySet<string> = new Set(OFFSCREEN_REQUESTS.filter((type) => type !== 'getSettings'));

/**
 * Who may ask what: this extension's own pages anything but what only the backup writer asks; the
 * backup writer only OFFSCREEN_REQUESTS; its content script in Gmail only GMAIL_REQUESTS; anyone
 * else nothing. `null`: a request of no known type (refused as unknown to a
 * trusted sender, as forbidden to anyone else).
 */
export function senderPolicy(extensionId: string): (sender: Sender, type: RequestType | null) => boolean {
  const trusted = trustedSender(extensionId);
  const ownPages = `chrome-extension://${extensionId}/`;
  return (sender, type) => {
    if (!trusted(sender)) return false;
    const url = sender.url ?? sender.tab?.url ?? '';
    if (type === null) return true;
    if (url.startsWith(`${ownPages}${OFFSCREEN_PAGE}`)) return offscreenRequests.has(type);
    if (offscreenOnly.has(type)) return false;
    return url.startsWith(ownPages) || gmailRequests.has(type);
  };
}

/** IndexedDB's quota error, as thrown directly or wrapped by Dexie (whose `inner` is the cause). */
export function isQuotaExceeded(error: unknown): boolean {
  for (let cause = error; cause; cause = (cause as { inner?: unknown }).inner) {
    if ((cause as { name?: unknown }).name === 'QuotaExceededError') return true;
  }
  return false;
}

function failure(code: string, message: string): Envelope {
  return { ok: false, error: { code, message } };
}

/**
 * Checks a request on receipt, runs its handler, and checks the response before it leaves. Errors
 * come back as data: `invalid_request` names the bad field, `rejected` is the domain refusing
 * (nothing changed), `internal` is a bug.
 */
export function createRequestProcessor(
  handlers: Handlers,
  mayAsk: (sender: Sender, type: RequestType | null) => boolean,
) {
  return async function process(type: string, data: unknown, sender: Sender): Promise<Envelope> {
    if (!mayAsk(sender, null)) return failure('forbidden', 'this sender may not talk to Ember');
    const known = Object.hasOwn(protocol, type) ? (type as RequestType) : null;
    if (known && !mayAsk(sender, known)) return failure('forbidden', `this sender may not ask for "${type}"`);
    if (!known) return failure('invalid_request', `unknown request "${type}"`);
    const requestType = known;
    const parsed = protocol[requestType].request.safeParse(data ?? {}, { error: fieldErrorMap });
    if (!parsed.success) {
      return failure('invalid_request', `${type}: ${describeIssue(parsed.error.issues[0]!)}`);
    }
    let value: unknown;
    try {
      const handler = handlers[requestType] as (data: unknown, sender: Sender) => Promise<unknown>;
      value = await handler(parsed.data, sender);
    } catch (error) {
      if (error instanceof DomainError) return failure('rejected', error.message);
      if (isQuotaExceeded(error)) {
        return failure(
          'storage_full',
          'The browser has no room left for Ember: nothing from this change was saved. Export a backup and delete old data, or free disk space.',
        );
      }
      return failure('internal', error instanceof Error ? error.message : String(error));
    }
    const response = protocol[requestType].response.safeParse(value);
    if (!response.success) {
      return failure('internal', `${type} answered out of protocol: ${describeIssue(response.error.issues[0]!)}`);
    }
    return { ok: true, value: response.data };
  };
}
