import { describe, expect, test } from 'vitest';
import { windowIn, zoneNamedIn } from '@/lib/domain/drafting/buyer-time';
import { spokenDay } from '@/lib/domain/drafting/local-time';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { offeredSlots } from '@/lib/domain/drafting/facts';
import { contextFor, history } from './context';

describe("the buyer's zone and window, as their mail gives them", () => {
  test.each([
    ['Anything before 4pm UK time works.', 'Europe/London'],
    ["I'm in London this week.", 'Europe/London'],
    ['10am PT is best.', 'America/Los_Angeles'],
    ['Our team sits in Berlin.', 'Europe/Berlin'],
    ['Nous sommes prêts et disponibles.', null],
    ['Das ist gut.', null],
    ['Works for me.', null],
  ])('%j names %s', (text, zone) => {
    expect(zoneNamedIn(text)).toBe(zone);
  });

  test.each([
    ['anything before 4pm UK time, not Thursday', { from: null, until: 16 * 60, notOn: [4] }],
    ['between 2 and 4pm works', { from: 14 * 60, until: 16 * 60, notOn: [] }],
    ['after 10:30, except Fridays', { from: 10 * 60 + 30, until: null, notOn: [5] }],
    ['mornings are best', { from: null, until: 12 * 60, notOn: [] }],
    ['from 20 March we have budget for 5 people', { from: null, until: null, notOn: [] }],
  ])('%j gives %j', (text, window) => {
    expect(windowIn(text)).toEqual(window);
  });
});

describe('booking a buyer in another zone', () => {
  const messagesSaying = (text: string) =>
    history.map((message) => (message.id === 'm5' ? { ...message, text } : message));

  test('a London buyer who said "before 4pm UK time, not Thursday" gets slots inside that window, in both zones', () => {
    const draft = draftFromTemplate(
      contextFor('book_meeting', {
        messages: messagesSaying('Happy to talk. Anything before 4pm UK time, not Thursday.'),
      }),
    );
    const slots = draft.body.split('\n').filter((line) => line.startsWith('- '));
    expect(slots).toHaveLength(3);
    for (const slot of slots) {
      expect(slot).toMatch(/EDT \/ \d\d:\d\d–\d\d:\d\d GMT\+1$/);
      const [, ukEnd] = /–(\d\d):\d\d GMT\+1$/.exec(slot) ?? [];
      expect(Number(ukEnd)).toBeLessThanOrEqual(16);
      expect(slot).not.toMatch(/^- Thu/);
    }
  });

  test('with no overlap the draft says so and asks for times instead of offering ones outside the window', () => {
    const draft = draftFromTemplate(
      contextFor('book_meeting', { messages: messagesSaying('Only between 9 and 11am Tokyo time, please.') }),
    );
    expect(draft.body).toContain('I could not find a time in my working hours inside the window you gave.');
    expect(draft.body).not.toMatch(/^- /m);
  });
});

describe('spokenDay', () => {
  const now = Date.parse('2026-04-09T15:00:00Z'); // Thursday, 11:00 in New York
  test.each([
    ['2026-04-09T13:00:00Z', 'today'],
    ['2026-04-08T23:30:00Z', 'yesterday'], // 19:30 Wednesday in New York, Thursday in UTC
    ['2026-04-06T15:00:00Z', 'on Monday'],
    ['2026-04-02T15:00:00Z', 'on April 2'],
  ])('%s is said "%s" in New York', (at, said) => {
    expect(spokenDay(Date.parse(at), now, 'America/New_York')).toBe(said);
  });
});

describe("booking around the rep's calendar", () => {
  test('no offered slot overlaps a busy time, and the busy ones are replaced by free ones the same day or later', () => {
    const free = offeredSlots(contextFor('book_meeting'));
    expect(free).toHaveLength(3);
    // The calendar is busy over the first two slots Ember would offer, and an hour either side of the first.
    const busy = [
      { start: free[0]!.start - 3_600_000, end: free[0]!.end + 3_600_000 },
      { start: free[1]!.start, end: free[1]!.start + 60_000 },
    ];
    const offered = offeredSlots(contextFor('book_meeting', { busy }));
    expect(offered).toHaveLength(3);
    for (const slot of offered) {
      for (const interval of busy) expect(slot.start < interval.end && interval.start < slot.end).toBe(false);
    }
    expect(offered[2]).toEqual(free[2]);
    // A busy time that ends as a slot starts does not block it.
    expect(offeredSlots(contextFor('book_meeting', { busy: [{ start: 0, end: free[0]!.start }] }))[0]).toEqual(free[0]);
  });
});
