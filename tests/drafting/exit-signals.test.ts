import { describe, expect, test } from 'vitest';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { advanceSuggestion, EXIT_SIGNALS } from '@/lib/domain/drafting/exit-signals';
import { buildPrompt } from '@/lib/domain/drafting/prompt';
import type { DraftMessage } from '@/lib/domain/drafting/types';
import { contextFor, history } from './context';

describe("the buyer's words that meet each default stage's exit criterion", () => {
  test.each([
    ['identify', 'Interested. Tell me more about the export.'],
    ['contact', 'Happy to talk. Does Thursday work?'],
    ['contact', "Sure, let's find a time next week."],
    ['contact', 'Send me an invite for Tuesday at 10.'],
    ['discovery', 'Your recap is spot on. One addition: the backlog is 400 tickets.'],
    ['discovery', "That's exactly right."],
    ['propose', 'The proposal matches what we need. We will decide by June 30.'],
    ['resolve', 'That answers everything. Priya, our CFO, signs on Friday.'],
    ['close', 'We have signed the order form, attached.'],
    ['close', 'The contract is now signed.'],
  ])('%s: "%s" meets it', (stage, text) => {
    expect(EXIT_SIGNALS[stage]!(text)).toBe(true);
  });

  test.each([
    ['contact', 'Not ready to talk yet; maybe next quarter.'],
    ['contact', 'Who else have you worked with?'],
    ['discovery', 'The recap is not right: the backlog is in billing, not onboarding.'],
    ['discovery', "I don't think the recap is right."],
    ['propose', 'The proposal looks good.'],
    ['propose', 'The proposal does not cover SSO. We decide by June 30.'],
    ['resolve', 'That answers it.'],
    ['close', 'We will have it signed next week.'],
    ['close', 'Legal is reviewing before anyone signs.'],
  ])('%s: "%s" does not', (stage, text) => {
    expect(EXIT_SIGNALS[stage]!(text)).toBe(false);
  });
});

describe('the draft suggests advancing and writes toward the next stage', () => {
  const confirmed: DraftMessage = {
    ...history[2]!,
    id: 'm6',
    at: history[2]!.at + 60_000,
    text: 'Your recap is right. What would the next step be?',
  };
  const messages = [...history.slice(0, 2), confirmed];

  test('in Discovery, a confirmed recap suggests Propose, with the message as evidence', () => {
    const context = contextFor('reply', { messages });
    expect(advanceSuggestion(context)).toEqual({
      to: 'propose',
      toName: 'Propose',
      evidence: 'm6',
      why: 'Dana Lee\'s latest message meets the exit criterion of Discovery ("The buyer described the problem and confirmed our recap of it"): advance to Propose?',
    });
    const draft = draftFromTemplate(context);
    expect(draft.advance).toEqual(advanceSuggestion(context));
    expect(draft.body).toContain('As a next step, I will send you a proposal built on what you described by [date].');
    expect(buildPrompt(context).prompt.user).toContain(
      "The buyer's latest message (m6) meets this exit criterion: the rep is asked to advance to Propose. Write toward the next stage's criterion, not this one's.",
    );
  });

  test('without it, the reply works toward the current stage', () => {
    const context = contextFor('reply', { messages: history.slice(0, 2) });
    expect(advanceSuggestion(context)).toBeNull();
    expect(draftFromTemplate(context).body).toContain(
      'As a next step, could we take 30 minutes so I understand [the problem] in your words?',
    );
  });

  test('a message from before the deal entered its stage does not count', () => {
    const context = contextFor('reply', {
      messages,
      deal: { title: 'Acme Corp', stage: 'discovery', stageEnteredAt: confirmed.at + 1 },
    });
    expect(advanceSuggestion(context)).toBeNull();
  });

  test('a custom stage has no signal, and the next step is a placeholder naming the stage', () => {
    const base = contextFor('reply', { messages });
    const context = {
      ...base,
      deal: {
        ...base.deal,
        stage: { ...base.deal.stage, id: 'pilot', name: 'Pilot' },
        nextStage: { id: 'rollout', name: 'Rollout', exitCriterion: 'The buyer rolled out' },
      },
    };
    expect(advanceSuggestion(context)).toBeNull();
    expect(draftFromTemplate(context).body).toContain('As a next step, [what moves us toward Pilot].');
  });
});
