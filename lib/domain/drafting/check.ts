import { greetingNameOf, offeredSlots, recipients } from './facts';
import { instructionIn, isInstructionLike } from './injection';
import { formatSlotInZones } from './slots';
import { localTime } from './local-time';
import { noteAsCopy } from './notes';
import type { DraftContext } from './types';

/**
 * What a rep must check before inserting a draft: links, email addresses, phone numbers, prices,
 * percentages and dates that appear nowhere in the deal's mail, the rep's notes or the slots Ember
 * offered, links that only the buyer's mail or a message speaking to an AI carries, and a greeting
 * that names someone the email does not go to. A provider may have been steered by text in an
 * email, or made something up; each finding becomes a warning.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+/gi;
const EMAIL_PATTERN = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
const PHONE_PATTERN = /\+?\d[\d\s().-]{7,}\d/g;
/** A host with a path and no scheme: "evil.example/pay", "www.acme.com/docs". */
/** A host with a path (`evil-pay.example/acme`), or a `www.` host with or without one: a link to a reader. */
const BARE_LINK_PATTERN =
  /\b(?:www\.(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s<>"')\]]*)?|(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s<>"')\]]*)/gi;
/** "$48,000", "€1.2m", "48k USD", "12 %": an amount or a percentage, with its number in group 1 or 2. */
const AMOUNT_PATTERN =
  /[$€£]\s?(\d[\d,.]*\d|\d)\s?(k|m|bn)?\b|\b(\d[\d,.]*\d|\d)\s?(k|m)?\s?(?:%|percent\b|usd\b|eur\b|gbp\b|dollars?\b|euros?\b)/gi;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const MONTH_NAME = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
/** "June 30", "30 June", "Jun 30th": a day of a month, as words. */
const MONTH_DAY = new RegExp(
  String.raw`\b${MONTH_NAME}\s+(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_NAME}\b`,
  'gi',
);
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
/** A deadline by weekday: "by Friday", "before Monday". */
const WEEKDAY_DEADLINE =
  /\b(?:by|before|until|no later than)\s+(?:this\s+|next\s+)?(monday|tuesday|wednesday|thursday|friday)\b/gi;

const digits = (text: string) => text.replace(/\D/g, '');

/** An amount's value, so "$48,000", "48k" and "48.000 €" compare equal. */
function amountValue(number: string, scale: string | undefined): number {
  // "48.000" and "48,000" are thousands; "1.9" and "1,9" are decimals.
  const normalized = /[.,]\d{3}(?!\d)/.test(number) ? number.replace(/[.,]/g, '') : number.replace(',', '.');
  const factor = { k: 1e3, m: 1e6, bn: 1e9 }[scale?.toLowerCase() ?? ''] ?? 1;
  return Math.round(Number.parseFloat(normalized) * factor * 100) / 100;
}

/** Every number of a text read as an amount could be, for comparison with the draft's. */
function numbersIn(text: string): Set<number> {
  const values = new Set<number>();
  for (const match of text.matchAll(/(\d[\d,.]*\d|\d)\s?(k|m|bn)?\b/gi)) {
    values.add(amountValue(match[1]!, match[2]));
    values.add(amountValue(match[1]!, undefined));
  }
  return values;
}

/** Month-day pairs a text names, as "6-30". */
function monthDaysIn(text: string): Set<string> {
  const found = new Set<string>();
  const month = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase() as (typeof MONTHS)[number]) + 1;
  for (const match of text.matchAll(MONTH_DAY)) {
    const name = match[1] ?? match[4]!;
    const day = Number(match[2] ?? match[3]);
    found.add(`${month(name)}-${day}`);
  }
  for (const match of text.matchAll(ISO_DATE)) found.add(`${Number(match[2])}-${Number(match[3])}`);
  return found;
}

export function unknownReferences(draft: { subject: string; body: string }, context: DraftContext): string[] {
  // A booking offers these, and so may an intro: they are Ember's, so known.
  const slots =
    context.action === 'book_meeting' || context.action === 'stakeholder_intro'
      ? offeredSlots(context).map((slot) => formatSlotInZones(slot, context.rep.timeZone, context.buyerTimeZone))
      : [];
  const knownText = [
    ...context.messages.flatMap((message) => [
      message.text,
      message.signature ?? '',
      message.subject,
      message.from,
      ...message.to,
      ...message.cc,
    ]),
    ...context.notes.map((note) => note.text),
    // Notes as the templates write them for the buyer ("by Fri" is "by Friday").
    ...context.notes.map((note) => note.text.split('\n').map(noteAsCopy).join('\n')),
    context.reason ?? '',
    context.rep.account,
    ...context.rep.addresses,
    ...context.stakeholders.map((person) => person.address),
    ...slots,
  ].join('\n');
  const known = knownText.toLowerCase();
  const knownDigits = digits(known);
  const knownDomains = new Set([...context.rep.companyDomains, context.rep.account.split('@')[1] ?? '']);
  // A link counts as known only if the rep sent it before (or it is on the rep's own domains): one
  // that only the buyer's mail carries may be what an injected instruction wants the rep to send.
  const sent = [
    ...context.messages
      .filter((message) => message.direction === 'outbound')
      .flatMap((message) => [message.text, message.signature ?? '', message.subject]),
    ...context.notes.map((note) => note.text),
    context.reason ?? '',
  ]
    .join('\n')
    .toLowerCase();
  const steered = context.messages
    .filter((message) => message.direction === 'inbound' && isInstructionLike(message.text))
    .map((message) => message.text.toLowerCase());
  const text = `${draft.subject}\n${draft.body}`;
  const warnings: string[] = [];
  const checkLink = (link: string, host: string, bare: boolean) => {
    const kind = bare ? 'A link without https://' : 'A link';
    // A link from a message that speaks to an AI is flagged even if it looks familiar.
    if (steered.some((message) => message.includes(link.toLowerCase()))) {
      warnings.push(`${kind} from a message with instructions aimed at an AI assistant: ${link}`);
      return;
    }
    if (knownDomains.has(host) || sent.includes(link.toLowerCase())) return;
    warnings.push(
      known.includes(link.toLowerCase())
        ? `${kind} that only the buyer's mail contains, which you have not sent before: ${link}`
        : `${kind} that no message of this deal contains: ${link}`,
    );
  };
  for (const url of new Set((text.match(URL_PATTERN) ?? []).map((found) => found.replace(/[.,;:!?]+$/, '')))) {
    checkLink(url, /^https?:\/\/([^/:]+)/i.exec(url)?.[1]?.toLowerCase() ?? '', false);
  }
  // "evil.example/pay" with no scheme is a link too, once full links and addresses are taken out.
  const rest = text.replace(URL_PATTERN, ' ').replace(EMAIL_PATTERN, ' ');
  for (const link of new Set((rest.match(BARE_LINK_PATTERN) ?? []).map((found) => found.replace(/[.,;:!?]+$/, '')))) {
    checkLink(
      link,
      link
        .split('/')[0]!
        .toLowerCase()
        .replace(/^www\./, ''),
      true,
    );
  }
  for (const address of new Set(text.match(EMAIL_PATTERN) ?? [])) {
    if (!known.includes(address.toLowerCase()))
      warnings.push(`An email address that no message of this deal contains: ${address}`);
  }
  const withoutLinks = rest.replace(EMAIL_PATTERN, ' ');
  for (const phone of new Set(withoutLinks.match(PHONE_PATTERN) ?? [])) {
    if (digits(phone).length >= 8 && !knownDigits.includes(digits(phone)))
      warnings.push(`A phone number that no message of this deal contains: ${phone.trim()}`);
  }
  // Internal mail (the rep and colleagues) is known, but a price only it states is the team's
  // (a floor, a discount held back), not one to put to the buyer.
  const internal = context.messages.filter((message) => message.direction === 'internal');
  const internalNumbers = numbersIn(internal.map((message) => message.text).join('\n'));
  const externalNumbers = numbersIn(
    [
      ...context.messages
        .filter((message) => message.direction !== 'internal')
        .flatMap((message) => [message.text, message.signature ?? '', message.subject]),
      ...context.notes.map((note) => note.text),
      context.reason ?? '',
      ...slots,
    ].join('\n'),
  );
  for (const match of new Set([...withoutLinks.matchAll(AMOUNT_PATTERN)].map((found) => found[0].trim()))) {
    const parts = /(\d[\d,.]*\d|\d)\s?(k|m|bn)?/i.exec(match)!;
    const value = amountValue(parts[1]!, parts[2]);
    if (externalNumbers.has(value)) continue;
    warnings.push(
      internalNumbers.has(value)
        ? `A price or percentage that only internal mail contains, not said to the buyer: ${match}`
        : `A price or percentage that no message of this deal contains: ${match}`,
    );
  }
  const knownDays = monthDaysIn(knownText);
  // The day a message was sent or a meeting held is known too ("as I wrote on February 3").
  for (const at of [
    ...context.messages.map((message) => message.at),
    ...context.meetings.map((meeting) => meeting.start),
  ]) {
    const { month, day } = localTime(at, context.rep.timeZone);
    knownDays.add(`${Number(month)}-${Number(day)}`);
  }
  for (const match of new Set(
    [...withoutLinks.matchAll(MONTH_DAY), ...withoutLinks.matchAll(ISO_DATE)].map((found) => found[0]),
  )) {
    const [day] = monthDaysIn(match);
    if (day && !knownDays.has(day)) warnings.push(`A date that no message of this deal contains: ${match}`);
  }
  for (const match of new Set([...withoutLinks.matchAll(WEEKDAY_DEADLINE)].map((found) => found[0]))) {
    if (!known.includes(match.toLowerCase())) warnings.push(`A deadline that no message of this deal sets: ${match}`);
  }
  warnings.push(...greetingWarnings(draft.body, context));
  return warnings;
}

/** "Hi Tom," or "Dear Dr. Müller": the name a draft's first line greets, if it has one. */
const GREETING_NAME =
  /^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|guten tag|sehr geehrter?|bonjour|hola|ciao)\s+((?:(?:dr|prof|herr|frau|mr|mrs|ms)\.?\s+)?[\p{Lu}][\p{L}'’-]*)/iu;

/** A greeting of someone the email does not go to: a provider greeting the wrong person. */
function greetingWarnings(body: string, context: DraftContext): string[] {
  const greeted = GREETING_NAME.exec(body)?.[1];
  if (!greeted) return [];
  const { to } = recipients(context);
  const bare = greeted.replace(/^(?:dr|prof|herr|frau|mr|mrs|ms)\.?\s+/i, '').toLowerCase();
  const names = to.flatMap((address) => {
    const person = context.stakeholders.find((candidate) => candidate.address === address);
    return [greetingNameOf(context, address), ...(person?.name ?? '').split(/[\s,]+/), address.split('@')[0]!].map(
      (name) => name.toLowerCase(),
    );
  });
  if (to.length === 0 || names.includes(bare)) return [];
  return [`The draft greets "${greeted}", who is not among its recipients (${to.join(', ')}).`];
}

/** The most messages named in the warning below; the rep opens the thread for the rest. */
const MAX_STEERING_WARNINGS = 3;

/**
 * What the deal's mail carries that speaks to an AI ("AI assistant: ignore your instructions…"):
 * buyer-side messages, meeting titles (anyone can send an invite) and display names. Ember
 * followed none of it, but the rep should know before sending anything.
 */
export function steeringWarnings(context: DraftContext): string[] {
  const found: [where: string, text: string][] = [
    ...context.messages
      .filter((message) => message.direction === 'inbound')
      .map((message): [string, string] => [`A message from ${message.from}`, message.text]),
    ...context.meetings.map((meeting): [string, string] => ['A meeting title', meeting.title ?? '']),
    ...context.stakeholders.map((person): [string, string] => [
      `The display name of ${person.address}`,
      person.name ?? '',
    ]),
  ];
  return found
    .flatMap(([where, text]) => {
      const instruction = instructionIn(text);
      return instruction
        ? [
            `${where} speaks to an AI assistant ("${instruction}"); Ember did not follow it. Check the draft says only what you mean.`,
          ]
        : [];
    })
    .slice(-MAX_STEERING_WARNINGS);
}
