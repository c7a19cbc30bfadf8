import { describe, expect, test } from 'vitest';
import {
  BatchFormatError,
  boundaryOf,
  contentIdOf,
  encodeBatchRequest,
  newBoundary,
  parseBatchResponse,
  parseMultipart,
  type BatchResponsePart,
} from '@/lib/background/google/batch-format';

/** A batch answer as Google writes one: CRLF, `response-` ids in angle brackets, headers, JSON bodies. */
function googleAnswer(
  boundary: string,
  parts: { id: string; status: string; headers?: string[]; body: string }[],
  { eol = '\r\n', close = `--${boundary}--${'\r\n'}` } = {},
) {
  const text = parts
    .map((part) =>
      [
        `--${boundary}`,
        'Content-Type: application/http',
        `Content-ID: <response-${part.id}>`,
        '',
        `HTTP/1.1 ${part.status}`,
        ...(part.headers ?? ['Content-Type: application/json; charset=UTF-8', 'Vary: Origin', 'Vary: X-Origin']),
        '',
        part.body,
        // Google ends each part's body with a line break of its own, before the delimiter's.
        '',
        '',
      ].join(eol),
    )
    .join('');
  return text + close.replace(/\r\n/g, eol);
}

const message = (id: string) => JSON.stringify({ id, threadId: id, snippet: 'Hi' }, null, 2);

