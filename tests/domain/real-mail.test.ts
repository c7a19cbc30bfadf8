import { describe, expect, test } from 'vitest';
import { REAL_MESSAGES } from '../fixtures/enron/messages';
import { greetingName } from '@/lib/domain/drafting/names';
import { cleanMessageText } from '@/lib/domain/mail-text';
import { splitSignature } from '@/lib/domain/signature';

const messages = REAL_MESSAGES;

const cleaned = messages.map((message) => ({ message, text: cleanMessageText(message.body).text }));

/** The forms of quoted history real mail carries, each as it shows in a body. */
const QUOTED_FORMS: readonly [form: string, pattern: RegExp][] = [
  ['Outlook "-----Original Message-----"', /-----\s*Original Message\s*-----/i],
  ['Lotus Notes "Forwarded by"', /-{5,}\s*Forwarded by/i],
  ['Lotus Notes reply header', /^.{1,120}\son\s\d{1,2}\/\d{1,2}\/\d{2,4}\s\d{1,2}:\d{2}/m],
  ['"… wrote:"', /wrote:\s*$/m],
  ['"> " quoting', /^>/m],
];

describe('cleaning real mail (tests/fixtures/enron, 300 messages)', () => {
  test.each(QUOTED_FORMS)('removes at least 95%% of %s', (_form, pattern) => {
    const before = messages.filter((message) => pattern.test(message.body)).length;
    const after = cleaned.filter(({ text }) => pattern.test(text)).length;
    expect(before).toBeGreaterThan(0);
    expect((before - after) / before).toBeGreaterThanOrEqual(0.95);
  });

  test('reduces no body to scraps: each keeps its first real line', () => {
    const header = /^(?:-{3,}|_{3,}|from:|sent:|to:|cc:|subject:)|original message|forwarded by/i;
    const lost = cleaned.filter(({ message, text }) => {
      const first = message.body
        .split('\n')
        .map((line) => line.trim())
        .find((line) => line !== '');
      return first !== undefined && !header.test(first) && !text.includes(first.slice(0, 30));
    });
    expect(lost.map(({ message }) => message.messageId)).toEqual([]);
  });

  test('cuts signatures: at most 32 of 300 texts still end in a phone or fax line (51 before the cut)', () => {
    const phone = /\b(?:fax|phone|ph|tel)\b|\(\d{3}\)\s?\d{3}-\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b/i;
    const tail = (text: string) => text.split('\n').slice(-4).join('\n');
    expect(cleaned.filter(({ text }) => phone.test(tail(text))).length).toBe(51);
    expect(cleaned.filter(({ text }) => phone.test(tail(splitSignature(text).body))).length).toBeLessThanOrEqual(32);
  });
});

describe('first names on real display names', () => {
  /** Where the address says the given name (first.last@enron.com), it is the truth to check against. */
  const named = messages.flatMap(({ xFrom, from }) => {
    const address = from.trim().toLowerCase();
    const parts = /^([a-z]{2,})\.([a-z]{2,})@enron\.com$/.exec(address);
    const display = xFrom.replace(/\s*<[^>]*>\s*$/, '').trim();
    if (!parts || display === '' || parts[1] === 'no') return [];
    return [{ display, address, given: parts[1]!.charAt(0).toUpperCase() + parts[1]!.slice(1) }];
  });

  test('at least 95% are greeted by the right given name, "Last, First" included', () => {
    expect(named.length).toBeGreaterThan(150);
    expect(named.some(({ display }) => display.includes(','))).toBe(true);
    const right = named.filter(({ display, address, given }) => greetingName(display, address) === given);
    expect(right.length / named.length).toBeGreaterThanOrEqual(0.95);
  });

  test('none is greeted by the local part of its address when a display name exists', () => {
    const byLocalPart = named.filter(({ display, address }) => {
      const name = greetingName(display, address).toLowerCase();
      return name !== '' && name === address.slice(0, address.indexOf('@'));
    });
    expect(byLocalPart).toEqual([]);
  });
});
