import { describe, expect, test } from 'vitest';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { buyerSafeLines, noteAsCopy, recapMaterial } from '@/lib/domain/drafting/notes';
import { topicOf } from '@/lib/domain/drafting/subject';
import { buildPrompt } from '@/lib/domain/drafting/prompt';
import { sentences } from '@/lib/domain/drafting/text';
import { ACTIONS, DEFAULT_WORKFLOW } from '@/lib/domain/workflow';
import { contextFor, history } from './context';

const at = (iso: string) => Date.parse(iso);

/** A follow-up needs a reason: a note newer than the last message gives it one. */
const withReason = { notes: [{ at: at('2026-04-07T20:30:00Z'), text: 'We shipped the nightly export' }] };

describe('no template pastes machine or email text into buyer copy', () => {
  const drafts = ACTIONS.map((action) => [action, draftFromTemplate(contextFor(action, withReason))] as const);
  const inboundSentences = history
    .filter((message) => message.direction === 'inbound')
    .flatMap((message) => sentences(message.text))
    .filter((sentence) => !sentence.endsWith('?') && sentence.split(' ').length >= 3);

  test.each(drafts)("%s: none of the buyer's own sentences is pasted back", (_action, draft) => {
    expect(draft.body).not.toBe('');
    for (const sentence of inboundSentences) expect(draft.body).not.toContain(sentence);
  });

  test.each(drafts)('%s: no exit criterion, stage id or bookkeeping seam', (_action, draft) => {
    const body = draft.body.toLowerCase();
    for (const stage of DEFAULT_WORKFLOW.stages) {
      const criterion = stage.exitCriterion.replace(/^the buyer /i, '').toLowerCase();
      expect(body).not.toContain(criterion.slice(0, 24));
      expect(body).not.toContain(`move to ${stage.id}`);
      expect(body).not.toContain(`move to ${stage.name.toLowerCase()}`);
    }
    expect(body).not.toMatch(/\((?:on us|on your side)\)/);
  });
});

describe("the rep's internal notes never reach the buyer", () => {
  test.each([
    ['Met Dana. Internal: eng says the API is flaky, do not promise GA', ['Met Dana.']],
    [
      'They lose 3 hours a day on exports\n[internal] champion is nervous about the CFO',
      ['They lose 3 hours a day on exports'],
    ],
    ['INTERNAL: floor price is 40k\nThey want SSO', []],
    ['Budget is approved (internal) by a CFO we have not met', ['Budget is approved']],
    ["Pilot starts in May. Don't tell them we slipped the connector", ['Pilot starts in May.']],
    ['Note to self: chase legal', []],
    ['An international rollout is planned', ['An international rollout is planned']],
  ])('%j keeps %j', (note, kept) => {
    expect(buyerSafeLines(note)).toEqual(kept);
  });

  test('a follow-up from a note takes only its buyer-safe part', () => {
    const notes = [
      { at: at('2026-04-08T10:00:00Z'), text: "We shipped the nightly export. Internal: eng says it's flaky" },
    ];
    const draft = draftFromTemplate(contextFor('follow_up', { contacts: [], meetings: [], notes }));
    expect(draft.body).toContain('A quick update: we shipped the nightly export.');
    expect(draft.body).not.toContain('flaky');
  });

  test('a note that is all internal is no reason to follow up', () => {
    const notes = [{ at: at('2026-04-08T10:00:00Z'), text: 'Internal: their CFO hates us' }];
    const draft = draftFromTemplate(contextFor('follow_up', { contacts: [], meetings: [], notes }));
    expect(draft.needsReason).toBe(true);
    expect(draft.body).toBe('');
  });

  test("a recap is built from the rep's notes since the meeting, without their internal lines", () => {
    const notes = [
      { at: at('2026-04-06T10:00:00Z'), text: 'Before the call: they use spreadsheets' },
      {
        at: at('2026-04-07T15:20:00Z'),
        text: 'They lose 3 hours a day on manual exports\nThe CFO signs above 50k\nInternal: champion is nervous',
      },
    ];
    const draft = draftFromTemplate(contextFor('send_recap', { notes }));
    expect(draft.body).toContain(
      'What we heard:\n- They lose 3 hours a day on manual exports\n- The CFO signs above 50k',
    );
    expect(draft.body).not.toContain('spreadsheets');
    expect(draft.body).not.toContain('nervous');
  });

  test('the provider is never given what the rep marked internal', () => {
    const notes = [{ at: at('2026-04-07T15:20:00Z'), text: 'Pilot in May. Internal: do not promise GA' }];
    const { prompt } = buildPrompt(contextFor('send_recap', { notes }));
    const text = JSON.stringify(prompt);
    expect(text).toContain('Pilot in May.');
    expect(text).not.toContain('promise GA');
  });
});

describe('topicOf', () => {
  test.each([
    ['Re: Intro: Ember <> Brightwell (via Jess Alvarez)', 'Ember and Brightwell'],
    ['Recap: Quarry Labs / Ember intro', 'Quarry Labs / Ember'],
    ['Fwd: Following up: claims intake without the copy-paste', 'claims intake without the copy-paste'],
    ['Tessellate x Ember: proposal', 'Tessellate and Ember: proposal'],
    ['AW: Angebot Ember', 'Angebot Ember'],
    ['Acme Corp', 'Acme Corp'],
  ])('%s is about "%s"', (title, topic) => {
    expect(topicOf(title)).toBe(topic);
  });
});

describe('notes as buyer copy', () => {
  test.each([
    ['Shipped the nightly export the buyer asked about', 'We shipped the nightly export you asked about'],
    ["avg 9 days waiting on the customer's IT", 'On average 9 days waiting on your IT'],
    [
      '~14 steps across email + a shared sheet w/ 3 coordinators',
      'About 14 steps across email and a shared sheet with 3 coordinators',
    ],
    ['we send the outline by Fri', 'We send the outline by Friday'],
  ])('%s', (note, copy) => {
    expect(noteAsCopy(note)).toBe(copy);
  });

  test('a recap takes what was heard and the next steps, never a heading or an internal line', () => {
    expect(
      recapMaterial(
        [
          'Discovery call w/ Nadia + Marco (IT)\nPain: onboarding takes 6 weeks, target 2\nNext: Nadia sends the checklist; we send the pilot outline by Fri\nInternal: SSO GA slips\nSo no promises on SSO',
          'Decisions:\nBudget owner is the CFO\nBen: wants field-level control\nElena: decision after Q2 planning\nBen needs the SOC 2 report',
        ],
        ['Nadia', 'Ben', 'Elena'],
      ),
    ).toEqual({
      // Qualification lines are the rep's, and a recipient is "you".
      heard: [
        'Onboarding takes 6 weeks, target 2',
        'You want field-level control',
        'Elena: decision after Q2 planning',
        'You need the SOC 2 report',
      ],
      next: ["You'll send the checklist", "We'll send the pilot outline by Friday"],
    });
  });
});
