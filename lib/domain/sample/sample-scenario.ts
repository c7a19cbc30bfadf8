import type { Instant } from '../engine/types';

/**
 * Sample data for a new rep: a small, realistic history (a deal booked, one gone quiet, one won, one
 * lost, a buyer waiting for a reply), moved forward by whole weeks so it ends just before `now` with
 * the same weekdays and working hours. Every deal id starts with "sample-" and every title with
 * "Sample · ", so it is plainly marked and removable in one go.
 */
export const SAMPLE_PREFIX = 'sample-';
/**
 * The account a fresh install can try Ember on before Gmail has shown it any (issue 18): the
 * sample data in an account of its own, under a reserved domain no mailbox has, plainly named as a
 * sample everywhere it shows and removed with _Delete all my data_.
 */
export const SAMPLE_ACCOUNT = 'sample-rep@ember.example';

/** How pages name an account: the sample one says what it is. */
export function accountLabel(account: string): string {
  return account === SAMPLE_ACCOUNT ? `Sample account (${account})` : account;
}
const WEEK = 7 * 86_400_000;

type RawEvent = Record<string, unknown> & { at: string; type: string };

function history(rep: string): RawEvent[] {
  return [
    {
      at: '2026-03-02T14:00:00Z',
      type: 'deal',
      id: 'sample-initech',
      title: 'Sample · Initech',
      stage: 'identify',
      contacts: ['jo@initech.example'],
    },
    {
      at: '2026-03-02T14:10:00Z',
      type: 'message',
      id: 'sample-x1',
      thread: 'sample-ti1',
      from: rep,
      to: ['jo@initech.example'],
      subject: 'Your post about renewals',
      text: 'Jo, saw your post about renewal churn. Worth a chat?',
    },
    {
      at: '2026-03-03T15:00:00Z',
      type: 'advance',
      deal: 'sample-initech',
      evidence: 'note: Jo asked in a comment to talk',
    },
    {
      at: '2026-03-06T21:00:00Z',
      type: 'message',
      id: 'sample-x2',
      thread: 'sample-ti1',
      from: 'jo@initech.example',
      to: [rep],
      cc: ['pat@initech.example'],
      subject: 'Re: Your post about renewals',
      text: 'Yes. Adding Pat, who owns renewals.',
    },
    {
      at: '2026-03-09T13:30:00Z',
      type: 'message',
      id: 'sample-x3',
      thread: 'sample-ti1',
      from: rep,
      to: ['jo@initech.example', 'pat@initech.example'],
      subject: 'Re: Your post about renewals',
      text: 'Thanks Jo. Pat, does Tuesday 10:00 work?',
    },
    {
      at: '2026-03-10T15:00:00Z',
      type: 'meeting',
      deal: 'sample-initech',
      start: '2026-03-10T14:00:00Z',
      end: '2026-03-10T14:45:00Z',
      title: 'Intro call',
    },
    { at: '2026-03-10T15:30:00Z', type: 'advance', deal: 'sample-initech', to: 'propose', evidence: 'sample-x2' },
    {
      at: '2026-03-10T16:00:00Z',
      type: 'message',
      id: 'sample-x4',
      thread: 'sample-ti1',
      from: rep,
      to: ['jo@initech.example'],
      cc: ['pat@initech.example'],
      subject: 'Recap and proposal',
      text: 'Recap of today and the proposal attached.',
    },
    {
      at: '2026-03-10T16:30:00Z',
      type: 'deal',
      id: 'sample-hooli',
      title: 'Sample · Hooli',
      stage: 'resolve',
      contacts: ['gavin@hooli.example'],
    },
    {
      at: '2026-03-11T18:00:00Z',
      type: 'message',
      id: 'sample-h1',
      thread: 'sample-th1',
      from: 'gavin@hooli.example',
      to: [rep],
      subject: 'Security questionnaire',
      text: 'Two more questions from our security team.',
    },
    { at: '2026-03-12T13:00:00Z', type: 'close', deal: 'sample-hooli', outcome: 'lost' },
    { at: '2026-03-13T15:00:00Z', type: 'advance', deal: 'sample-initech', to: 'close' },
    { at: '2026-03-13T16:00:00Z', type: 'close', deal: 'sample-initech', outcome: 'won' },
    {
      at: '2026-04-06T13:00:00Z',
      type: 'deal',
      id: 'sample-acme',
      title: 'Sample · Acme Corp',
      stage: 'contact',
      contacts: ['dana@acme.example'],
    },
    {
      at: '2026-04-06T13:05:00Z',
      type: 'message',
      id: 'sample-m1',
      thread: 'sample-t1',
      from: rep,
      to: ['dana@acme.example'],
      subject: 'Intro',
      text: 'Hi Dana, a colleague suggested we talk about your onboarding backlog.',
    },
    {
      at: '2026-04-06T14:00:00Z',
      type: 'deal',
      id: 'sample-globex',
      title: 'Sample · Globex',
      stage: 'contact',
      contacts: ['kim@globex.example'],
    },
    {
      at: '2026-04-06T18:30:00Z',
      type: 'message',
      id: 'sample-m2',
      thread: 'sample-t1',
      from: 'dana@acme.example',
      to: [rep],
      subject: 'Re: Intro',
      text: 'Interested. The backlog is hurting us this quarter. Can we talk this week?',
    },
    {
      at: '2026-04-06T19:10:00Z',
      type: 'message',
      id: 'sample-m3',
      thread: 'sample-t1',
      from: rep,
      to: ['dana@acme.example'],
      subject: 'Re: Intro',
      text: 'Great. Tomorrow 11:00 ET for 30 minutes? I sent an invite.',
    },
    {
      at: '2026-04-06T19:20:00Z',
      type: 'meeting',
      deal: 'sample-acme',
      start: '2026-04-07T15:00:00Z',
      end: '2026-04-07T15:30:00Z',
      title: 'Discovery call',
    },
    { at: '2026-04-06T19:20:00Z', type: 'advance', deal: 'sample-acme', to: 'discovery', evidence: 'sample-m2' },
    {
      at: '2026-04-07T16:45:00Z',
      type: 'message',
      id: 'sample-m4',
      thread: 'sample-t1',
      from: rep,
      to: ['dana@acme.example'],
      subject: 'Recap and next steps',
      text: 'Thanks Dana. Recap: 400 tickets of backlog, two-week SLA. Can the ticket export run nightly?',
    },
    {
      at: '2026-04-07T20:00:00Z',
      type: 'message',
      id: 'sample-m5',
      thread: 'sample-t1',
      from: 'dana@acme.example',
      to: [rep],
      cc: ['lee@acme.example'],
      subject: 'Re: Recap and next steps',
      text: 'Recap is right. Looping in Lee, who runs ops, for the export question.',
    },
    {
      at: '2026-04-09T13:30:00Z',
      type: 'message',
      id: 'sample-g1',
      thread: 'sample-tg1',
      from: 'kim@globex.example',
      to: [rep],
      subject: 'Re: Globex and Ember',
      text: 'Sounds useful, what would a pilot look like?',
    },
  ];
}

/** The sample history for `rep`, ending before `now` (by whole weeks), in the replay format. */
export function sampleScenario(rep: string, now: Instant, timezone = 'America/New_York') {
  const events = history(rep);
  const last = Date.parse(events.at(-1)!.at);
  const shift = Math.max(0, Math.floor((now - last) / WEEK)) * WEEK;
  const move = (iso: unknown) => new Date(Date.parse(String(iso)) + shift).toISOString();
  return {
    me: [rep],
    timezone,
    events: events.map((event) => ({
      ...event,
      at: move(event.at),
      ...('start' in event ? { start: move(event.start), end: move(event.end) } : {}),
    })),
  };
}
