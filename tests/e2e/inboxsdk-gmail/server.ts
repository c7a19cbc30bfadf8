import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { EMPTY_FEED, throwawayCertificate } from '../gmail-fixture-server';
import { originalMessagePage, readSendRequest, searchResponse, sendResponse, threadFetchResponse } from './backend';
import { gmailId, type Mailbox } from './mailbox';

const FIXTURES = new URL('../fixtures/inboxsdk-gmail/', import.meta.url);
/** The synthesized page, dated as InboxSDK dates its own captures. */
export const FIXTURE_PAGE = '2026-12-01-gmail.html';
const IK = 'ik0fixture';

/** The InboxSDK version the page's shapes were written against, from its <meta name="ember-fixture">. */
export function fixtureInboxSdkVersion(page = readFileSync(new URL(FIXTURE_PAGE, FIXTURES), 'utf8')): string {
  const version = /<meta name="ember-fixture" content="\S+ @inboxsdk\/core (\S+)"/.exec(page)?.[1];
  if (!version) throw new Error(`${FIXTURE_PAGE} does not say which InboxSDK version it was written against`);
  return version;
}

export function installedInboxSdkVersion(): string {
  const manifest = createRequire(import.meta.url)('@inboxsdk/core/package.json') as { version: string };
  return manifest.version;
}

/** Why a page written for InboxSDK `written` must not be served with `installed`, or null when they match. */
export function versionMismatch(written: string, installed: string): string | null {
  if (written === installed) return null;
  return (
    `tests/e2e/fixtures/inboxsdk-gmail/${FIXTURE_PAGE} was written against @inboxsdk/core ${written}, ` +
    `but ${installed} is installed. Check what the new version reads from Gmail's page (its source ` +
    'maps name the selectors), update the page and gmail-app.js, and save it under a new date.'
  );
}

/** Refuses to serve a page written for another InboxSDK: its Gmail shapes may no longer be what InboxSDK reads. */
export function checkInboxSdkVersion(): void {
  const mismatch = versionMismatch(fixtureInboxSdkVersion(), installedInboxSdkVersion());
  if (mismatch) throw new Error(mismatch);
}

export interface ServedRequest {
  method: string;
  path: string;
}

export interface InboxSdkGmailServer {
  port: number;
  /** What the page shows on its next load. */
  mailbox: Mailbox;
  /** Every request the server answered, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

/**
 * Serves the synthesized page as https://mail.google.com/mail/u/0/ on 127.0.0.1 with a throwaway
 * certificate, and Gmail's endpoints InboxSDK calls (backend.ts).
 */
/** How the page's "Gmail" misbehaves, for the fault tests (both true by default). */
export interface PageOptions {
  /** Gmail's side panel is on the page (it is not in some layouts). */
  sidePanel?: boolean;
  /** Gmail's sync requests carry the headers getRecipientsFull() waits for. */
  syncHeaders?: boolean;
}

export async function startInboxSdkGmailServer(
  mailbox: Mailbox,
  options: PageOptions = {},
): Promise<InboxSdkGmailServer> {
  checkInboxSdkVersion();
  const page = readFileSync(new URL(FIXTURE_PAGE, FIXTURES), 'utf8');
  const app = readFileSync(new URL('gmail-app.js', FIXTURES), 'utf8');
  const state = { mailbox, requests: [] as ServedRequest[] };
  /** Sent messages' draft ids → their legacy ids, for "show original". */
  const sent = new Map<string, string>();

  const render = () =>
    page
      .replaceAll('{{ACCOUNT}}', state.mailbox.account)
      .replaceAll('{{LANGUAGE}}', state.mailbox.language)
      .replace('{{OPTIONS}}', JSON.stringify(options))
      // JSON in a <script>: nothing in the mail may close the element.
      .replace('{{MAILBOX}}', JSON.stringify(state.mailbox).replaceAll('<', '\\u003c'));

  const server: Server = createServer(throwawayCertificate(), (request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'https://mail.google.com');
      state.requests.push({ method: request.method ?? 'GET', path: url.pathname + url.search });
      const json = (value: unknown) =>
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
      const endpoint = /^\/sync\/u\/0\/i\/(fd|bv|s)$/.exec(url.pathname)?.[1];
      const isMailPage = url.pathname === '/mail/u/0/' || url.pathname === '/mail/u/0';
      if (isMailPage && url.searchParams.get('view') === 'om') {
        const id = url.searchParams.get('permmsgid') ?? '';
        const legacy = id.startsWith('msg-f:') ? BigInt(id.slice(6)).toString(16) : sent.get(id);
        if (legacy) response.writeHead(200, { 'content-type': 'text/html' }).end(originalMessagePage(legacy, IK));
        else response.writeHead(404).end();
      } else if (isMailPage) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(render());
      } else if (url.pathname === '/_fixture/gmail-app.js') {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(app);
      } else if (url.pathname === '/mail/u/0/feed/atom') {
        response.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(EMPTY_FEED);
      } else if (endpoint === 'fd') {
        json(threadFetchResponse(state.mailbox, body));
      } else if (endpoint === 'bv') {
        json(searchResponse(state.mailbox, body));
      } else if (endpoint === 's' && readSendRequest(body)) {
        const { draft, thread } = readSendRequest(body)!;
        const legacyId = gmailId(Date.now());
        sent.set(draft, legacyId);
        const legacyThread = state.mailbox.threads.find((t) => t.syncId === thread)?.id ?? legacyId;
        json(sendResponse(draft, thread, legacyId, legacyThread));
      } else {
        response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get mailbox() {
      return state.mailbox;
    },
    set mailbox(value: Mailbox) {
      state.mailbox = value;
    },
    requests: state.requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
