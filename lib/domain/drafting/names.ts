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
  /** The title the display name carries ("Dr.", "Prof.", "Mr." for "Herr"): a formal greeting keeps it. */
  title: string | null;
}

/** Titles a formal greeting keeps, as English writes them; only ever ones the person's own display name gives. */
const TITLES: Readonly<Record<string, string>> = {
  dr: 'Dr.',
  prof: 'Prof.',
  mr: 'Mr.',
  mrs: 'Mrs.',
  ms: 'Ms.',
  herr: 'Mr.',
  frau: 'Ms.',
  mme: 'Mrs.',
};

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
  'webmaster',
  'helpdesk',
  'feedback',
  'enquiries',
  'inquiries',
  'orders',
  'invoices',
  'reception',
  'media',
  'events',
  'news',
  'clients',
  'customers',
  'members',
  'subscribers',
  'everyone',
  'all',
  'colleagues',
  'friends',
  'partners',
  'list',
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
  let title: string | null = null;
  while (tokens.length > 1 && HONORIFICS.has(bare(tokens[0]!))) {
    title ??= TITLES[bare(tokens[0]!)] ?? null;
    tokens.shift();
    titled = true;
  }
  while (tokens.length > 1 && SUFFIXES.has(bare(tokens.at(-1)!))) tokens.pop();
  if (tokens.length === 0 || (tokens.length === 1 && HONORIFICS.has(bare(tokens[0]!)))) return null;
  // "Dr. Müller" and "Herr Doyle" name the family: there is no given name to greet by.
  if (titled && tokens.length === 1) return { given: null, family: usable(tokens[0]), title };
  const given = usable(tokens[0]);
  const family = tokens.length > 1 ? usable(tokens.at(-1)) : null;
  return given || family ? { given, family, title } : null;
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
    return { given: null, family: null, title: null };
  }
  if (parts.length === 1) {
    const name = properCase(parts[0]!);
    if (namedAsPerson(name, mentions)) return { given: name, family: null, title: null };
    return initialAndFamily(parts[0]!, mentions) ?? { given: null, family: null, title: null };
  }
  return { given: usable(parts[0]), family: word(parts.at(-1)) ? usable(parts.at(-1)) : null, title: null };
}

/**
 * Whether the thread names `name` as a person: looped in, greeted or thanked, followed by "who" or a
 * verb of a person's, or with a family name after it. A word that merely occurs ("our Clients")
 * does not count.
 */
function namedAsPerson(name: string, mentions: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    new RegExp(
      String.raw`\b(?:looping in|loop in|looped in|adding|cc(?:'?ing)?|introducing|meet|with|hi|hey|hello|dear|thanks|thank you)\s+${escaped}(?!\p{L})`,
      'iu',
    ),
    new RegExp(
      String.raw`(?<!\p{L})${escaped}(?:,? who\b|\s+(?:will (?:own|lead|run|drive|handle|join|be joining)|owns|leads|runs|is (?:our|joining|leading)|from (?:our|the) team\b))`,
      'u',
    ),
  ].some((pattern) => pattern.test(mentions));
}

/** Words that look like a given name in a sentence but are not one ("Tuesday will work"). */
const NOT_NAMES =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|today|tomorrow|this|that|thanks|team|the|we|they|it)$/i;

/**
 * "tbecker" is an initial and a family name: the person is greeted by a given name with that
 * initial only when the thread names them as a person ("Tom Becker", "Looping in Tom", "Tom will own
 * the rollout"), never from the address alone.
 */
function initialAndFamily(local: string, mentions: string): PersonName | null {
  if (!/^\p{L}{4,}$/u.test(local)) return null;
  const initial = local[0]!.toUpperCase();
  const family = properCase(local.slice(1));
  const given = String.raw`(${initial}\p{Ll}{1,})`;
  const asPerson = [
    new RegExp(String.raw`(?<!\p{L})${given}\s+${family}(?!\p{L})`, 'u'),
    new RegExp(
      String.raw`\b(?:looping in|loop in|looped in|adding|cc(?:'?ing)?|introducing|meet|with)\s+${given}(?!\p{L})`,
      'iu',
    ),
    new RegExp(
      String.raw`(?<!\p{L})${given}(?:,? who\b|\s+(?:will (?:own|lead|run|drive|handle|join)|owns|leads|runs|is (?:our|the|on|joining|leading)|from (?:our|the)\b))`,
      'u',
    ),
  ];
  for (const pattern of asPerson) {
    const found = pattern.exec(mentions)?.[1];
    if (found && !NOT_NAMES.test(found)) return { given: found, family, title: null };
  }
  return null;
}

/** `mentions`: text that may call the person by name (the thread's mail), for a bare address. */
export function parsePersonName(display: string | null, address: string, mentions = ''): PersonName {
  return (display ? fromDisplay(display) : null) ?? fromAddress(address, mentions);
}

/** The name a greeting uses ("Hi Tom,"), or '' when it is not clear. */
export function greetingName(display: string | null, address: string, mentions = ''): string {
  return parsePersonName(display, address, mentions).given ?? '';
}

/**
 * The name a formal greeting uses: "Dr. Müller" with a title, else the full name ("Dear Stefan
 * Müller,": no "Mr." or "Ms." is guessed), else what is known.
 */
export function formalGreetingName(display: string | null, address: string, mentions = ''): string {
  const { given, family, title } = parsePersonName(display, address, mentions);
  if (title && family) return `${title} ${family}`;
  if (given && family) return `${given} ${family}`;
  return family ?? given ?? '';
}

/** How a sentence names someone: their full name if known, else the part known, else their address. */
export function spokenName(display: string | null, address: string, mentions = ''): string {
  const { given, family } = parsePersonName(display, address, mentions);
  if (given && family) return `${given} ${family}`;
  return given ?? family ?? address;
}

/** Local parts of mailboxes for a service, not a person: "send to a friend", notifications, robots. */
const SERVICE_PART =
  /friend|alert|announce|(?:^|[._-])(?:share|sharing|forward|notify|mailer|auto|automated|system|robot|bot|webmaster|helpdesk|customerservice|enquiries|inquiries|orders|invoices|feedback|reception)(?:$|[._-])/i;

/**
 * A role or service mailbox (support@, webmaster@, sales@, a "send to a friend" service): drafting
 * never writes to one. The engine's automated list (lib/domain/bulk-mail.ts) is the contract's; this
 * is drafting's own, wider one.
 */
export function isRoleMailbox(address: string): boolean {
  const local = address.slice(0, address.lastIndexOf('@')).replace(/\+.*$/, '').toLowerCase();
  return ROLE_WORDS.has(local) || SERVICE_PART.test(local);
}
