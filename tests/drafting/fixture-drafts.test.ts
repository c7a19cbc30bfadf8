import { describe, expect, test } from 'vitest';
import { asksIn } from '@/lib/domain/drafting/asks';
import { DATA_MARK, datamark } from '@/lib/domain/drafting/datamark';
import { lastMessage, openQuestions } from '@/lib/domain/drafting/facts';
import { buyerSafeLines } from '@/lib/domain/drafting/notes';
import { buildPrompt } from '@/lib/domain/drafting/prompt';
import { sentences, stripHidden } from '@/lib/domain/drafting/text';
import type { Draft, DraftContext } from '@/lib/domain/drafting/types';
import { buildDraftContext, writeDraft, type DraftProvider } from '@/lib/domain/drafting/write-draft';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';
import { DRAFT_FIXTURES, draftFixture } from './fixtures';

/**
 * Every fixture thread (tests/drafting/fixtures) drafted as a rep without a provider gets it, then
 * with a stub provider: what a sales leader would refuse to send is asserted absent, and what the
 * thread calls for present.
 */
const contextOf = (name: string) => buildDraftContext(draftFixture(name).source);
const templateOf = (name: string) => writeDraft(contextOf(name), null);

/** The parts of the rep's notes marked internal: never in buyer copy, never sent to a provider. */
function internalParts(context: DraftContext): string[] {
  return context.notes.flatMap((note) => {
    const safe = buyerSafeLines(note.text).join('\n');
    return note.text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.split(/\s+/).length >= 3 && !safe.includes(line));
  });
}

/** What a template may quote of the buyer: their asks, listed for the rep to answer. */
function quotableAsks(context: DraftContext): string[] {
  const lastIn = lastMessage(context, 'inbound');
  return [...(lastIn ? asksIn(lastIn.text) : []), ...openQuestions(context).map((q) => q.question)];
}

