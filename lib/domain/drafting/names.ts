import { stripHidden } from './text';

/**
 * People's names as mail shows them: a display name written by whoever set up the sender's account
 * ("Becker, Tom", "Dr. Stefan Müller", "PRIYA RAMAN", "Dana Lee | Acme", "dana@acme.com") or, with
 * none, the address's local part. A greeting uses the given name only when it is clear: a wrong
 * name ("Hi Becker,", "Hi Dr.,", "Hi Tbecker,") is worse than none ("Hi,").
 */
export interface PersonName {
  given: string | null;
  family: string | null;
}

const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'dame',
  'herr',
  'frau',
  'hr',
  'fr',
  'mme',
  'mlle',
  'm',
  'sr',
  'sra',
  'srta',
  'dott',
  'ing',
  'mag',
  'dipl',
]);

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'mba', 'cpa', 'esq', 'msc', 'bsc', 'pe']);

/** Local parts that name a mailbox's purpose, not a person. */
const ROLE_WORDS = new Set([
  'info',
  'sales',
  'support',
  'admin',
  'team',
  'hello',
  'hi',
  'contact',
  'noreply',
  'no',
  'billing',
  'accounts',
  'office',
  'hr',
  'jobs',
  'careers',
  'marketing',
  'press',
  'help',
  'service',
  'mail',
  'legal',
  'finance',
  'security',
]);

const bare = (token: string) => token.replace(/[.,]+$/, '').toLowerCase();

/** "PRIYA" and "priya" become "Priya"; "McDonald", "DeShawn" and "Jean-Luc" stay as written. */
function properCase(word: string): string {
  const letters = word.replace(/[^\p{L}]/gu, '');
  if (letters === '' || (letters !== letters.toUpperCase() && letters !== letters.toLowerCase())) return word;
  return word
    .toLowerCase()
    .replace(/(^|[-'’])(\p{L})/gu, (_, mark: string, letter: string) => mark + letter.toUpperCase());
}

/** A given name a greeting can use: not an initial ("J."), not a digit, not a lone mark. */
function usable(word: string | undefined): string | null {
  if (!word) return null;
  const letters = word.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 ? properCase(word.replace(/[.,;:]+$/, '')) : null;
}

function fromDisplay(display: string): PersonName | null {
  let text = stripHidden(display)
    .replace(/["“”]/g, '')
    .replace(/\s*[([<{][^)\]>}]*[)\]>}]\s*/g, ' ')
    // "Dana Lee | Acme", "Dana Lee - Acme", "Dana Lee via LinkedIn", "Dana Lee at Acme": the person first.
    .split(/\s+(?:[|/–—-]|via|at)\s+/i)[0]!
    .trim();
  if (text === '' || text.includes('@')) return null;
  // "Tom Becker, PhD" carries a credential; "Becker, Tom" is family name first.
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !part.split(/\s+/).every((token) => SUFFIXES.has(bare(token))));
  text = parts.length === 2 ? `${parts[1]} ${parts[0]}` : (parts[0] ?? '');
  const tokens = text.split(/\s+/).filter((token) => token !== '');
  let titled = false;
  while (tokens.length > 1 && HONORIFICS.has(bare(tokens[0]!))) {
    tokens.shift();
    titled = true;
  }
  while (tokens.length > 1 && SUFFIXES.has(bare(tokens.at(-1)!))) tokens.pop();
  if (tokens.length === 0 || (tokens.length === 1 && HONORIFICS.has(bare(tokens[0]!)))) return null;
  // "Dr. Müller" and "Herr Doyle" name the family: there is no given name to greet by.
  if (titled && tokens.length === 1) return { given: null, family: usable(tokens[0]) };
  const given = usable(tokens[0]);
  const family = tokens.length > 1 ? usable(tokens.at(-1)) : null;
  return given || family ? { given, family } : null;
}

/**
 * "dana.lee" or "dana_lee" says which parts are names. A single word ("lee", "tbecker", "dana123")
 * could be anything, so it is a name only if the thread calls them by it ("Looping in Lee").
 */
function fromAddress(address: string, mentions: string): PersonName {
  const local = address.slice(0, address.indexOf('@')).replace(/\+.*$/, '');
  const parts = local.split(/[._-]+/).filter((part) => part !== '');
  const word = (part: string | undefined) => part !== undefined && /^\p{L}{2,}$/u.test(part);
  if (parts.length === 0 || !word(parts[0]) || ROLE_WORDS.has(parts[0]!.toLowerCase())) {
    return { given: null, family: null };
  }
  if (parts.length === 1) {
    const name = properCase(parts[0]!);
    return new RegExp(`(?<!\\p{L})${name}(?!\\p{L})`, 'u').test(mentions)
      ? { given: name, family: null }
      : { given: null, family: null };
  }
  return { given: usable(parts[0]), family: word(parts.at(-1)) ? usable(parts.at(-1)) : null };
}

/** `mentions`: text that may call the person by name (the thread's mail), for a bare address. */
export function parsePersonName(display: string | null, address: string, mentions = ''): PersonName {
  return (display ? fromDisplay(display) : null) ?? fromAddress(address, mentions);
}

/** The name a greeting uses ("Hi Tom,"), or '' when it is not clear. */
export function greetingName(display: string | null, address: string, mentions = ''): string {
  return parsePersonName(display, address, mentions).given ?? '';
}

/** How a sentence names someone: their full name if known, else the part known, else their address. */
export function spokenName(display: string | null, address: string, mentions = ''): string {
  const { given, family } = parsePersonName(display, address, mentions);
  if (given && family) return `${given} ${family}`;
  return given ?? family ?? address;
}
