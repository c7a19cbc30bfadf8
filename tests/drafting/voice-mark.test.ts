import { describe, expect, test } from 'vitest';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { datamark } from '@/lib/domain/drafting/datamark';
import { buildPrompt } from '@/lib/domain/drafting/prompt';
import { DEFAULT_VOICE, excerptsOf, learnVoice } from '@/lib/domain/drafting/voice';
import { unknownReferences } from '@/lib/domain/drafting/check';
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
    expect(`${prompt.system}\n${prompt.user}`).not.toContain('Globex');
    expect(prompt.user).toContain(datamark('Hi Dana, a colleague suggested we talk about your onboarding backlog.'));
  });

  test('leave out greetings and closings', () => {
    expect(excerptsOf(['Hi Dana,\nThe export runs nightly since Monday.\nBest,\nSam'])).toEqual([
      'The export runs nightly since Monday.',
    ]);
  });
});

describe('signatures', () => {
  const signed = (text: string) =>
    `Hi Dana,\n\n${text}\n\nBest,\nSam Rivera\nAccount Executive | Ember\n+1 415 555 0100\nhttps://emberseller.com/sam`;

  test('are cut before the voice is learned: a title or a phone number is not a line of voice', () => {
    const voice = learnVoice([signed('The export runs nightly now.'), signed('Pricing is attached, as promised.')]);
    expect(voice.signOff).toBe('Best,\nSam Rivera');
    expect(voice.excerpts).toEqual(['The export runs nightly now.', 'Pricing is attached, as promised.']);
    expect(voice.typicalWords).toBe(7);
  });

  test("are cut from the prompt's history, and their numbers still count as known", () => {
    const messages = [{ ...history[0]!, text: signed('The export runs nightly now.') }, history[1]!, history[2]!];
    const context = contextFor('reply', { messages });
    const { prompt } = buildPrompt(context);
    expect(prompt.user).not.toContain('555');
    expect(prompt.user).not.toContain('Executive');
    expect(unknownReferences({ subject: 'Re', body: 'Call me on +1 415 555 0100.' }, context)).toEqual([]);
  });
});
