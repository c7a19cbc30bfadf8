import { z } from 'zod';
import { CONSUMER_MAIL_DOMAINS, normalizeAddress } from './addresses';

/**
 * The address schemas, apart from addresses.ts: code that only reads addresses (the Gmail UI,
 * loaded into Gmail) then carries no zod.
 */

/** A string that must be an address; parses to its normalized form. */
export const addressSchema = z.string().transform((text, context) => {
  const address = normalizeAddress(text);
  if (address === null) {
    context.addIssue({ code: 'custom', message: `invalid address ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return address;
});

const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{2,63}$/;

/** A company mail domain such as `acme.com`; consumer mail domains are refused. */
export const companyDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(DOMAIN_PATTERN, 'must be a domain such as acme.com')
  .refine((domain) => !CONSUMER_MAIL_DOMAINS.has(domain), {
    error: (issue) => `${JSON.stringify(issue.input)} is a consumer mail domain, not a company's`,
  });
