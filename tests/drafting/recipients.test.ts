import { describe, expect, test } from 'vitest';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { buildPrompt } from '@/lib/domain/drafting/prompt';
import { isRoleMailbox } from '@/lib/domain/drafting/names';
import { writeDraft } from '@/lib/domain/drafting/write-draft';
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

describe('role and service mailboxes', () => {
  test.each([
    ['support@acme.com', true],
    ['webmaster@acme.com', true],
    ['send.to.friend@newsletter.example', true],
    ['sendtoafriend@service.example', true],
    ['dana.lee@acme.com', false],
    ['tbecker@acme.com', false],
  ])('%s is a role mailbox: %s', (address, role) => {
    expect(isRoleMailbox(address)).toBe(role);
  });

  test('a role mailbox on the thread is never written to, and gets no introduction', async () => {
    const contacts = [
      ...source('stakeholder_intro').contacts,
      { address: 'support@acme.com', name: null, role: 'stakeholder', firstSeenAt: 0, lastHeardAt: null },
    ];
    const messages = [
      ...history,
      { ...history[2]!, id: 'm6', at: history[2]!.at + 1, cc: ['support@acme.com'], text: 'Adding our support desk.' },
    ];
    const reply = draftFromTemplate(contextFor('reply', { contacts, messages }));
    expect([...reply.to, ...reply.cc]).not.toContain('support@acme.com');
    const trigger = { ...source('stakeholder_intro').trigger, stakeholder: 'support@acme.com' };
    const intro = await writeDraft(contextFor('stakeholder_intro', { contacts, messages, trigger }), {
      complete: () => Promise.reject(new Error('a provider is never asked to write to a role mailbox')),
    });
    expect(intro).toMatchObject({ source: 'template', body: '', to: [] });
    expect(intro.warnings[0]).toMatch(/^support@acme\.com is a role or service mailbox, not a person/);
  });
});
