import type { DraftContext } from './types';

/**
 * Links, email addresses and phone numbers in a draft that appear nowhere in the deal's mail or the
 * rep's settings: a provider may have been steered by text in an email. Each becomes a warning the
 * rep sees before inserting.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+/gi;
const EMAIL_PATTERN = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
const PHONE_PATTERN = /\+?\d[\d\s().-]{7,}\d/g;

const digits = (text: string) => text.replace(/\D/g, '');

export function unknownReferences(draft: { subject: string; body: string }, context: DraftContext): string[] {
  const known = [
    ...context.messages.flatMap((message) => [
      message.text,
      message.subject,
      message.from,
      ...message.to,
      ...message.cc,
    ]),
    ...context.notes.map((note) => note.text),
    context.reason ?? '',
    context.rep.account,
    ...context.rep.addresses,
    ...context.stakeholders.map((person) => person.address),
  ]
    .join('\n')
    .toLowerCase();
  const knownDigits = digits(known);
  const knownDomains = new Set([...context.rep.companyDomains, context.rep.account.split('@')[1] ?? '']);
  const text = `${draft.subject}\n${draft.body}`;
  const warnings: string[] = [];
  for (const url of new Set((text.match(URL_PATTERN) ?? []).map((found) => found.replace(/[.,;:!?]+$/, '')))) {
    const host = /^https?:\/\/([^/:]+)/i.exec(url)?.[1]?.toLowerCase() ?? '';
    if (!known.includes(url.toLowerCase()) && !knownDomains.has(host))
      warnings.push(`A link that no message of this deal contains: ${url}`);
  }
  for (const address of new Set(text.match(EMAIL_PATTERN) ?? [])) {
    if (!known.includes(address.toLowerCase()))
      warnings.push(`An email address that no message of this deal contains: ${address}`);
  }
  for (const phone of new Set(text.match(PHONE_PATTERN) ?? [])) {
    if (digits(phone).length >= 8 && !knownDigits.includes(digits(phone)))
      warnings.push(`A phone number that no message of this deal contains: ${phone.trim()}`);
  }
  return warnings;
}
