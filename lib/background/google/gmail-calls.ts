import { z } from 'zod';
import type { GoogleApi, GoogleApiError, GoogleRequest } from './google-api';

/**
 * The Gmail v1 calls the mail sync makes, with the part of each answer it reads
 * (https://developers.google.com/gmail/api/reference/rest). Messages come back as unchecked JSON:
 * sources/gmail-api-message.ts checks and parses each one, so one bad message is skipped alone.
 */
export interface GmailCalls {
  profile(): Promise<{ emailAddress: string; historyId: string }>;
  /** One page of message ids matching a Gmail search query. */
  listMessages(query: string, pageToken?: string): Promise<{ ids: string[]; nextPageToken?: string }>;
  /** One page of messages added since `startHistoryId`; `historyId` is where the next call starts. */
  listHistory(
    startHistoryId: string,
    pageToken?: string,
  ): Promise<{ added: string[]; historyId: string; nextPageToken?: string }>;
  getMessage(id: string): Promise<unknown>;
  /**
   * Up to 50 messages in one batch request (a RangeError beyond), in the order of `ids`: each is
   * its JSON, or the error Gmail answered for it alone (a 404 for one gone since it was listed).
   */
  getMessages(ids: readonly string[]): Promise<FetchedMessage[]>;
}

export type FetchedMessage = { ok: true; message: unknown } | { ok: false; error: GoogleApiError };

const profileSchema = z.object({ emailAddress: z.string(), historyId: z.string() });
const listSchema = z.object({
  messages: z.array(z.object({ id: z.string() })).optional(),
  nextPageToken: z.string().optional(),
});
const historySchema = z.object({
  history: z
    .array(z.object({ messagesAdded: z.array(z.object({ message: z.object({ id: z.string() }) })).optional() }))
    .optional(),
  historyId: z.string(),
  nextPageToken: z.string().optional(),
});

const USER = 'gmail/v1/users/me';

const getMessageRequest = (id: string): GoogleRequest<unknown> => ({
  api: 'gmail',
  method: 'messages.get',
  path: `${USER}/messages/${encodeURIComponent(id)}`,
  query: { format: 'full' },
  schema: z.unknown(),
});

export function gmailCalls(api: GoogleApi): GmailCalls {
  return {
    profile: () => api.call({ api: 'gmail', method: 'getProfile', path: `${USER}/profile`, schema: profileSchema }),
    async listMessages(query, pageToken) {
      const page = await api.call({
        api: 'gmail',
        method: 'messages.list',
        path: `${USER}/messages`,
        query: { q: query, maxResults: 500, pageToken },
        schema: listSchema,
      });
      return {
        ids: (page.messages ?? []).map((m) => m.id),
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      };
    },
    async listHistory(startHistoryId, pageToken) {
      const page = await api.call({
        api: 'gmail',
        method: 'history.list',
        path: `${USER}/history`,
        query: { startHistoryId, historyTypes: 'messageAdded', maxResults: 500, pageToken },
        schema: historySchema,
      });
      return {
        added: (page.history ?? []).flatMap((entry) => (entry.messagesAdded ?? []).map((added) => added.message.id)),
        historyId: page.historyId,
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      };
    },
    getMessage: (id) => api.call(getMessageRequest(id)),
    async getMessages(ids) {
      const results = await api.batch(ids.map(getMessageRequest));
      return results.map((result) =>
        result.ok ? { ok: true, message: result.value } : { ok: false, error: result.error },
      );
    },
  };
}
