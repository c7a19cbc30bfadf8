import { describe, expect, test } from 'vitest';
import { createDraftDesk } from '@/lib/gmail/draft-desk';
import type { GmailHost, ReplyBox } from '@/lib/gmail/gmail-host';

function fakeHost() {
  let onReply: (reply: ReplyBox) => void = () => {};
  const host = {
    onReplyOpened: (handler: (reply: ReplyBox) => void) => ((onReply = handler), () => {}),
  } as unknown as GmailHost;
  const openReply = (thread: string, typed = '') => {
    const box = { thread, text: typed, closers: [] as (() => void)[] };
    const reply: ReplyBox = {
      thread,
      typedText: () => box.text,
      insertAtTop: (text) => (box.text = `${text}\n\n${box.text}`),
      onClosed: (close) => (box.closers.push(close), () => {}),
    };
    onReply(reply);
    return box;
  };
  return { host, openReply };
}

describe('the draft desk', () => {
  test("puts a draft into the thread's open, empty reply", () => {
    const { host, openReply } = fakeHost();
    const desk = createDraftDesk(host);
    const box = openReply('t1');
    expect(desk.insert('t1', 'Hi Dana,')).toBe('inserted');
    expect(box.text).toBe('Hi Dana,\n\n');
  });

  test('holds a draft until Reply is clicked on that thread', () => {
    const { host, openReply } = fakeHost();
    const desk = createDraftDesk(host);
    expect(desk.insert('t1', 'Hi Dana,')).toBe('held');
    expect(desk.isHeld('t1')).toBe(true);
    expect(openReply('t2').text).toBe('');
    expect(openReply('t1').text).toBe('Hi Dana,\n\n');
    expect(desk.isHeld('t1')).toBe(false);
  });

  test('never overwrites what the rep typed without asking', () => {
    const { host, openReply } = fakeHost();
    const desk = createDraftDesk(host);
    const box = openReply('t1', 'My own words');
    expect(desk.insert('t1', 'Hi Dana,')).toBe('needs-confirm');
    expect(box.text).toBe('My own words');
    expect(desk.insert('t1', 'Hi Dana,', { evenIfTyped: true })).toBe('inserted');
    expect(box.text).toBe('Hi Dana,\n\nMy own words');
  });

  test('a held draft waits when the reply opens with text already in it', () => {
    const { host, openReply } = fakeHost();
    const desk = createDraftDesk(host);
    desk.insert('t1', 'Hi Dana,');
    expect(openReply('t1', 'typed first').text).toBe('typed first');
    expect(desk.isHeld('t1')).toBe(true);
  });
});