describe("Google's batch format", () => {
  test('a request is multipart/mixed: one application/http part a call, named by its Content-ID, CRLF throughout', () => {
    const { contentType, body } = encodeBatchRequest(
      [
        { id: 'item-0', method: 'GET', path: '/gmail/v1/users/me/messages/18c1?format=full' },
        {
          id: 'item-1',
          method: 'POST',
          path: '/calendar/v3/freeBusy',
          headers: { 'Content-Type': 'application/json' },
          body: '{"items":[]}',
        },
      ],
      'batch_test',
    );
    expect(contentType).toBe('multipart/mixed; boundary=batch_test');
    expect(body).toBe(
      [
        '--batch_test',
        'Content-Type: application/http',
        'Content-ID: <item-0>',
        '',
        'GET /gmail/v1/users/me/messages/18c1?format=full',
        '',
        '',
        '--batch_test',
        'Content-Type: application/http',
        'Content-ID: <item-1>',
        '',
        'POST /calendar/v3/freeBusy',
        'Content-Type: application/json',
        '',
        '{"items":[]}',
        '--batch_test--',
        '',
      ].join('\r\n'),
    );
  });

  test('what is encoded parses back part by part, content exact', () => {
    const { contentType, body } = encodeBatchRequest(
      [
        { id: 'item-0', method: 'GET', path: '/gmail/v1/users/me/messages/a?format=full' },
        {
          id: 'item-1',
          method: 'POST',
          path: '/x/v1/y',
          headers: { 'Content-Type': 'application/json' },
          body: '{"a":1}',
        },
      ],
      newBoundary(() => 0.3),
    );
    expect(parseMultipart(contentType, body)).toEqual([
      {
        headers: { 'content-type': 'application/http', 'content-id': '<item-0>' },
        content: 'GET /gmail/v1/users/me/messages/a?format=full\r\n\r\n',
      },
      {
        headers: { 'content-type': 'application/http', 'content-id': '<item-1>' },
        content: 'POST /x/v1/y\r\nContent-Type: application/json\r\n\r\n{"a":1}',
      },
    ]);
  });

  test('a generated boundary is a valid one, and differs with the randomness', () => {
    const values = [0, 0.999, 0.5];
    const boundary = newBoundary(() => values.shift() ?? 0.1);
    expect(boundary).toMatch(/^batch_[0-9a-z]{32}$/);
    expect(boundary.slice(6, 9)).toBe('0zi');
    expect(newBoundary()).not.toBe(newBoundary());
  });

  test.each([
    ['a boundary that is not one', [{ id: 'item-0', method: 'GET', path: '/a' }], 'no good\n'],
    ['a request line with a space', [{ id: 'item-0', method: 'GET', path: '/a b' }], 'b'],
    ['a header value on two lines', [{ id: 'i', method: 'GET', path: '/a', headers: { x: 'a\r\nb: c' } }], 'b'],
    ['the boundary inside a part', [{ id: 'i', method: 'POST', path: '/a', body: 'x\r\n--b\r\n' }], 'b'],
  ])('refuses to encode %s', (_, parts, boundary) => {
    expect(() => encodeBatchRequest(parts, boundary)).toThrow(RangeError);
  });

  test.each([
    ['multipart/mixed; boundary=batch_abc', 'batch_abc'],
    ['multipart/mixed; boundary="batch_abc"', 'batch_abc'],
    ['Multipart/Mixed;charset=UTF-8;  BOUNDARY = batch_abc', 'batch_abc'],
    ['multipart/mixed; boundary="a \\"b\\" c"', 'a "b" c'],
  ])('reads the boundary of %s', (contentType, boundary) => {
    expect(boundaryOf(contentType)).toBe(boundary);
  });

  test.each([['application/json'], ['multipart/mixed'], [null]])('refuses %s as a batch answer', (contentType) => {
    expect(() => parseBatchResponse(contentType, '--x\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}\r\n--x--')).toThrow(
      BatchFormatError,
    );
  });

  test.each([
    ['<response-item-3>', 'item-3'],
    ['response-item-3', 'item-3'],
    [' <item-3> ', 'item-3'],
    ['<response-item1:12930812@barnyard.example.com>', 'item1:12930812@barnyard.example.com'],
    ['<>', null],
    [undefined, null],
  ])('Content-ID %j names the request %j', (header, id) => {
    expect(contentIdOf(header)).toBe(id);
  });

  const expected: BatchResponsePart[] = [
    {
      id: 'item-1',
      status: 200,
      headers: { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin' },
      body: `${message('18c2')}\r\n`,
    },
    {
      id: 'item-0',
      status: 404,
      headers: { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin' },
      body: '{"error":{"code":404,"message":"Requested entity was not found.","errors":[{"reason":"notFound"}]}}\r\n',
    },
  ];
  const answer = googleAnswer('batch_Zx9oA', [
    { id: 'item-1', status: '200 OK', body: message('18c2') },
    {
      id: 'item-0',
      status: '404 Not Found',
      body: '{"error":{"code":404,"message":"Requested entity was not found.","errors":[{"reason":"notFound"}]}}',
    },
  ]);

  test('reads a batch answer as Google writes it, parts in the order they came', () => {
    expect(parseBatchResponse('multipart/mixed; boundary=batch_Zx9oA', answer)).toEqual(expected);
    expect(JSON.parse(expected[0]!.body)).toMatchObject({ id: '18c2' });
  });

  const lf = (parts: BatchResponsePart[]) => parts.map((part) => ({ ...part, body: part.body.replace(/\r\n/g, '\n') }));
  test.each([
    ['bare LF line breaks', answer.replace(/\r\n/g, '\n'), lf(expected)],
    ['no line break after the close delimiter', answer.replace(/--\r\n$/, '--'), expected],
    ['no close delimiter at all', answer.replace(/--batch_Zx9oA--\r\n$/, ''), expected],
    ['a preamble and an epilogue', `This is a preamble.\r\n${answer}epilogue\r\n`, expected],
    [
      'Content-ID without angle brackets, and a blank line before the status line',
      answer
        .replace('<response-item-1>', 'response-item-1')
        .replace('\r\n\r\nHTTP/1.1 200', '\r\n\r\n\r\nHTTP/1.1 200'),
      expected,
    ],
    [
      'a status line without a reason phrase, and a folded header',
      answer.replace('HTTP/1.1 404 Not Found', 'HTTP/1.1 404').replace('Vary: Origin\r\n', 'Vary:\r\n  Origin\r\n'),
      expected,
    ],
  ])('reads an answer with %s', (_, text, parts) => {
    expect(parseBatchResponse('multipart/mixed; boundary=batch_Zx9oA', text)).toEqual(parts);
  });

  test.each([
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>', 502],
    ['an empty body', '', 204],
    ['text that mentions the boundary mid-line: --batch_Zx9oA', 'see --batch_Zx9oA here', 500],
  ])('keeps a part whose body is %s as text', (_, body, status) => {
    const text = googleAnswer('batch_Zx9oA', [
      { id: 'item-0', status: `${status} Whatever`, headers: ['Content-Type: text/html'], body },
    ]);
    expect(parseBatchResponse('multipart/mixed; boundary=batch_Zx9oA', text)).toEqual([
      { id: 'item-0', status, headers: { 'content-type': 'text/html' }, body: `${body}\r\n` },
    ]);
  });

  test('a boundary that only starts like ours does not split a part', () => {
    const text = googleAnswer('b', [{ id: 'item-0', status: '200 OK', body: '--bx\r\n--b-not\r\n{}' }]);
    expect(parseBatchResponse('multipart/mixed; boundary=b', text)[0]?.body).toBe('--bx\r\n--b-not\r\n{}\r\n');
  });

  test.each([
    ['no delimiter at all', 'HTTP/1.1 200 OK\r\n\r\n{}'],
    ['a part with no status line', '--b\r\nContent-ID: <response-item-0>\r\n\r\n{"id":"1"}\r\n--b--'],
  ])('refuses an answer with %s', (_, text) => {
    expect(() => parseBatchResponse('multipart/mixed; boundary=b', text)).toThrow(BatchFormatError);
  });

  test('a 10 MB part is read whole, once', () => {
    const big = JSON.stringify({ id: 'ff', data: 'A'.repeat(10_000_000) });
    const text = googleAnswer('b', [
      { id: 'item-0', status: '200 OK', body: big },
      { id: 'item-1', status: '200 OK', body: '{}' },
    ]);
    const parts = parseBatchResponse('multipart/mixed; boundary=b', text);
    expect(parts.map((part) => [part.id, part.body.length])).toEqual([
      ['item-0', big.length + 2],
      ['item-1', 4],
    ]);
  });
});
