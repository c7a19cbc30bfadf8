import { convert } from 'html-to-text';
import { z } from 'zod';
import type { MessageInput } from '@/lib/messaging/protocol';

/**
 * A message from Gmail's API (`users.messages.get?format=full`), turned into what every source
 * gives ingestion: a MessageInput, plus what only the API knows. Gmail's tab cannot tell To from Cc
 * for sure, nor the sender's UTC offset, nor the RFC 822 ids; the API's headers can.
 *
 * The API's JSON is untrusted input: it is checked against the subset of the Message resource read
 * here (https://developers.google.com/gmail/api/reference/rest/v1/users.messages), and a message
 * that does not fit is refused with the reason, not guessed at. Bodies come as base64url bytes in
 * the part's charset (Gmail has already undone the transfer encoding); HTML is made plain text
 * and never kept as HTML.
 */

interface MessagePart {
  mimeType?: string | undefined;
  filename?: string | undefined;
  headers?: { name: string; value: string }[] | undefined;
  body?: { data?: string | undefined; size?: number | undefined; attachmentId?: string | undefined } | undefined;
  parts?: MessagePart[] | undefined;
}

const headerSchema = z.object({ name: z.string(), value: z.string() });
const partSchema: z.ZodType<MessagePart> = z.lazy(() =>
  z.object({
    mimeType: z.string().optional(),
    filename: z.string().optional(),
    headers: z.array(headerSchema).optional(),
    body: z
      .object({ data: z.string().optional(), size: z.number().optional(), attachmentId: z.string().optional() })
      .optional(),
    parts: z.array(partSchema).optional(),
  }),
);

export const gmailApiMessageSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{1,32}$/i, 'a Gmail message id is hex'),
  threadId: z.string().regex(/^[0-9a-f]{1,32}$/i, 'a Gmail thread id is hex'),
  labelIds: z.array(z.string()).optional(),
  /** When Gmail took the message in, in ms since the epoch, as a decimal string. */
  internalDate: z.string().regex(/^\d+$/, 'internalDate is a number of milliseconds'),
  payload: partSchema,
});
export type GmailApiMessage = z.infer<typeof gmailApiMessageSchema>;

/** What the API gives beyond a MessageInput. */
export interface GmailApiDetails {
  /** The sender's offset from UTC in minutes, from the Date header ("-0500" → -300); null without one. */
  utcOffsetMinutes: number | null;
  /** RFC 822 Message-ID and In-Reply-To, without the angle brackets. */
  messageId: string | null;
  inReplyTo: string | null;
  /** Labels as the API names them (INBOX, SENT, DRAFT, …). */
  labels: string[];
}

export interface ParsedGmailApiMessage {
  input: MessageInput;
  details: GmailApiDetails;
}

export class GmailApiMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GmailApiMessageError';
  }
}

/** Texts longer than this are cut: one huge message must not cost the sync its memory. */
export const MAX_BODY_CHARS = 200_000;

