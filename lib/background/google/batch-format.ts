/**
 * Google's batch format (https://developers.google.com/gmail/api/guides/batch), pure text in and
 * out: a request is a `multipart/mixed` body whose parts are `application/http` requests, each
 * named by a Content-ID; the answer is `multipart/mixed` too, one embedded HTTP response a part,
 * named `response-` + the request's Content-ID, in any order, each with its own status.
 *
 * Parsing is lenient where servers differ (CRLF or bare LF, a missing final line break or close
 * delimiter, Content-ID with or without angle brackets, bodies that are not JSON) and strict where
 * a guess could pair an answer with the wrong request: parts are matched by id, never by position.
 * No browser or Node API is used, so the same code runs in the service worker and in tests.
 */

export class BatchFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchFormatError';
  }
}

/** One inner request: `path` is from the host's root, with its query (`/gmail/v1/…?format=full`). */
export interface BatchRequestPart {
  id: string;
  method: string;
  path: string;
  headers?: Readonly<Record<string, string>>;
  body?: string;
}

/** One part of a multipart body; header names are lower case, repeated headers joined by ", ". */
export interface MultipartPart {
  headers: Record<string, string>;
  content: string;
}

/** One inner response; `id` is the request's Content-ID (brackets and `response-` taken off). */
export interface BatchResponsePart {
  id: string | null;
  status: number;
  headers: Record<string, string>;
  body: string;
}

const BOUNDARY_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** RFC 2046 §5.1.1: 1 to 70 characters of `bchars`, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** `batch_` and 32 random characters: 165 bits, so it never occurs in a part by chance. */
export function newBoundary(random: () => number = Math.random): string {
  let tail = '';
  for (let index = 0; index < 32; index += 1) {
    tail += BOUNDARY_ALPHABET.charAt(Math.floor(random() * BOUNDARY_ALPHABET.length));
  }
  return `batch_${tail}`;
}

const lineSafe = (value: string, what: string) => {
  if (/[\r\n]/.test(value)) throw new RangeError(`${what} must be one line: ${JSON.stringify(value)}`);
  return value;
};

/** The body and Content-Type of a batch request: CRLF line breaks, as RFC 2046 asks. */
export function encodeBatchRequest(
  parts: readonly BatchRequestPart[],
  boundary: string = newBoundary(),
): { contentType: string; body: string } {
  if (!BOUNDARY.test(boundary)) throw new RangeError(`not a MIME boundary: ${JSON.stringify(boundary)}`);
  const lines: string[] = [];
  for (const part of parts) {
    if (/\s/.test(part.path) || /\s/.test(part.method)) {
      throw new RangeError(`a request line holds no spaces: ${part.method} ${part.path}`);
    }
    const inner = [
      `${part.method} ${part.path}`,
      ...Object.entries(part.headers ?? {}).map(
        ([name, value]) => `${lineSafe(name, 'a header name')}: ${lineSafe(value, 'a header value')}`,
      ),
      '',
      part.body ?? '',
    ].join('\r\n');
    // A boundary inside a part would end it early; a fresh random boundary never does in practice.
    if (inner.includes(`--${boundary}`)) throw new RangeError(`the boundary ${boundary} occurs inside part ${part.id}`);
    lines.push(
      `--${boundary}`,
      'Content-Type: application/http',
      `Content-ID: <${lineSafe(part.id, 'a Content-ID')}>`,
      '',
      inner,
    );
  }
  lines.push(`--${boundary}--`, '');
  const quoted = /^[0-9A-Za-z_\-.]+$/.test(boundary) ? boundary : `"${boundary}"`;
  return { contentType: `multipart/mixed; boundary=${quoted}`, body: lines.join('\r\n') };
}

/** The boundary a multipart Content-Type names (quoted or not). */
export function boundaryOf(contentType: string | null): string {
  if (contentType === null || !/^\s*multipart\//i.test(contentType)) {
    throw new BatchFormatError(`not a multipart answer: ${contentType ?? '(no Content-Type)'}`);
  }
  const match = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))/i.exec(contentType);
  const boundary = match?.[1]?.replace(/\\(.)/g, '$1') ?? match?.[2];
  if (!boundary) throw new BatchFormatError(`no boundary in ${contentType}`);
  return boundary;
}

