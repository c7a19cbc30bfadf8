import { stripHidden } from './text';

/**
 * The language a message is written in, told by its commonest words: enough to notice that a buyer
 * writes German to a rep whose templates are English. Short or mixed text says nothing (null).
 */
export interface Language {
  code: string;
  name: string;
}

const WORDS: Record<string, { name: string; words: string[] }> = {
  en: {
    name: 'English',
    words: [
      'the',
      'and',
      'is',
      'are',
      'we',
      'you',
      'to',
      'of',
      'for',
      'with',
      'this',
      'that',
      'have',
      'can',
      'will',
      'our',
      'your',
      'thanks',
    ],
  },
  de: {
    name: 'German',
    words: [
      'der',
      'die',
      'das',
      'und',
      'ist',
      'wir',
      'sie',
      'ihnen',
      'nicht',
      'mit',
      'für',
      'bitte',
      'danke',
      'ich',
      'uns',
      'können',
      'gerne',
      'vielen',
      'grüße',
      'auf',
      'zu',
      'eine',
      'ein',
    ],
  },
  fr: {
    name: 'French',
    words: [
      'le',
      'la',
      'les',
      'et',
      'est',
      'nous',
      'vous',
      'pour',
      'avec',
      'une',
      'des',
      'merci',
      'bonjour',
      'pas',
      'sur',
      'cordialement',
      'je',
      'que',
    ],
  },
  es: {
    name: 'Spanish',
    words: [
      'el',
      'la',
      'los',
      'las',
      'y',
      'es',
      'nosotros',
      'usted',
      'para',
      'con',
      'una',
      'gracias',
      'hola',
      'por',
      'que',
      'saludos',
      'no',
      'muy',
    ],
  },
  it: {
    name: 'Italian',
    words: [
      'il',
      'lo',
      'gli',
      'e',
      'è',
      'noi',
      'voi',
      'per',
      'con',
      'una',
      'grazie',
      'buongiorno',
      'non',
      'che',
      'cordiali',
      'saluti',
      'sono',
      'della',
    ],
  },
  nl: {
    name: 'Dutch',
    words: [
      'de',
      'het',
      'een',
      'en',
      'is',
      'wij',
      'jullie',
      'u',
      'voor',
      'met',
      'niet',
      'bedankt',
      'graag',
      'groet',
      'van',
      'dat',
      'ik',
      'ons',
    ],
  },
  pt: {
    name: 'Portuguese',
    words: [
      'o',
      'os',
      'as',
      'e',
      'é',
      'nós',
      'você',
      'para',
      'com',
      'uma',
      'obrigado',
      'obrigada',
      'olá',
      'não',
      'que',
      'cumprimentos',
      'muito',
      'do',
    ],
  },
  sv: {
    name: 'Swedish',
    words: [
      'och',
      'är',
      'vi',
      'ni',
      'för',
      'med',
      'inte',
      'tack',
      'hej',
      'det',
      'att',
      'en',
      'ett',
      'jag',
      'oss',
      'hälsningar',
      'på',
      'som',
    ],
  },
};

/** Words a language must show at least, and by how much it must lead the next one. */
const MIN_HITS = 3;
const LEAD = 1.5;

export function languageOf(text: string): Language | null {
  const tokens = stripHidden(text)
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((token) => token !== '');
  const scores = Object.entries(WORDS)
    .map(([code, { name, words }]) => {
      const known = new Set(words);
      return { code, name, hits: tokens.filter((token) => known.has(token)).length };
    })
    .sort((a, b) => b.hits - a.hits);
  const [best, next] = scores;
  if (!best || best.hits < MIN_HITS || (next && best.hits < next.hits * LEAD)) return null;
  return { code: best.code, name: best.name };
}

/**
 * A message written in a formal register: a formal salutation or close, in the languages Ember
 * reads. Its writer is greeted formally back ("Dear Dr. Müller,"), whatever the rep's usual "Hi".
 */
const FORMAL_OPENING =
  /^\s*(?:sehr geehrte[rs]?|guten tag,? (?:herr|frau)|hallo (?:herr|frau)|dear (?:mr|mrs|ms|dr|prof|sir|madam)\b|madame|monsieur|estimad[oa]s?|gentile|egregio|geachte)/imu;
const FORMAL_CLOSING =
  /^\s*(?:mit freundlichen grüßen|hochachtungsvoll|yours sincerely|yours faithfully|veuillez agréer|atentamente|distinti saluti|met vriendelijke groet)/imu;

export function isFormal(text: string): boolean {
  return FORMAL_OPENING.test(text) || FORMAL_CLOSING.test(text);
}
