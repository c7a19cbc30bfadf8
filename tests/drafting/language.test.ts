import { describe, expect, test } from 'vitest';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { languageOf } from '@/lib/domain/drafting/language';
import { buildPrompt } from '@/lib/domain/drafting/prompt';
import { contextFor, history } from './context';

const german =
  'Sehr geehrter Herr Doyle, vielen Dank für Ihre Nachricht. Wir können die Unterlagen gerne bis Freitag prüfen. Bitte senden Sie uns das Angebot. Mit freundlichen Grüßen, Stefan Müller';

describe('the language a buyer writes', () => {
  test.each([
    ['Thanks for the call. We can review the proposal this week and will get back to you.', 'en'],
    [german, 'de'],
    ['Bonjour, merci pour votre message. Nous allons regarder la proposition avec notre équipe. Cordialement', 'fr'],
    ['Hola, gracias por la propuesta. La revisamos con el equipo y le escribimos el lunes. Saludos', 'es'],
    ['Hallo, bedankt voor het voorstel. Wij kijken er graag naar en ik laat het u weten. Groet', 'nl'],
    ['Hej, tack för förslaget. Vi tittar på det och jag återkommer till er på måndag. Hälsningar', 'sv'],
  ])('%s is %s', (text, code) => {
    expect(languageOf(text)?.code).toBe(code);
  });

  test.each([['Ok'], ['Thx!'], ['Danke, Tom'], ['']])('%j is too short to tell', (text) => {
    expect(languageOf(text)).toBeNull();
  });
});

describe('a buyer who writes another language', () => {
  const messages = history.map((message) =>
    message.direction === 'inbound' ? { ...message, text: german, subject: 'AW: Angebot' } : message,
  );

  test('gets an English template with a warning that says so and offers the provider, and nothing of theirs quoted', () => {
    const draft = draftFromTemplate(contextFor('reply', { messages }));
    expect(draft.warnings).toContainEqual(
      expect.stringMatching(/^Dana writes in German, and templates are in English/),
    );
    expect(draft.body).not.toMatch(/Unterlagen|Angebot|Grüßen/);
    expect(draft.subject).toBe('Re: Angebot');
  });

  test('is answered by a provider in their language and register', () => {
    const { prompt } = buildPrompt(contextFor('reply', { messages }));
    expect(prompt.system).toContain(
      'The buyer writes in German: write the email in German, in the register the buyer uses',
    );
  });
});
