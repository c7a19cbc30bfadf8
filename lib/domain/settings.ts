import { z } from 'zod';
import { addressSchema, companyDomainSchema } from './address-schemas';
import { DEFAULT_WORKING_HOURS, timeZoneSchema, workingHoursSchema } from './working-hours';

/**
 * A rep's settings for one Gmail account. Small and personal: they sync across the rep's Chrome
 * profiles. The account's own address is always on the seller side and is not repeated here.
 */
export const accountSettingsSchema = z.object({
  /** The rep's other addresses (aliases, send-as) that count as the rep. */
  addresses: z.array(addressSchema).default([]),
  /**
   * The rep's company domains, when set: exactly these (and their subdomains) are colleagues, in place
   * of the domains of the rep's addresses (lib/domain/addresses.ts `createSides`). Empty: those
   * domains. Consumer domains are refused.
   */
  companyDomains: z.array(companyDomainSchema).default([]),
  timeZone: timeZoneSchema.default('UTC'),
  workingHours: workingHoursSchema.default(DEFAULT_WORKING_HOURS),
  /** A Chrome notification when a trigger fires that is due within the hour. */
  notifications: z.boolean().default(true),
});
export type AccountSettings = z.infer<typeof accountSettingsSchema>;
export type AccountSettingsInput = z.input<typeof accountSettingsSchema>;

export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = accountSettingsSchema.parse({});

/** Hosts a plain-http provider may be on: this machine only, where nothing travels the network. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere; http only to this machine (a local model server), so neither key nor mail travels in the clear. */
const providerUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).refine((value) => {
  // The domain core has no URL class (no DOM or Node types): scheme and host by the URL grammar.
  const [, scheme, host] = /^([a-z]+):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(value) ?? [];
  return scheme?.toLowerCase() === 'https' || LOOPBACK.has(host?.toLowerCase() ?? '');
}, 'must be https (http only for localhost, 127.0.0.1 or [::1])');

/**
 * Where drafts are written: any OpenAI-compatible endpoint. The API key is not part of this; only
 * the background holds it, bound to this URL's origin.
 */
export const draftingSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  baseUrl: providerUrlSchema.default('https://api.openai.com/v1'),
  model: z.string().trim().min(1, 'must not be empty').default('gpt-4o-mini'),
  /** Tokens of relationship history a prompt may carry. */
  contextTokens: z.number().int().min(1_000).max(200_000).default(6_000),
});
export type DraftingSettings = z.infer<typeof draftingSettingsSchema>;

export const DEFAULT_DRAFTING_SETTINGS: DraftingSettings = draftingSettingsSchema.parse({});
