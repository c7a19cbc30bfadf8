import { boundedMemo } from './bounded-memo';

/**
 * Email addresses and the two sides of a deal. The seller side is the rep's own addresses plus their
 * company domains; a consumer mail domain is never a company domain, so a rep on gmail.com does not
 * make every gmail.com buyer a colleague.
 */

export const CONSUMER_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.ru',
  'qq.com',
  '163.com',
  'zoho.com',
  'fastmail.com',
  'hey.com',
]);

/**
 * The comparable form of an address: trimmed, lower-cased, with a display name
 * (`Dana Lee <dana@acme.com>`) removed. Returns null for text that is not an address.
 */
export function normalizeAddress(raw: string): string | null {
  let text = raw.trim();
  const angled = /<([^<>]*)>\s*$/.exec(text);
  if (angled) text = angled[1]!.trim();
  text = text.toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1 || /\s/.test(text)) return null;
  return text;
}

/** A mailbox as mail headers write it: `Dana Lee <dana@acme.com>`, or a bare address. */
export interface Mailbox {
  address: string;
  name: string | null;
}

export function parseMailbox(raw: string): Mailbox | null {
  const address = normalizeAddress(raw);
  if (address === null) return null;
  const angle = raw.lastIndexOf('<');
  const name =
    angle > 0
      ? raw
          .slice(0, angle)
          .trim()
          .replace(/^"(.*)"$/, '$1')
          .trim()
      : '';
  return { address, name: name === '' ? null : name };
}

/** The domain of a normalized address. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

export interface Sides {
  isSeller(address: string): boolean;
  isBuyer(address: string): boolean;
}

/** An address without the `+tag` of its local part: `sam+crm@emberseller.com` → `sam@emberseller.com`. */
export function withoutTag(address: string): string {
  const at = address.lastIndexOf('@');
  const plus = address.indexOf('+');
  return plus > 0 && plus < at ? address.slice(0, plus) + address.slice(at) : address;
}

/**
 * The one place the two sides are decided (the contract's "Sides"). `me` and `companyDomains` are
 * normalized addresses and domains. The company domains, when named, are exactly those: they replace
 * the domains of `me`, so an ISP or alias domain among the rep's addresses need not make its other
 * users colleagues; none named (an empty list) means the domains of `me`. A consumer mail domain is
 * never a company domain. An address at a subdomain of a company domain is the seller's too, and an
 * address that is one of `me` once its `+tag` is removed is the rep's.
 */
export function createSides(me: readonly string[], companyDomains: readonly string[] = []): Sides {
  const ownAddresses = new Set(me);
  const named = companyDomains.length > 0 ? companyDomains : me.map(domainOf);
  const sellerDomains = new Set(named.filter((domain) => !CONSUMER_MAIL_DOMAINS.has(domain)));
  const atSellerDomain = (address: string) => {
    // The domain, then each parent of it: eu.emberseller.com, emberseller.com, com.
    for (let domain = domainOf(address); ; domain = domain.slice(domain.indexOf('.') + 1)) {
      if (sellerDomains.has(domain)) return true;
      if (!domain.includes('.')) return false;
    }
  };
  const decide = (address: string) =>
    ownAddresses.has(address) || ownAddresses.has(withoutTag(address)) || atSellerDomain(address);
  // The engine asks about the same few people for every message: each address is decided once.
  const isSeller = boundedMemo(MAX_DECIDED_ADDRESSES, decide);
  return { isSeller, isBuyer: (address) => !isSeller(address) };
}

/** Bounds the memory of a long-lived context's memo of sides (a replay meets every address of a mailbox). */
const MAX_DECIDED_ADDRESSES = 100_000;
