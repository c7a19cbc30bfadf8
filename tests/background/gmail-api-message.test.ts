import { describe, expect, test } from 'vitest';
import {
  addressList,
  GmailApiMessageError,
  MAX_BODY_CHARS,
  parseGmailApiMessage,
  utcOffsetOf,
} from '@/lib/background/sources/gmail-api-message';

const b64url = (bytes: Uint8Array | string) =>
  Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes)
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const part = (mimeType: string, data: Uint8Array | string, charset = 'UTF-8', filename = '') => ({
  mimeType,
  filename,
  headers: [{ name: 'Content-Type', value: `${mimeType}; charset="${charset}"` }],
  body: { size: data.length, data: b64url(data) },
});

function apiMessage(payload: object, headers: [string, string][], extra: object = {}) {
  return {
    id: '18f0c0ffee000001',
    threadId: '18f0c0ffee000000',
    labelIds: ['INBOX', 'UNREAD'],
    internalDate: '1796112000123',
    payload: {
      ...payload,
      headers: [...headers.map(([name, value]) => ({ name, value })), ...((payload as { headers?: [] }).headers ?? [])],
    },
    ...extra,
  };
}

const HEADERS: [string, string][] = [
  ['From', 'Dana Lee <dana@acme.com>'],
  ['To', '"Rivera, Sam" <sam@emberseller.com>, lee@acme.com'],
  ['Cc', 'Kim Ito <kim@acme.com> (security), "Ops" <ops@acme.com>'],
  ['Subject', 'Re: Pilot\r\n for Acme'],
  ['Date', 'Tue, 1 Dec 2026 09:15:00 -0500 (EST)'],
  ['Message-ID', '<CAB123@mail.gmail.com>'],
  ['In-Reply-To', '<CAA999@mail.gmail.com>'],
];

describe("a message from Gmail's API", () => {
  test("gives To and Cc apart, the whole plain text, Gmail's time, the sender's offset and the RFC 822 ids", () => {
    const parsed = parseGmailApiMessage(
      apiMessage(
        {
          mimeType: 'multipart/alternative',
          parts: [part('text/plain', 'Tuesday works.\r\n\r\nDana'), part('text/html', '<p>Tuesday <b>works</b>.</p>')],
        },
        HEADERS,
      ),
    );
    expect(parsed).toEqual({
      input: {
        id: '18f0c0ffee000001',
        thread: '18f0c0ffee000000',
        at: 1796112000123,
        from: 'Dana Lee <dana@acme.com>',
        to: ['"Rivera, Sam" <sam@emberseller.com>', 'lee@acme.com'],
        cc: ['Kim Ito <kim@acme.com> (security)', '"Ops" <ops@acme.com>'],
        subject: 'Re: Pilot for Acme',
        body: 'Tuesday works.\n\nDana',
      },
      details: {
        utcOffsetMinutes: -300,
        messageId: 'CAB123@mail.gmail.com',
        inReplyTo: 'CAA999@mail.gmail.com',
        labels: ['INBOX', 'UNREAD'],
      },
    });
  });

  test('an HTML-only message becomes plain text: no markup, no script, no images, links kept as text', () => {
    const html =
      '<div>Hi Sam,<br>see <a href="https://acme.com/rfp">the RFP</a>.<script>alert(1)</script><img src="https://t.example/p.gif"></div>';
    const parsed = parseGmailApiMessage(apiMessage(part('text/html', html), HEADERS));
    expect(parsed.input.body).toBe('Hi Sam,\nsee the RFP [https://acme.com/rfp].');
  });

  test.each([
    ['ISO-8859-1', Uint8Array.from([0x43, 0x61, 0x66, 0xe9]), 'Café'],
    ['windows-1252', Uint8Array.from([0x93, 0x4f, 0x4b, 0x94]), '“OK”'],
    ['Shift_JIS', Uint8Array.from([0x82, 0xa0, 0x82, 0xa2]), 'あい'],
    ['x-unknown', new TextEncoder().encode('plain ü'), 'plain ü'],
  ])('reads a %s part in its charset', (charset, bytes, text) => {
    expect(parseGmailApiMessage(apiMessage(part('text/plain', bytes, charset), HEADERS)).input.body).toBe(text);
  });

  test('a text attachment is not the body', () => {
    const parsed = parseGmailApiMessage(
      apiMessage(
        {
          mimeType: 'multipart/mixed',
          parts: [
            part('text/plain', 'secret contract text', 'UTF-8', 'contract.txt'),
            part('text/html', '<p>See attached.</p>'),
          ],
        },
        HEADERS,
      ),
    );
    expect(parsed.input.body).toBe('See attached.');
  });

  test('a huge body is cut, so one message cannot exhaust the worker', () => {
    const parsed = parseGmailApiMessage(apiMessage(part('text/plain', 'x'.repeat(MAX_BODY_CHARS * 3)), HEADERS));
    expect(parsed.input.body).toHaveLength(MAX_BODY_CHARS);
  });

  test.each([
    ['no payload', { id: '18f0', threadId: '18f0', internalDate: '1' }, 'Gmail API message 18f0: payload: '],
    [
      'an id that is not hex',
      { ...apiMessage(part('text/plain', 'x'), HEADERS), id: '../x' },
      'Gmail API message ../x: id: a Gmail message id is hex',
    ],
    ['no From', apiMessage(part('text/plain', 'x'), []), 'Gmail API message 18f0c0ffee000001: no From header'],
    [
      'a body that is not base64url',
      apiMessage({ mimeType: 'text/plain', body: { data: 'abcde' } }, HEADERS),
      'a body part is not base64url',
    ],
    ['not an object', 'nope', 'Gmail API message (no id): '],
  ])('%s is refused with the reason', (_case, json, reason) => {
    expect(() => parseGmailApiMessage(json)).toThrow(GmailApiMessageError);
    expect(() => parseGmailApiMessage(json)).toThrow(reason);
  });
});

describe('address headers', () => {
  test.each([
    ['a@x.com, b@y.com', ['a@x.com', 'b@y.com']],
    ['"Lee, Dana" <dana@acme.com>, kim@acme.com', ['"Lee, Dana" <dana@acme.com>', 'kim@acme.com']],
    ['Kim (ops, security) <kim@acme.com>', ['Kim (ops, security) <kim@acme.com>']],
    ['"A \\"B, C\\"" <a@x.com>,b@y.com', ['"A \\"B, C\\"" <a@x.com>', 'b@y.com']],
    ['', []],
    [' , ,a@x.com', ['a@x.com']],
  ])('%j', (header, list) => {
    expect(addressList(header)).toEqual(list);
  });
});

describe("the sender's UTC offset", () => {
  test.each([
    ['Tue, 1 Dec 2026 09:15:00 -0500 (EST)', -300],
    ['Tue, 1 Dec 2026 23:15:00 +0530', 330],
    ['1 Dec 2026 14:15:00 +0000', 0],
    ['Tue, 1 Dec 2026 14:15:00 GMT', 0],
    ['Tue, 1 Dec 2026 14:15:00', null],
  ])('%s → %s', (date, offset) => {
    expect(utcOffsetOf(date)).toBe(offset);
  });
});
