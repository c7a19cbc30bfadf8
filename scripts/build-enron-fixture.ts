/**
 * Builds tests/fixtures/enron/messages.json, the real-mail fixture, from mbox copies of the Enron
 * corpus' maildir folders (tests/fixtures/enron/README.md says where they come from). Run once by
 * hand; tests read the committed JSON and never need the corpus.
 *
 *   npx tsx scripts/build-enron-fixture.ts <dir with enron.<mailbox>.<folder> mbox files>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RealMessage } from '../tests/fixtures/enron/messages';

/** Folders chosen for variety: Outlook chains, Lotus Notes forwards, sent mail, broadcasts, newsletters. */
const FOLDERS = [
  'kaminski-v.inbox',
  'shackleton-s.inbox',
  'allen-p._sent_mail',
  'kean-s.notes_inbox',
  'dasovich-j.sent_items',
  'beck-s.inbox',
] as const;
const PER_FOLDER = 50;
const MAX_BODY_CHARS = 12_000;

function headersOf(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last = '';
  for (const line of block.split('\n')) {
    if (/^\s/.test(line) && last !== '') {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).toLowerCase();
    headers.set(last, line.slice(colon + 1).trim());
  }
  return headers;
}

const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: build-enron-fixture.ts <mbox dir>');
const picked: RealMessage[] = [];
for (const folder of FOLDERS) {
  const raw = readFileSync(join(dir, `enron.${folder}`), 'latin1');
  const messages = raw.split(/^From MAILER-DAEMON .*$/m).filter((message) => message.trim() !== '');
  const step = Math.max(1, Math.floor(messages.length / PER_FOLDER));
  for (
    let index = 0;
    index < messages.length && picked.filter((m) => m.folder === folder).length < PER_FOLDER;
    index += step
  ) {
    const message = messages[index]!.replace(/^\n/, '');
    const split = message.indexOf('\n\n');
    const headers = headersOf(message.slice(0, split));
    picked.push({
      folder,
      messageId: headers.get('message-id') ?? '',
      date: headers.get('date') ?? '',
      from: headers.get('from') ?? '',
      xFrom: headers.get('x-from') ?? '',
      to: headers.get('to') ?? '',
      xTo: headers.get('x-to') ?? '',
      cc: headers.get('cc') ?? '',
      subject: headers.get('subject') ?? '',
      body: message
        .slice(split + 2)
        .replace(/^>From /gm, 'From ')
        .slice(0, MAX_BODY_CHARS),
    });
  }
}
writeFileSync(
  join(import.meta.dirname, '../tests/fixtures/enron/messages.json'),
  `${JSON.stringify(picked, null, 1)}\n`,
);
console.log(`${picked.length} messages`);