/**
 * Where the next delimiter line (`--boundary`, at a line's start, then `--`, or only spaces to the
 * line's end) begins at or after `from`; -1 when there is none.
 */
function findDelimiter(body: string, delimiter: string, from: number): number {
  for (let at = body.indexOf(delimiter, from); at !== -1; at = body.indexOf(delimiter, at + 1)) {
    if (at > 0 && body[at - 1] !== '\n') continue;
    const after = at + delimiter.length;
    if (body.startsWith('--', after) || /^[ \t]*(?:\r?\n|$)/.test(body.slice(after, after + 80))) return at;
  }
  return -1;
}

/** Lines up to the first empty one (folded lines joined), and where what follows it starts. */
function readHead(text: string, from: number): { lines: string[]; end: number } {
  const lines: string[] = [];
  let at = from;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(at, end).replace(/\r$/, '');
    at = newline === -1 ? text.length : newline + 1;
    if (line === '') return { lines, end: at };
    const last = lines.length - 1;
    if (/^[ \t]/.test(line) && last >= 0) lines[last] += ` ${line.trim()}`;
    else lines.push(line);
  }
  return { lines, end: text.length };
}

function headerRecord(lines: readonly string[]): Record<string, string> {
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    // A line with no colon is no header; skipped rather than guessed at.
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return Object.fromEntries(headers);
}

/**
 * The parts of a multipart body. The line break before a delimiter belongs to the delimiter
 * (RFC 2046), so a part's content is exactly what was sent; a body cut before its close
 * delimiter keeps its last part.
 */
export function parseMultipart(contentType: string | null, body: string): MultipartPart[] {
  const delimiter = `--${boundaryOf(contentType)}`;
  let at = findDelimiter(body, delimiter, 0);
  if (at === -1) throw new BatchFormatError(`no part starts with ${delimiter}`);
  const parts: MultipartPart[] = [];
  for (;;) {
    const after = at + delimiter.length;
    if (body.startsWith('--', after)) return parts;
    const lineEnd = body.indexOf('\n', after);
    if (lineEnd === -1) return parts;
    const start = lineEnd + 1;
    const next = findDelimiter(body, delimiter, start);
    // Without a close delimiter, the last line break is still taken as the one before it.
    let end = next === -1 ? body.length : next;
    if (end > start && body[end - 1] === '\n') end -= body[end - 2] === '\r' ? 2 : 1;
    const text = body.slice(start, Math.max(start, end));
    const head = readHead(text, 0);
    parts.push({ headers: headerRecord(head.lines), content: text.slice(head.end) });
    if (next === -1) return parts;
    at = next;
  }
}

/** `<response-item-3>`, `response-item-3` and `<item-3>` all name the request `item-3`. */
export function contentIdOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const id = value
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .replace(/^response-/, '');
  return id === '' ? null : id;
}

const STATUS_LINE = /^HTTP\/\d+(?:\.\d+)?\s+(\d{3})(?:\s.*)?$/;

/** The inner responses of a batch answer, as they came (any order). */
export function parseBatchResponse(contentType: string | null, body: string): BatchResponsePart[] {
  return parseMultipart(contentType, body).map((part, index) => {
    const id = contentIdOf(part.headers['content-id']);
    // Some servers put a blank line before the status line.
    const skipped = /^(?:\r?\n)*/.exec(part.content)?.[0].length ?? 0;
    const head = readHead(part.content, skipped);
    const status = STATUS_LINE.exec(head.lines[0] ?? '');
    if (!status) {
      throw new BatchFormatError(
        `part ${id ?? `#${index + 1}`} has no HTTP status line: ${(head.lines[0] ?? '').slice(0, 80)}`,
      );
    }
    return {
      id,
      status: Number(status[1]),
      headers: headerRecord(head.lines.slice(1)),
      body: part.content.slice(head.end),
    };
  });
}
