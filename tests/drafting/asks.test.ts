import { describe, expect, test } from 'vitest';
import { asksIn } from '@/lib/domain/drafting/asks';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { openQuestions } from '@/lib/domain/drafting/facts';
import type { DraftMessage } from '@/lib/domain/drafting/types';
import { contextFor, REP } from './context';

const at = (iso: string) => Date.parse(iso);

const message = (id: string, iso: string, direction: DraftMessage['direction'], text: string): DraftMessage => ({
  id,
  from: direction === 'inbound' ? 'dana@acme.com' : REP,
  to: direction === 'inbound' ? [REP] : ['dana@acme.com'],
  cc: [],
  at: at(iso),
  direction,
  subject: 'Re: Pilot',
  text,
});

describe('what a message asks', () => {
  test.each([
    ['Can the export run nightly? Thanks.', ['Can the export run nightly?']],
    [
      'Please confirm whether the price includes onboarding.',
      ['Please confirm whether the price includes onboarding.'],
    ],
    ['Send over something on GDPR when you can.', ['Send over something on GDPR when you can.']],
    ['Looks good. Could you also please send the SOC 2 report.', ['Could you also please send the SOC 2 report.']],
    ['Let me know if Tuesday works.', ['Let me know if Tuesday works.']],
    ['We signed the NDA. The team is excited.', []],
    [
      'Three questions from security:\n1. Where is data stored?\n2. Do you support SSO\n3. Please share your pen test summary.\n4. Is there an audit log?',
      ['Where is data stored?', 'Do you support SSO', 'Please share your pen test summary.', 'Is there an audit log?'],
    ],
    [
      '- Pricing for 50 seats?\n- Timeline for the EU region?',
      ['Pricing for 50 seats?', 'Timeline for the EU region?'],
    ],
  ])('%j asks %j', (text, expected) => {
    expect(asksIn(text)).toEqual(expected);
  });
});

describe('open asks', () => {
  test("the buyer's ask is answered by the rep's next message, and no longer open", () => {
    const messages = [
      message('m1', '2026-03-01T10:00:00Z', 'inbound', 'Does it support SSO?'),
      message('m2', '2026-03-01T12:00:00Z', 'outbound', 'Yes, SAML and OIDC.'),
      message('m3', '2026-04-07T10:00:00Z', 'inbound', 'Great. Please confirm the price includes onboarding.'),
    ];
    const open = openQuestions(contextFor('answer_questions', { messages }));
    expect(open.map((q) => q.question)).toEqual(['Please confirm the price includes onboarding.']);
  });

  test('every ask of a long list is kept, not the first three', () => {
    const list = Array.from({ length: 5 }, (_, n) => `${n + 1}. Question number ${n + 1}?`).join('\n');
    const messages = [message('m1', '2026-04-07T10:00:00Z', 'inbound', `From security:\n${list}`)];
    const draft = draftFromTemplate(contextFor('answer_questions', { messages }));
    for (let n = 1; n <= 5; n += 1) expect(draft.body).toContain(`${n}. "Question number ${n}?"\n   → [your answer]`);
  });

  test('a reply lists every ask of the last buyer message, numbered, each with a placeholder', () => {
    const messages = [
      message(
        'm1',
        '2026-04-07T10:00:00Z',
        'inbound',
        'Thanks. Can we start in May? Please send the order form. Also, who runs onboarding on your side?',
      ),
    ];
    const draft = draftFromTemplate(contextFor('reply', { messages }));
    expect(draft.body).toContain(
      'On your questions:\n1. "Can we start in May?"\n   → [your answer]\n2. "Please send the order form."\n   → [your answer]\n3. "Who runs onboarding on your side?"\n   → [your answer]',
    );
  });
});

describe('what leads into an ask is not part of it', () => {
  test.each([
    ['Also, send over something on GDPR.', ['Send over something on GDPR.']],
    [
      "My boss asked one thing I couldn't answer: please confirm whether the price includes onboarding.",
      ['Please confirm whether the price includes onboarding.'],
    ],
    ['And one more thing: can the export run nightly?', ['Can the export run nightly?']],
    ['Note: the office is closed Friday.', []],
  ])('%s', (text, asks) => {
    expect(asksIn(text)).toEqual(asks);
  });
});

describe('a reply that only puts the answers off', () => {
  test.each([
    ["I'm checking the points with legal and will come back to you on all of them by Thursday.", true],
    ['Let me check with the team.', true],
    ['Yes on SSO, and the data stays in Frankfurt.', false],
  ])('"%s" leaves the asks open: %s', (reply, open) => {
    const context = contextFor('reply', {
      messages: [
        message('a1', '2026-04-06T10:00:00Z', 'inbound', 'Can we get a 12-month term? Is SSO included?'),
        message('a2', '2026-04-06T11:00:00Z', 'outbound', reply),
      ],
    });
    expect(openQuestions(context).length).toBe(open ? 2 : 0);
  });
});

describe('asks in other words', () => {
  test.each([
    ['Frau Schneider benötigt außerdem eine Liste Ihrer Unterauftragsverarbeiter.', 1],
    ['Bitte senden Sie uns den Vertrag.', 1],
    ['Pourriez-vous confirmer le prix ?', 1],
    ['Our security officer also needs a copy of your pen test.', 1],
    ['The backlog needs fixing before Q3.', 0],
    ['Wir haben das Angebot erhalten.', 0],
  ])('%s', (text, count) => {
    expect(asksIn(text)).toHaveLength(count);
  });
});

describe('a question is never cut inside a link, an address, a number or after a title', () => {
  test.each([
    [
      'Can you check http://x.com/pcc.dll?id=3 before Friday?',
      ['Can you check http://x.com/pcc.dll?id=3 before Friday?'],
    ],
    [
      'Is the report at www.acme.com/mp/options-ereports up to date?',
      ['Is the report at www.acme.com/mp/options-ereports up to date?'],
    ],
    ['Does version 3.5 support SSO?', ['Does version 3.5 support SSO?']],
    ['Could you copy dana.lee@acme.co.uk on it?', ['Could you copy dana.lee@acme.co.uk on it?']],
    ['I spoke to Dr. Müller. Can Mr. Smith join?', ['Can Mr. Smith join?']],
  ])('%s', (text, asks) => {
    expect(asksIn(text)).toEqual(asks);
  });
});
