import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DomainError } from '@/lib/domain/errors';
import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient, RequestError } from '@/lib/messaging/client';
import { createRequestProcessor, trustedSender, type Handlers, type Sender } from '@/lib/messaging/server';
import { protocol, type RequestType } from '@/lib/messaging/protocol';
import { wire } from '@/lib/messaging/transport';

const ACCOUNT = 'sam@seller.com';
const EXTENSION = 'abcdefghijklmnopabcdefghijklmnop';
const PAGE: Sender = { id: EXTENSION, url: `chrome-extension://${EXTENSION}/options.html` };

/** Handlers that answer only what a test asks for; anything else is a bug in the test. */
function handlers(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides as Handlers, {
    get: (target, key: string) =>
      target[key as RequestType] ??
      (() => {
        throw new Error(`unexpected ${key}`);
      }),
  });
}

describe('trusted senders', () => {
  test.each([
    ['an extension page', PAGE, true],
    [
      'the content script in Gmail',
      {
        id: EXTENSION,
        url: 'https://mail.google.com/mail/u/1/#inbox',
        tab: { url: 'https://mail.google.com/mail/u/1/' },
      },
      true,
    ],
    [
      'another extension',
      { id: 'ponmlkjihgfedcbaponmlkjihgfedcba', url: 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/x.html' },
      false,
    ],
    ['this extension from another site', { id: EXTENSION, url: 'https://evil.example/' }, false],
    ['a look-alike host', { id: EXTENSION, url: 'https://mail.google.com.evil.example/' }, false],
    ['no sender at all', {}, false],
  ] as const)('%s: %s', (_case, sender, trusted) => {
    expect(trustedSender(EXTENSION)(sender)).toBe(trusted);
  });
});

describe('the request processor', () => {
  const process = createRequestProcessor(
    handlers({
      getSettings: async () => ({
        addresses: [],
        companyDomains: [],
        timeZone: 'UTC',
        workingHours: { days: [1], start: '09:00', end: '17:00' },
        notifications: true,
      }),
      closeDeal: async ({ deal }) => {
        throw new DomainError(`deal "${deal}" is closed (won)`);
      },
      unlinkThread: async () => ({ ok: 'yes' }) as never,
      getQueue: async () => {
        throw new Error('disk full');
      },
    }),
    trustedSender(EXTENSION),
  );

  test('answers a valid request from a trusted sender', async () => {
    expect(await process('getSettings', { account: ACCOUNT }, PAGE)).toMatchObject({
      ok: true,
      value: { timeZone: 'UTC' },
    });
  });

  test.each([
    [
      'a foreign sender',
      'getSettings',
      { account: ACCOUNT },
      { id: 'other' },
      { code: 'forbidden', message: 'this sender may not talk to Ember' },
    ],
    [
      'an unknown request',
      'dropTables',
      {},
      PAGE,
      { code: 'invalid_request', message: 'unknown request "dropTables"' },
    ],
    [
      'a missing field',
      'getSettings',
      {},
      PAGE,
      { code: 'invalid_request', message: 'getSettings: "account" is required' },
    ],
    [
      'a malformed field',
      'getSettings',
      { account: 'not an address' },
      PAGE,
      { code: 'invalid_request', message: 'getSettings: "account": invalid address "not an address"' },
    ],
    [
      'a wrong type deep inside',
      'ingestMessages',
      { account: ACCOUNT, messages: [{ id: 'm', thread: 't', at: 'yesterday', from: 'a@b.c' }] },
      PAGE,
      { code: 'invalid_request', message: 'ingestMessages: "messages[0].at": must be a number' },
    ],
    [
      'the domain refusing',
      'closeDeal',
      { account: ACCOUNT, deal: 'acme', outcome: 'won' },
      PAGE,
      { code: 'rejected', message: 'deal "acme" is closed (won)' },
    ],
    [
      'a handler answering out of protocol',
      'unlinkThread',
      { account: ACCOUNT, thread: 't' },
      PAGE,
      { code: 'internal', message: 'unlinkThread answered out of protocol: "ok": Invalid input: expected true' },
    ],
    ['a handler failing', 'getQueue', { account: ACCOUNT }, PAGE, { code: 'internal', message: 'disk full' }],
  ] as const)('%s gets a clear error', async (_case, type, data, sender, error) => {
    expect(await process(type, data, sender)).toEqual({ ok: false, error });
  });
});

describe('over runtime messaging (WXT fake browser)', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => wire.removeAllListeners());

  function listen(isTrusted: (sender: Sender) => boolean) {
    const process = createRequestProcessor(
      handlers({ listAccounts: async () => [{ account: ACCOUNT, lastSeenAt: 5 }] }),
      isTrusted,
    );
    for (const type of Object.keys(protocol) as RequestType[]) {
      wire.onMessage(type, ({ data, sender }) => process(type, data, sender));
    }
  }
  const client = new EmberClient((type, data) => wire.sendMessage(type, data), protocolChecks);
  /** Gmail's content script: no client-side schemas, the background's checks alone. */
  const unchecked = new EmberClient((type, data) => wire.sendMessage(type, data));

  test('a request goes through and comes back typed', async () => {
    listen(() => true);
    expect(await client.request('listAccounts', {})).toEqual([{ account: ACCOUNT, lastSeenAt: 5 }]);
  });

  test('a sender the runtime cannot vouch for is refused', async () => {
    listen(trustedSender(fakeBrowser.runtime.id));
    await expect(client.request('listAccounts', {})).rejects.toEqual(
      new RequestError('forbidden', 'this sender may not talk to Ember'),
    );
  });

  test('the client refuses to send a malformed request', async () => {
    listen(() => true);
    await expect(client.request('getQueue', { account: 'nobody' })).rejects.toThrow(
      'getQueue: "account": invalid address "nobody"',
    );
  });

  test('without client-side checks the background refuses it, saying the same', async () => {
    listen(() => true);
    await expect(unchecked.request('getQueue', { account: 'nobody' })).rejects.toEqual(
      new RequestError('invalid_request', 'getQueue: "account": invalid address "nobody"'),
    );
    expect(await unchecked.request('listAccounts', {})).toEqual([{ account: ACCOUNT, lastSeenAt: 5 }]);
  });
});

describe('the client', () => {
  test('an answer that is no envelope is an internal error, with or without checks', async () => {
    for (const checks of [protocolChecks, null]) {
      const client = new EmberClient(async () => ({ value: 1 }), checks);
      await expect(client.request('listAccounts', {})).rejects.toEqual(
        new RequestError('internal', 'listAccounts: the background answered out of protocol'),
      );
    }
  });

  test('with checks, a response out of protocol is refused; without, it is trusted as the background checked it', async () => {
    const send = async () => ({ ok: true, value: [{ account: 5 }] });
    await expect(new EmberClient(send, protocolChecks).request('listAccounts', {})).rejects.toMatchObject({
      code: 'internal',
    });
    expect(await new EmberClient(send).request('listAccounts', {})).toEqual([{ account: 5 }]);
  });

  test("a refusal keeps the background's code and message", async () => {
    const client = new EmberClient(async () => ({ ok: false, error: { code: 'rejected', message: 'no such deal' } }));
    await expect(client.request('getDeal', { account: ACCOUNT, deal: 'd' })).rejects.toEqual(
      new RequestError('rejected', 'no such deal'),
    );
  });
});
