/**
 * Which header each recipient of a message was on, read from the recipient line Gmail shows under
 * the sender (`.hb`): "to Dana, me, cc: Lee, bcc: me". InboxSDK's getRecipientsFull() gives every
 * recipient, with names, but To, Cc and Bcc as one list; the engine and drafts need them apart
 * (a Cc'd stakeholder is not asked for a reply). A label switches the header for the addresses
 * after it, in any of Gmail's languages ("Cc :", "Cci"); To comes first. Addresses the line does not
 * show are To.
 */

export type RecipientField = 'to' | 'cc';

/** Cc labels, and Bcc ones ("bcc", French "cci", German "bcc", Spanish "cco"), read as Cc: Ember keeps no Bcc. */
const CC_LABEL = /(?:^|[\s,，、])(?:b?cc|cci|cco|ccn)\s*[:：]/i;

/** The header of each address shown in `line`, lower-cased; addresses not shown are absent. */
export function recipientFields(line: Element | null): Map<string, RecipientField> {
  const fields = new Map<string, RecipientField>();
  if (!line) return fields;
  let current: RecipientField = 'to';
  const walker = line.ownerDocument.createTreeWalker(line, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      // Text inside an address chip is its name, not a label.
      if (node.parentElement?.closest('[email]')) continue;
      // Gmail lists To first: once a Cc label is seen, the rest are copies.
      if (CC_LABEL.test(node.textContent ?? '')) current = 'cc';
    } else if (node instanceof Element) {
      const address = node.getAttribute('email');
      if (address && !fields.has(address.toLowerCase())) fields.set(address.toLowerCase(), current);
    }
  }
  return fields;
}
