import { describe, expect, test } from 'vitest';
import { draftSourceFromScenario } from '@/lib/domain/drafting/from-scenario';
import { buildDraftContext, writeDraft } from '@/lib/domain/drafting/write-draft';
import { runScenario } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';

/** A mailbox as a real corpus gives it: "Last, First" names, a colleague's sends, quoted history. */
const scenario = parseScenario({
  me: ['sam@emberseller.com'],
  timezone: 'America/New_York',
  events: [
    {
      at: '2026-03-02T14:00:00Z',
      type: 'deal',
      id: 'acme',
      title: 'Acme',
      stage: 'contact',
      contacts: ['aleonard@acme.com'],
    },
    {
      at: '2026-03-02T14:05:00Z',
      type: 'message',
      id: 'b1',
      thread: 'tb',
      from: 'Bill Ames <bill@emberseller.com>',
      to: ['someone@other.io'],
      subject: 'Lunch',
      text: 'Works for me.\n\nThanks,\nBill',
    },
    {
      at: '2026-03-02T15:00:00Z',
      type: 'message',
      id: 'a1',
      thread: 'ta',
      from: 'Sam Rivera <sam+crm@emberseller.com>',
      to: ['"Leonard, Alice" <aleonard@acme.com>'],
      subject: 'Pilot',
      text: 'Hi Alice,\n\nWorth a talk about the pilot?\n\nBest,\nSam\n\n-----Original Message-----\nFrom: Bill Ames\nCheers, all the best from the newsletter team.',
    },
    {
      at: '2026-03-02T16:00:00Z',
      type: 'message',
      id: 'a2',
      thread: 'ta',
      from: '"Leonard, Alice" <aleonard@acme.com>',
      to: ['sam@emberseller.com'],
      subject: 'RE: RE: Pilot',
      text: 'Yes, happy to talk. Does Thursday work?',
    },
  ],
});

describe('the draft command on a mailbox', () => {
  test("greets by the display name's given name, and signs as the rep, never a colleague", async () => {
    const source = draftSourceFromScenario(scenario, await runScenario(scenario), 'acme');
    expect(source.contacts).toMatchObject([{ address: 'aleonard@acme.com', name: 'Leonard, Alice' }]);
    expect(source.voice).toMatchObject({ signOff: 'Best,\nSam', sampleSize: 1 });
    const draft = await writeDraft(buildDraftContext(source), null);
    expect(draft.body.startsWith('Hi Alice,\n')).toBe(true);
    expect(draft.body.endsWith('Best,\nSam')).toBe(true);
    expect(draft.subject).toBe('Re: Pilot');
    expect(draft.prompt.user).not.toContain('Original');
    expect(draft.prompt.user).not.toContain('newsletter');
  });
});
