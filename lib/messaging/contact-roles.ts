/**
 * A contact's role on a deal. A module of its own, without the protocol's schemas, so the Gmail UI
 * can list the roles without carrying zod.
 */
export const CONTACT_ROLES = ['buyer', 'champion', 'stakeholder', 'signer'] as const;