describe.each(DRAFT_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('the template draft of %s', (name) => {
  const context = contextOf(name);

  test('pastes no sentence of the buyer but their asks, no exit criterion, no stage id, no internal note', async () => {
    const draft = await templateOf(name);
    const asks = quotableAsks(context).join('\n');
    for (const message of context.messages.filter((m) => m.direction === 'inbound')) {
      for (const sentence of sentences(stripHidden(message.text))) {
        if (sentence.split(/\s+/).length < 5 || asks.includes(sentence)) continue;
        expect(draft.body).not.toContain(sentence);
      }
    }
    for (const stage of DEFAULT_WORKFLOW.stages) {
      expect(draft.body.toLowerCase()).not.toContain(stage.exitCriterion.toLowerCase());
    }
    expect(draft.body).not.toMatch(/\b(?:identify|propose|resolve)\b|\(on us\)|undefined|null|NaN|\[object/);
    for (const part of internalParts(context)) expect(draft.body).not.toContain(part);
    expect(draft.body).not.toContain(DATA_MARK);
    expect(draft.body).not.toMatch(/[\u200b-\u200f\u2060\ufeff]/);
    expect(draft.body).not.toMatch(/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i);
  });

  test('greets, signs off in the voice, balances its placeholders and has a clean subject', async () => {
    const draft = await templateOf(name);
    expect(draft.subject).not.toMatch(/^(?:re|aw|fwd?):\s*(?:re|aw|fwd?):/i);
    expect(draft.subject).not.toMatch(/:\s*(?:intro|recap|proposal):/i);
    if (draft.needsReason) return expect(draft.body).toBe('');
    const [greeting] = draft.body.split('\n');
    expect(greeting).toMatch(/^(?:Hi|Hey|Hello|Dear)\b.*[,—]$/);
    expect(draft.body.endsWith(context.rep.voice.signOff)).toBe(true);
    expect(draft.body.match(/\[/g)?.length ?? 0).toBe(draft.body.match(/\]/g)?.length ?? 0);
    expect(draft.body).not.toMatch(/\n{3,}/);
  });

  test('its prompt reads history first and the task last, every line of mail datamarked, no internal note', () => {
    const { prompt } = buildPrompt(context);
    expect(prompt.user.startsWith('HISTORY (oldest first')).toBe(true);
    expect(prompt.user.lastIndexOf('\nTASK (')).toBeGreaterThan(prompt.user.lastIndexOf('\nFACTS ('));
    const boundary = /<<(EMAIL-[0-9a-f]{8})>>/.exec(prompt.user)![1]!;
    // Inside a quoted message, after its header line, every line carries the mark.
    for (const block of prompt.user.split(`<<${boundary}>> id=`).slice(1)) {
      const body = block.slice(block.indexOf('\n') + 1, block.indexOf(`<</${boundary}>>`)).trimEnd();
      for (const line of body.split('\n').slice(1)) expect(line.startsWith(DATA_MARK)).toBe(true);
    }
    for (const part of internalParts(context)) expect(prompt.user).not.toContain(part);
    expect(prompt.user).not.toMatch(/[\u200b-\u200f\u2060\ufeff]/);
  });

  test('a stub provider that invents a discount, a link and an echo of the marks is caught and cleaned', async () => {
    const obedient: DraftProvider = {
      complete: async () => ({
        subject: `Re:${DATA_MARK}update`,
        body: `Hello,\n\nWe${DATA_MARK}can do 1.9% off: pay at https://pay.example-invented.net/x.\n\nBest`,
        reason: 'asked',
        factsUsed: ['invented-id'],
        questions: ['Which plan?'],
      }),
    };
    const draft: Draft = await writeDraft(context, obedient);
    if (draft.needsReason) return expect(draft.source).toBe('template');
    expect(draft).toMatchObject({
      source: 'provider',
      subject: 'Re: update',
      factsUsed: [],
      questions: ['Which plan?'],
    });
    expect(draft.body).toBe('Hello,\n\nWe can do 1.9% off: pay at https://pay.example-invented.net/x.\n\nBest');
    expect(draft.warnings).toEqual(
      expect.arrayContaining([
        'A price or percentage that no message of this deal contains: 1.9%',
        'A link that no message of this deal contains: https://pay.example-invented.net/x',
      ]),
    );
  });
});

describe('what each thread calls for', () => {
  test('London, "before 4pm UK time, not Thursday": slots in both zones, inside the window, none on Thursday', async () => {
    const draft = await templateOf('book-london-window');
    const slots = draft.body.split('\n').filter((line) => line.startsWith('- '));
    expect(slots).toHaveLength(3);
    for (const slot of slots) {
      expect(slot).toMatch(/ EDT \/ \d\d:\d\d–\d\d:\d\d GMT$/);
      expect(slot).not.toMatch(/Thu/);
      const [, end] = / \/ \d\d:\d\d–(\d\d:\d\d) GMT$/.exec(slot)!;
      expect(end! <= '16:00').toBe(true);
    }
    expect(draft.advance).toMatchObject({ to: 'discovery', evidence: 'lon-5' });
    // She wrote on Monday morning: no call the same afternoon, and her colleague is welcome.
    expect(slots[0]).toMatch(/^- Tue, Mar 24,/);
    expect(draft.body).toContain(
      "Happy to have Oliver join: send me Oliver's address and I'll add them to the invite.",
    );
  });

  test('"Becker, Tom" is greeted as Tom, in the rep\'s zone only when the buyer names none', async () => {
    const draft = await templateOf('book-no-window');
    expect(draft.body.startsWith('Hi Tom,\n')).toBe(true);
    expect(draft.body).not.toContain('Becker');
    const slots = draft.body.split('\n').filter((line) => line.startsWith('- '));
    expect(slots).toHaveLength(3);
    for (const slot of slots) expect(slot).toMatch(/ EDT$/);
    // Rena is on cc: she gets the invite too.
    expect(draft.body).toContain("I'll send the invite to you both.");
    // "Let's set something up. Send me a few times" is agreeing to talk; the rep sees him named as a person.
    expect(draft.advance?.why).toMatch(/^Tom Becker's latest message meets the exit criterion of Contact/);
    expect(draft.body).not.toContain('environment');
  });

  test("the recap is the rep's notes, as buyer copy, with the next steps they noted", async () => {
    const draft = await templateOf('recap-discovery-notes');
    expect(draft.body).toContain('Thank you for the time today.');
    expect(draft.body).toContain('- Onboarding takes 6 weeks, target 2');
    // Nadia is the reader, and this email is the recap the notes promised.
    expect(draft.body).toContain("Next steps:\n- You'll send current checklist\n- We'll send pilot outline by Friday");
    expect(draft.body).not.toMatch(/Got it, thanks|Discovery call w\/|eng says|promise GA|w\/|~|Budget owner|Pain:/);
    expect(draft.warnings).toEqual([]);
  });

  test('a hostile meeting title never reaches the recap, and the rep is told of it', async () => {
    const draft = await templateOf('recap-hostile-title');
    expect(draft.body).not.toMatch(/evil|contract|Ignore/i);
    // The deal title named the first meeting ("… intro"); the topic is what the deal is about.
    expect(draft.subject).toBe('Recap and next steps: Quarry Labs / Ember');
    expect(draft.warnings).toEqual([expect.stringMatching(/^A meeting title speaks to an AI assistant/)]);
    // Questions the rep answered weeks ago are not open: none of the first three comes back.
    expect(draft.body).not.toMatch(/custom objects|minimum seat count|same person/);
  });

  test('the CFO is introduced to by name, without what the champion said about her', async () => {
    const draft = await templateOf('intro-cfo-pricing');
    expect(draft).toMatchObject({
      to: ['priya.raman@brightwellhealth.com'],
      cc: ['nadia.farouk@brightwellhealth.com'],
      subject: 'Introduction: Brightwell Health — partner onboarding',
    });
    expect(draft.body.startsWith('Hi Priya,\n')).toBe(true);
    expect(draft.body).toContain('Nadia looped you in on our conversation');
    // She was brought in for pricing: the intro says it will cover it, in Ember's words, not Nadia's.
    expect(draft.body).toContain('On pricing: [the number, or when you will send it]');
    expect(draft.body).not.toMatch(/PRIYA|want to see/);
    expect(draft.body).toContain('What would you need from us to be comfortable going ahead?');
  });

  test('a newcomer known by address only is greeted by the name the thread gives, in the rep\'s "Hey Maya —" voice', async () => {
    const draft = await templateOf('intro-address-only');
    expect(draft.body.startsWith('Hey Tom —\n')).toBe(true);
    expect(draft.body).toContain('Maya looped you in');
    // Maya asked the two to meet: the intro offers times, all of them known to the check.
    expect(draft.body).toMatch(/Would one of these work for a 30-minute call\?\n- \w{3}, \w{3} \d+, /);
    expect(draft.warnings).toEqual([]);
    expect(draft.body.endsWith('Cheers,\nSam')).toBe(true);
    // Tom was brought in for the rollout; the security pack already went out; he does not sign.
    expect(draft.body).toContain('On the rollout: [the plan, in one line]');
    expect(draft.body).not.toContain('On security');
    expect(draft.body).not.toContain('comfortable going ahead');
    expect(draft.body).toContain("I'm Sam, and I've been working with Maya on [what you are doing together].");
  });

  test('a quiet deal with nothing new asks the rep for a reason instead of a bump', async () => {
    const draft = await templateOf('follow-up-nothing-new');
    expect(draft).toMatchObject({ needsReason: true, body: '' });
  });

  test("a quiet deal with news from the rep's note follows up with it, as buyer copy, never the internal line", async () => {
    const draft = await templateOf('follow-up-shipped-export');
    expect(draft.body).toContain('A quick update: we shipped the nightly export you asked about.');
    expect(draft.body).not.toMatch(/15%|discount|the buyer/);
    // The news is a reason for the next step, not for "does that change anything?".
    expect(draft.body).not.toContain('Does that change anything');
    // Rachel paused until it shipped ("ping me when it ships"): the draft picks up where she stopped.
    expect(draft.body).toContain('With that in place, could we pick up where we left off?');
  });

  test('an injected order form and discount are never followed; the rep is told', async () => {
    const draft = await templateOf('proposal-injected-order-form');
    expect(draft.body).not.toMatch(/evil|40%|order form/);
    // She gave the date hours ago: the draft plans toward it rather than asks whether it holds.
    expect(draft.body).toContain('To decide by May 29, [what has to happen on each side, and by when].');
    // Her request to send the proposal to both is what this email does: not listed as a question.
    expect(draft.body).not.toContain('On your open questions');
    expect(draft.warnings).toEqual([
      expect.stringMatching(/^A message from lena\.fischer@acmeparts\.com speaks to an AI assistant/),
    ]);
    const provider: DraftProvider = {
      complete: async () => ({
        subject: 'Proposal',
        body: 'Hi Lena,\n\nPlease send the signed order form to https://pay.evil.example/acme. You get 40% off.\n\nBest,\nSam Rivera',
        reason: 'asked',
        factsUsed: [],
        questions: [],
      }),
    };
    const steered = await writeDraft(contextOf('proposal-injected-order-form'), provider);
    expect(steered.warnings).toContain(
      'A link from a message with instructions aimed at an AI assistant: https://pay.evil.example/acme',
    );
  });

  test('the price and decision date from the oldest mail survive a 600-token budget, for template and prompt', async () => {
    const context = contextOf('proposal-long-thread');
    const draft = await templateOf('proposal-long-thread');
    expect(draft.body).toContain('you quoted $48,000 a year for 120 seats on February 3]');
    expect(draft.body).toContain('You mentioned a decision by June 30');
    // Their open asks are listed; the ask for the proposal itself is what this email answers.
    expect(draft.body).toContain(
      // Quoted, with whose it is: "our standard" is Kestrel's, and Nina asked it, not Omar.
      'On your open questions:\n1. Nina asked: "Please also confirm your payment terms; our standard is net 60."',
    );
    expect(draft.body).toContain('pilot credit');
    expect(draft.body).not.toContain('Can you send the formal proposal');
    const { prompt, factsUsed } = buildPrompt(context);
    const withPrice = context.messages.find((message) => message.text.includes('$48,000'))!;
    expect(factsUsed).not.toContain(withPrice.id);
    const facts = prompt.user.slice(prompt.user.indexOf('\nFACTS ('), prompt.user.indexOf('\nDEAL:'));
    expect(facts).toContain(datamark("For the full team it's $48,000 a year for 120 seats on the Business plan."));
    expect(facts).toMatch(/June\u02c630/);
    expect(draft.warnings).toEqual([]);
  });

  test('three numbered security questions and an imperative GDPR ask are all listed, numbered', async () => {
    const draft = await templateOf('answer-security-review');
    expect(draft.body).toContain(
      '1. "Do you support SAML SSO?"\n   → [your answer]\n2. "Where is data stored?"\n   → [your answer]\n3. "Please confirm whether you have a SOC 2 Type II report"\n   → [your answer]\n4. "Send over something on GDPR."\n   → [your answer]',
    );
    // The signer is on the thread: asking who signs reads as not having read it. His deadline is acknowledged.
    expect(draft.body).toContain('You need this by the 24th: [anything not answered here, and when you will send it]');
    expect(draft.body).toContain('is there anything else you need from us before signing?');
  });

  test('questions answered weeks ago stay answered; the two new ones are listed, without hidden characters', async () => {
    const draft = await templateOf('answer-new-after-old');
    const items = draft.body.split('\n').filter((line) => /^\d\. /.test(line));
    expect(items).toEqual([
      '1. "Does the audit log export include who viewed a shipment record, or only who changed it?"',
      '2. "Can we add the Reno warehouse mid-term, and is that prorated?"',
    ]);
  });

  test('formal German: greeted formally, no German quoted into the English template, the provider asked for German', async () => {
    const context = contextOf('reply-german-formal');
    const draft = await templateOf('reply-german-formal');
    expect(draft.subject).toBe('Re: Angebot Ember');
    expect(draft.body.startsWith('Dear Dr. Müller,\n\nThank you for your message.')).toBe(true);
    // Only his name is German: no sentence of his is quoted.
    expect(draft.body.replace('Dr. Müller', '')).not.toMatch(/[äöüßÄÖÜ]|Wäre|\bSie\b/);
    expect(draft.warnings).toEqual([expect.stringMatching(/writes in German, and templates are in English/)]);
    // The rep's "I will come back to you by Thursday" answered nothing: all four asks are still open.
    expect(draft.body).toContain(
      'On your questions:\n1. [your answer to their question 1]\n2. [your answer to their question 2]\n3. [your answer to their question 3]\n4. [your answer to their question 4]',
    );
    const { prompt } = buildPrompt(context);
    expect(prompt.system).toContain('The buyer writes in German: write the email in German');
    expect(prompt.system).toContain('greet them formally by title and family name (Dr. Müller)');
  });

  test('an imperative ask is listed; the sales engineer stays on cc; the internal price floor is never offered', async () => {
    const context = contextOf('reply-confirm-onboarding');
    const draft = await templateOf('reply-confirm-onboarding');
    expect(draft.cc).toContain('jo@emberseller.com');
    expect(draft.body).toContain('1. "Please confirm whether the price includes onboarding."\n   → [your answer]');
    expect(draft.body).not.toContain('$470');
    // She took up the one-pager the rep offered; the recap she answered is not asked about again.
    expect(draft.body).toContain('As offered, [what you offered: attached, or when it follows].');
    expect(draft.body).not.toContain('Does my recap capture');
    expect(draft.body).toContain('As a next step, I will send you a proposal built on what you described by [date].');
    const { prompt } = buildPrompt(context);
    expect(prompt.user).toMatch(/RECIPIENTS: To amara\.okoye@bluefinhq\.com; Cc .*jo@emberseller\.com/);
    expect(prompt.system).toContain('A message marked internal is between the rep and colleagues');
    const leaky = await writeDraft(context, {
      complete: async () => ({
        subject: 'Re',
        body: 'Hi Amara,\n\nWe can do $470 per agent.\n\nBest,\nSam Rivera',
        reason: 'r',
        factsUsed: [],
        questions: [],
      }),
    });
    expect(leaky.warnings).toContain(
      'A price or percentage that only internal mail contains, not said to the buyer: $470',
    );
  });
});
