import { describe, expect, test } from 'vitest';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { buildPrompt } from '@/lib/domain/drafting/prompt';
import { contextFor, history, REP, source } from './context';

const settings = { ...source('reply').settings, companyDomains: ['emberseller.com'] };
// The buyer's last message had the rep's colleague Jo in cc, beside Lee.
const messages = history.map((message) =>
  message.id === 'm5' ? { ...message, cc: ['lee@acme.com', 'jo@emberseller.com'] } : message,
);

describe('recipients', () => {
  test("the rep's colleagues on the last exchange stay in cc; the rep is never a recipient", () => {
    const draft = draftFromTemplate(contextFor('reply', { settings, messages }));
    expect(draft.to).toEqual(['dana@acme.com']);
    expect(draft.cc).toEqual(['lee@acme.com', 'jo@emberseller.com']);
    expect([...draft.to, ...draft.cc]).not.toContain(REP);
  });

  test('an intro keeps them too, beside the referrer', () => {
    const draft = draftFromTemplate(contextFor('stakeholder_intro', { settings, messages }));
    expect(draft.to).toEqual(['lee@acme.com']);
    expect(draft.cc).toEqual(['dana@acme.com', 'jo@emberseller.com']);
  });

  test('the prompt tells To from Cc', () => {
    const { prompt } = buildPrompt(contextFor('reply', { settings, messages }));
    expect(JSON.stringify(prompt)).toContain('to=sam@emberseller.com cc=lee@acme.com,jo@emberseller.com');
  });
});
