import type { DraftContext } from './types';

/**
 * Links, email addresses and phone numbers in a draft that appear nowhere in the deal's mail or the
 * rep's settings: a provider may have been steered by text in an email. Each becomes a warning the
 * rep sees before inserting.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+/gi;
const EMAIL_PATTERN = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
const PHONE_PATTERN = /\+?\d[\d\s().-]{7,}\d/g;
/** A host with a path and no scheme: "evil.example/pay", "www.acme.com/docs". */
const BARE_LINK_PATTERN = /\b(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s<>"')\]]*/gi;

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
  // A link counts as known only if the rep sent it before (or it is on the rep's own domains): one
  // that only the buyer's mail carries may be what an injected instruction wants the rep to send.
  const sent = [
    ...context.messages
      .filter((message) => message.direction === 'outbound')
      .flatMap((message) => [message.text, message.subject]),
    ...context.notes.map((note) => note.text),
    context.reason ?? '',
  ]
    .join('\n')
    .toLowerCase();
  const text = `${draft.subject}\n${draft.body}`;
  const warnings: string[] = [];
  const checkLink = (link: string, host: string, bare: boolean) => {
    if (knownDomains.has(host) || sent.includes(link.toLowerCase())) return;
    const kind = bare ? 'A link without https://' : 'A link';
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
  for (const phone of new Set(text.match(PHONE_PATTERN) ?? [])) {
    if (digits(phone).length >= 8 && !knownDigits.includes(digits(phone)))
      warnings.push(`A phone number that no message of this deal contains: ${phone.trim()}`);
  }
  return warnings;
}
