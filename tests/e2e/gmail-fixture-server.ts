import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Serves the fixture page as https://mail.google.com/mail/u/0/ (Chromium maps the host here with
 * --host-resolver-rules) with a throwaway self-signed certificate made now, on 127.0.0.1 only.
 * `/mail/u/0/feed/atom` answers with whatever `feed` is set to.
 */
export interface GmailFixtureServer {
  port: number;
  feed: string;
  close(): Promise<void>;
}

export const EMPTY_FEED =
  '<?xml version="1.0" encoding="UTF-8"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><fullcount>0</fullcount></feed>';

/**
 * A self-signed certificate for mail.google.com, made now and valid for a day; only its PEM text is
 * kept (the files are removed at once). Chromium takes it with --ignore-certificate-errors.
 */
export function throwawayCertificate(): { key: Buffer; cert: Buffer } {
  const directory = mkdtempSync(join(tmpdir(), 'ember-cert-'));
  try {
    const key = join(directory, 'key.pem');
    const cert = join(directory, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'].concat([
        '-subj',
        '/CN=mail.google.com',
        '-addext',
        'subjectAltName=DNS:mail.google.com',
      ]),
      { stdio: 'pipe' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function startGmailFixtureServer(): Promise<GmailFixtureServer> {
  const page = readFileSync(new URL('./fixtures/gmail.html', import.meta.url), 'utf8');
  const state = { feed: EMPTY_FEED };
  const server: Server = createServer(throwawayCertificate(), (request, response) => {
    const path = new URL(request.url ?? '/', 'https://mail.google.com').pathname;
    if (path === '/mail/u/0/feed/atom') {
      response.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(state.feed);
    } else if (path === '/mail/u/0/' || path === '/mail/u/0') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get feed() {
      return state.feed;
    },
    set feed(value: string) {
      state.feed = value;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