export function parseGmailApiMessage(json: unknown): ParsedGmailApiMessage {
  const parsed = gmailApiMessageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const id = (json as { id?: unknown } | null)?.id;
    throw new GmailApiMessageError(
      `Gmail API message ${typeof id === 'string' ? id : '(no id)'}: ${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const message = parsed.data;
  const headers = headerMap(message.payload.headers ?? []);
  const from = headers.get('from');
  if (!from) throw new GmailApiMessageError(`Gmail API message ${message.id}: no From header`);
  const date = headers.get('date');
  return {
    input: {
      id: message.id,
      thread: message.threadId,
      // Gmail's own time, as its tab shows it; the Date header is the sender's claim.
      at: Number(message.internalDate),
      from: unfold(from),
      to: addressList(headers.get('to')),
      cc: addressList(headers.get('cc')),
      subject: unfold(headers.get('subject') ?? ''),
      body: bodyText(message.payload).slice(0, MAX_BODY_CHARS),
    },
    details: {
      utcOffsetMinutes: date ? utcOffsetOf(date) : null,
      messageId: angleId(headers.get('message-id')),
      inReplyTo: angleId(headers.get('in-reply-to')),
      labels: message.labelIds ?? [],
    },
  };
}

/** Header names are case-insensitive; the first of a repeated header wins, as mail readers show it. */
function headerMap(headers: readonly { name: string; value: string }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    if (!map.has(key)) map.set(key, value);
  }
  return map;
}

const unfold = (value: string) => value.replace(/\r?\n[ \t]+/g, ' ').trim();

/**
 * Splits an address header at the commas between mailboxes, not those inside a quoted name
 * ("Lee, Dana" <dana@acme.com>) or a comment. Each mailbox is kept as written; ingestion parses it.
 */
export function addressList(value: string | undefined): string[] {
  if (!value) return [];
  const list: string[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  let angle = false;
  const text = unfold(value);
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '\\' && quoted) {
      current += char + (text[index + 1] ?? '');
      index += 1;
      continue;
    }
    if (char === '"' && depth === 0) quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && char === '<') angle = true;
    else if (!quoted && depth === 0 && char === '>') angle = false;
    if (char === ',' && !quoted && depth === 0 && !angle) {
      if (current.trim()) list.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim()) list.push(current.trim());
  return list;
}

/** "Tue, 1 Dec 2026 09:15:00 -0500 (EST)" → -300; "GMT"/"UT"/"Z" → 0; none → null. */
export function utcOffsetOf(date: string): number | null {
  const numeric = /\s([+-])(\d{2})(\d{2})(?:\s|$|\()/.exec(` ${date} `);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return /\s(?:GMT|UTC?|Z)(?:\s|$|\()/i.test(` ${date} `) ? 0 : null;
}

function angleId(value: string | undefined): string | null {
  if (!value) return null;
  const match = /<([^<>\s]+)>/.exec(value);
  return match?.[1] ?? (value.trim() || null);
}

/** The message's text: its text/plain part, else its HTML part as plain text; attachments never. */
function bodyText(payload: MessagePart): string {
  const plain = findPart(payload, 'text/plain');
  if (plain) return decodePart(plain);
  const html = findPart(payload, 'text/html');
  if (html) {
    return convert(decodePart(html), {
      wordwrap: false,
      // Links keep their address, images are dropped: the text is read, never rendered.
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      ],
    });
  }
  return '';
}

/** The first part of that type, depth first, that is not an attachment. */
function findPart(part: MessagePart, mimeType: string): MessagePart | null {
  const type = part.mimeType?.toLowerCase() ?? '';
  if (type === mimeType && !part.filename && part.body?.data !== undefined) return part;
  for (const child of part.parts ?? []) {
    const found = findPart(child, mimeType);
    if (found) return found;
  }
  return null;
}

/** A part's bytes (base64url) read in its charset; an unknown charset reads as UTF-8. */
/**
 * The most of a part that is decoded: four bytes for each character kept (UTF-8's widest), in
 * whole base64 quads. A 10 MB message costs no more than a 1 MB one.
 */
const MAX_PART_BASE64 = Math.ceil((MAX_BODY_CHARS * 4) / 3) * 4;

function decodePart(part: MessagePart): string {
  const bytes = base64UrlBytes(part.body?.data ?? '', MAX_PART_BASE64);
  const contentType = headerMap(part.headers ?? []).get('content-type') ?? '';
  const charset = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const text = decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
  return text.replace(/\r\n/g, '\n');
}

/**
 * 0x80–0x9F of windows-1252 (which the WHATWG Encoding standard also uses for "iso-8859-1" and
 * "us-ascii" mail): curly quotes, dashes, €. Node 20's TextDecoder reads them as C1 controls;
 * Chrome's does not. Decoded here so both agree.
 */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
  }
  return text;
}

/** Decodes base64url, ignoring anything outside its alphabet; `maxChars` (a multiple of 4) bounds the work. */
export function base64UrlBytes(data: string, maxChars = Infinity): Uint8Array {
  const base64 = data
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/]/g, '')
    .slice(0, maxChars);
  if (base64.length % 4 === 1) throw new GmailApiMessageError('a body part is not base64url');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
