import { describe, expect, test } from 'vitest';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { buildPrompt } from '@/lib/domain/drafting/prompt';
import { DEFAULT_VOICE, excerptsOf, learnVoice } from '@/lib/domain/drafting/voice';
import { contextFor, history, source } from './context';

describe("the rep's greeting, as they write it", () => {
  test.each([
    [
      ['Hey Maya —\n\nQuick one on pricing.\n\nCheers,\nSam', 'Hey Tom —\n\nSee you Tuesday.\n\nCheers,\nSam'],
      'Hey',
      ' —',
    ],
    [['Hi Maya,\n\nThanks for the call.\n\nBest,\nSam'], 'Hi', ','],
    [['Dear Dr. Müller:\n\nPlease find the order form.\n\nKind regards,\nSam'], 'Dear', ':'],
    [['Hi Maya\n\nAttached.\n\nBest,\nSam'], 'Hi', ''],
    [['Hello Maya!\n\nGreat news today.\n\nBest,\nSam'], 'Hello', '!'],
  ])('%j opens with "%s <name>%s"', (bodies, greeting, mark) => {
    const voice = learnVoice(bodies);
    expect(voice.greeting).toBe(greeting);
    expect(voice.greetingMark).toBe(mark);
  });

  test('a template keeps the mark: "Hey Dana —", not "Hey Dana,"', () => {
    const voice = { ...DEFAULT_VOICE, greeting: 'Hey', greetingMark: ' —', signOff: 'Cheers,\nSam' };
    const draft = draftFromTemplate(contextFor('book_meeting', { voice }));
    expect(draft.body.startsWith('Hey Dana —\n\n')).toBe(true);
  });

  test('with no name to greet by, the greeting ends with a comma', () => {
    const voice = { ...DEFAULT_VOICE, greeting: 'Hey', greetingMark: ' —' };
    const contacts = source('book_meeting').contacts.map((contact) => ({ ...contact, name: null }));
    const messages = history.map((message) => ({ ...message, text: message.text.replace('Hi Dana, ', '') }));
    const draft = draftFromTemplate(contextFor('book_meeting', { voice, contacts, messages }));
    expect(draft.body.startsWith('Hey,\n\n')).toBe(true);
  });
});

describe('lines for tone', () => {
  test("come from this deal's own sends, newest first, never from another customer's", () => {
    const voice = { ...DEFAULT_VOICE, excerpts: ['Globex gets 40% off if they sign by Friday.'] };
    const { prompt } = buildPrompt(contextFor('reply', { voice }));
    expect(prompt.system).not.toContain('Globex');
    expect(prompt.system).toContain('a colleague suggested we talk about your onboarding backlog.');
  });

  test('leave out greetings and closings', () => {
    expect(excerptsOf(['Hi Dana,\nThe export runs nightly since Monday.\nBest,\nSam'])).toEqual([
      'The export runs nightly since Monday.',
    ]);
  });
});
