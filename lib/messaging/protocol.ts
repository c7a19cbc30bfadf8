import { z } from 'zod';
import { addressSchema } from '@/lib/domain/address-schemas';
import { accountSettingsSchema, draftingSettingsSchema } from '@/lib/domain/settings';
import { voiceOverrideSchema } from '@/lib/domain/drafting/voice';
import { ACTIONS, savableWorkflowSchema, TRIGGER_KINDS, workflowSchema } from '@/lib/domain/workflow';
import { CONTACT_ROLES } from './contact-roles';

/**
 * The one protocol between the background (which owns all data and network calls) and every other
 * context. Each request and response has a zod schema, checked on receipt on both sides. Times are
 * epoch milliseconds. Requests are verbs.
 */

const id = z.string().trim().min(1, 'must not be empty').max(512, 'is too long');
const instant = z.number().int().nonnegative();
const account = addressSchema;
const accountRequest = z.object({ account });

export const messageInputSchema = z.object({
  id,
  thread: id,
  /** Absent when the source could not read one: the message is set aside, not dated "now". */
  at: instant.optional(),
  /** As the header has it: `Dana Lee <dana@acme.com>` or a bare address. */
  from: z.string().max(1_000),
  to: z.array(z.string().max(1_000)).max(500).default([]),
  cc: z.array(z.string().max(1_000)).max(500).default([]),
  subject: z.string().max(10_000).default(''),
  /** Plain-text body as Gmail shows it; quoted replies and signatures are removed on ingestion. */
  body: z.string().default(''),
  /** An incomplete copy (the unread feed's: its own thread id, only the rep as recipient, a summary): a full copy replaces it. */
  partial: z.boolean().optional(),
});
export type MessageInput = z.input<typeof messageInputSchema>;

const dealSchema = z.object({
  id: z.string(),
  title: z.string(),
  stage: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  contacts: z.array(z.string()),
  createdAt: instant,
  closedAt: instant.nullable(),
  lastActivityAt: instant.nullable(),
  lastInboundAt: instant.nullable(),
  openTriggerCount: z.number().int(),
  nextDueAt: instant.nullable(),
  checklist: z.record(z.string(), z.array(z.string())),
});
export type DealView = z.infer<typeof dealSchema>;

const triggerSchema = z.object({
  id: z.string(),
  deal: z.string(),
  seq: z.number().int(),
  kind: z.enum(TRIGGER_KINDS),
  stage: z.string(),
  action: z.enum(ACTIONS),
  stakeholder: z.string().nullable(),
  firedAt: instant,
  dueAt: instant,
  status: z.enum(['open', 'done', 'dismissed', 'superseded', 'closed']),
  resolvedAt: instant.nullable(),
  resolvedBy: z.string().nullable(),
  latencyMinutes: z.number().nullable(),
  businessMinutes: z.number().nullable(),
  withinSla: z.boolean().nullable(),
});
export type TriggerView = z.infer<typeof triggerSchema>;

const contactSchema = z.object({
  address: z.string(),
  name: z.string().nullable(),
  role: z.enum(CONTACT_ROLES),
  firstSeenAt: instant,
  lastHeardAt: instant.nullable(),
});

const messageSummarySchema = z.object({
  id: z.string(),
  thread: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  at: instant,
  direction: z.enum(['inbound', 'outbound', 'internal']),
  subject: z.string(),
  snippet: z.string(),
});

const stageEventSchema = z.object({
  id: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  at: instant,
  evidence: z.string().nullable(),
});

const meetingSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  start: instant,
  end: instant,
  recordedAt: instant,
});

export const dealDetailSchema = z.object({
  deal: dealSchema,
  contacts: z.array(contactSchema),
  threads: z.array(z.string()),
  /** Every trigger of the deal, open ones included, in the order they fired. */
  triggers: z.array(triggerSchema),
  messages: z.array(messageSummarySchema),
  stageEvents: z.array(stageEventSchema),
  meetings: z.array(meetingSchema),
});
export type DealDetail = z.infer<typeof dealDetailSchema>;

export const queueItemSchema = z.object({
  trigger: triggerSchema,
  deal: z.object({ id: z.string(), title: z.string(), stage: z.string() }),
  overdue: z.boolean(),
  /** The thread to open for it: the deal's most recent. */
  thread: z.string().nullable(),
  /** The first line of the pre-made draft, when there is one. */
  draftLine: z.string().nullable(),
});
export type QueueItemView = z.infer<typeof queueItemSchema>;

const statistic = z.number().nullable();
export const metricsSchema = z.object({
  asOf: instant,
  timeInStage: z.record(z.string(), z.object({ completed: z.number(), medianHours: statistic, open: z.number() })),
  conversion: z.record(
    z.string(),
    z.object({ entered: z.number(), advanced: z.number(), lost: z.number(), rate: statistic }),
  ),
  latency: z.record(
    z.enum(TRIGGER_KINDS),
    z.object({
      count: z.number(),
      medianMinutes: statistic,
      p90Minutes: statistic,
      medianBusinessMinutes: statistic,
      met: z.number(),
      missed: z.number(),
      withinSlaRate: statistic,
    }),
  ),
});

const latencyFiguresSchema = z.object({
  count: z.number(),
  medianMinutes: statistic,
  p90Minutes: statistic,
  medianBusinessMinutes: statistic,
  p90BusinessMinutes: statistic,
  met: z.number(),
  missed: z.number(),
  withinSlaRate: statistic,
});

export const dashboardSchema = z.object({
  asOf: instant,
  metrics: metricsSchema.omit({ asOf: true }),
  timeInStage: z.array(
    z.object({
      stage: z.string(),
      name: z.string(),
      completed: z.number(),
      open: z.number(),
      medianHours: statistic,
      p90Hours: statistic,
      longest: z.array(z.object({ deal: z.string(), title: z.string(), hours: z.number() })),
    }),
  ),
  funnel: z.array(
    z.object({
      stage: z.string(),
      name: z.string(),
      entered: z.number(),
      advanced: z.number(),
      lost: z.number(),
      rate: statistic,
    }),
  ),
  winRate: statistic,
  latencyByKind: z.array(latencyFiguresSchema.extend({ kind: z.enum(TRIGGER_KINDS) })),
  latencyByStage: z.array(latencyFiguresSchema.extend({ stage: z.string(), name: z.string() })),
  distribution: z.array(z.object({ bucket: z.string(), count: z.number() })),
  weekly: z.array(z.object({ week: z.string(), met: z.number(), missed: z.number(), withinSlaRate: statistic })),
  fixNext: z.object({ stage: z.string(), name: z.string(), why: z.string() }).nullable(),
  trim: z.array(z.string()),
});
export type DashboardView = z.infer<typeof dashboardSchema>;

const placementSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deal'), deal: z.string(), direction: z.enum(['inbound', 'outbound', 'internal']) }),
  z.object({ kind: z.literal('unlinked'), candidates: z.array(z.string()) }),
  z.object({ kind: z.literal('ignored') }),
  z.object({ kind: z.literal('duplicate') }),
]);

const threadLookupSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linked'), linkedBy: z.enum(['rep', 'explicit', 'contact']), detail: dealDetailSchema }),
  /** Mail here would go to this deal: one open deal has a participant among its contacts. */
  z.object({ kind: z.literal('contact'), detail: dealDetailSchema }),
  z.object({ kind: z.literal('ambiguous'), candidates: z.array(dealSchema) }),
  z.object({ kind: z.literal('unlinked-by-rep') }),
  z.object({ kind: z.literal('none') }),
]);
export type ThreadLookup = z.infer<typeof threadLookupSchema>;

export const accountSummarySchema = z.object({ account: z.string(), lastSeenAt: instant });

const draftingViewSchema = draftingSettingsSchema.extend({
  hasApiKey: z.boolean(),
  /** Why the saved settings were not used as they were (a base URL today's rules refuse), in words. */
  notice: z.string().nullable(),
});

/** The backup file is checked in full by the store's own schema; here it passes as JSON. */
const backupSchema = z.record(z.string(), z.unknown());

const ok = z.object({ ok: z.literal(true) });

export const autoBackupStatusSchema = z.object({
  enabled: z.boolean(),
  lastBackupAt: instant.nullable(),
  nextAt: instant.nullable(),
  error: z.object({ at: instant, message: z.string() }).nullable(),
});
export type AutoBackupStatus = z.infer<typeof autoBackupStatusSchema>;

export const draftSchema = z.object({
  kind: z.enum(ACTIONS),
  subject: z.string(),
  body: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  source: z.enum(['template', 'provider']),
  factsUsed: z.array(z.string()),
  warnings: z.array(z.string()),
  /** Exactly what goes (or would go) to the provider: the "what will be sent" view. */
  prompt: z.object({ system: z.string(), user: z.string() }),
  note: z.string().nullable(),
  needsReason: z.boolean(),
  questions: z.array(z.string()),
  reason: z.string(),
  /** The buyer's latest message meets the stage's exit criterion: advancing is suggested. */
  advance: z.object({ to: z.string(), toName: z.string(), evidence: z.string(), why: z.string() }).nullable(),
});
export type DraftView = z.infer<typeof draftSchema>;

const voiceSchema = z.object({
  profile: z.object({
    greeting: z.string(),
    greetingMark: z.string(),
    signOff: z.string(),
    typicalWords: z.number(),
    averageSentenceWords: z.number(),
    formality: z.enum(['casual', 'neutral', 'formal']),
    excerpts: z.array(z.string()),
    sampleSize: z.number(),
  }),
  override: voiceOverrideSchema,
});

/** The background's Google sync of an account, as the options page and the side panel show it. */
export const googleStatusSchema = z.object({
  /** Whether this build can connect Google (an OAuth client id was configured at build time). */
  available: z.boolean(),
  connection: z.object({ account: z.string(), connectedAt: instant, via: z.enum(['identity', 'web-auth']) }).nullable(),
  lastSyncAt: instant.nullable(),
  lastError: z.string().nullable(),
  /** Only connecting again helps. */
  reconnect: z.boolean(),
  backfill: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
  backlog: z.number().int().nonnegative(),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type GoogleStatusView = z.infer<typeof googleStatusSchema>;

function request<Request extends z.ZodType, Response extends z.ZodType>(
  requestSchema: Request,
  responseSchema: Response,
) {
  return { request: requestSchema, response: responseSchema };
}

export const protocol = {
  listAccounts: request(z.object({}), z.array(accountSummarySchema)),
  getDealForThread: request(
    accountRequest.extend({ thread: id, participants: z.array(z.string().max(1_000)).max(500).default([]) }),
    threadLookupSchema,
  ),
  getDeal: request(accountRequest.extend({ deal: id }), dealDetailSchema),
  createDeal: request(
    accountRequest.extend({
      /** Normally generated; given by imports and tests. */
      id: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be letters, digits, "_", ".", ":" or "-"')
        .optional(),
      title: z.string().trim().min(1, 'must not be empty').max(300, 'is too long'),
      stage: z.string().optional(),
      contacts: z.array(addressSchema).max(200).default([]),
      thread: id.optional(),
    }),
    dealDetailSchema,
  ),
  linkThread: request(accountRequest.extend({ thread: id, deal: id }), dealDetailSchema),
  searchDeals: request(
    accountRequest.extend({
      query: z.string().max(200).default(''),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    z.array(dealSchema),
  ),
  /** Stage and urgency of the deals these threads belong to, for the inbox's thread rows. */
  getThreadLabels: request(
    accountRequest.extend({ threads: z.array(id).max(500) }),
    z.array(z.object({ thread: z.string(), deal: z.string(), stage: z.string(), overdue: z.boolean() })),
  ),
  setContactRole: request(
    accountRequest.extend({ deal: id, address: addressSchema, role: z.enum(CONTACT_ROLES) }),
    dealDetailSchema,
  ),
  setChecklistItem: request(
    accountRequest.extend({ deal: id, stage: id, item: z.string().max(500), done: z.boolean() }),
    dealDetailSchema,
  ),
  unlinkThread: request(accountRequest.extend({ thread: id }), ok),
  ingestMessages: request(
    accountRequest.extend({ messages: z.array(messageInputSchema).max(500, 'at most 500 messages at a time') }),
    // A message Ember could not read is set aside, with the reason; the rest of the batch is placed.
    z.array(
      z.union([
        z.object({ message: z.string(), placement: placementSchema }),
        z.object({ message: z.string(), placement: z.null(), setAside: z.string() }),
      ]),
    ),
  ),
  listSetAside: request(
    accountRequest.extend({ thread: id.optional() }),
    z.array(z.object({ message: z.string(), thread: z.string(), reason: z.string(), at: instant })),
  ),
  recordSend: request(accountRequest.extend({ message: messageInputSchema.omit({ from: true }) }), placementSchema),
  advanceStage: request(
    accountRequest.extend({
      deal: id,
      to: z.string().optional(),
      evidence: z.string().trim().max(2_000).optional(),
    }),
    dealDetailSchema,
  ),
  closeDeal: request(accountRequest.extend({ deal: id, outcome: z.enum(['won', 'lost']) }), dealDetailSchema),
  recordMeeting: request(
    accountRequest.extend({ deal: id, start: instant, end: instant, title: z.string().max(500).optional() }),
    dealDetailSchema,
  ),
  dismissTrigger: request(
    accountRequest.extend({ deal: id, kind: z.enum(TRIGGER_KINDS), stakeholder: addressSchema.optional() }),
    dealDetailSchema,
  ),
  getQueue: request(accountRequest, z.array(queueItemSchema)),
  snoozeTrigger: request(accountRequest.extend({ trigger: id, until: instant }), ok),
  /** What is snoozed, soonest to wake first: the queue's "Snoozed" group. */
  getSnoozed: request(accountRequest, z.array(queueItemSchema.extend({ until: instant }))),
  unsnoozeTrigger: request(accountRequest.extend({ trigger: id }), ok),
  loadSampleData: request(accountRequest, ok),
  removeSampleData: request(accountRequest, z.object({ removed: z.number().int() })),
  getDashboard: request(
    accountRequest.extend({ from: instant.optional(), to: instant.optional() }),
    z.object({
      dashboard: dashboardSchema,
      unlinked: z.array(
        z.object({
          message: z.string(),
          thread: z.string(),
          from: z.string(),
          at: instant,
          candidates: z.array(z.object({ id: z.string(), title: z.string() })),
        }),
      ),
    }),
  ),
  getMetrics: request(accountRequest.extend({ from: instant.optional(), to: instant.optional() }), metricsSchema),
  getWorkflow: request(
    accountRequest,
    z.object({
      version: z.number().int(),
      workflow: workflowSchema,
      /** Names of every stage any version had: history keeps the names it had. */
      stageNames: z.record(z.string(), z.string()),
      /** Open deals per stage, so removing a stage can ask where they go. */
      openDeals: z.record(z.string(), z.number()),
    }),
  ),
  saveWorkflow: request(
    accountRequest.extend({
      // A new version may not repeat a stage name; versions stored before that rule still read.
      workflow: savableWorkflowSchema,
      /** Where open deals in a removed stage go: old stage id → new stage id. */
      moves: z.record(z.string(), z.string()).default({}),
    }),
    z.object({ version: z.number().int(), workflow: workflowSchema }),
  ),
  getSettings: request(accountRequest, accountSettingsSchema),
  saveSettings: request(accountRequest.extend({ settings: accountSettingsSchema }), accountSettingsSchema),
  getDraftingSettings: request(z.object({}), draftingViewSchema),
  saveDraftingSettings: request(
    z.object({
      settings: draftingSettingsSchema,
      /** A new key; absent keeps the current one, "" removes it. */
      apiKey: z.string().max(500).optional(),
    }),
    draftingViewSchema,
  ),
  getDraft: request(
    accountRequest.extend({
      trigger: id,
      /** For a follow-up: what is new, typed by the rep. */
      reason: z.string().trim().max(500).optional(),
      regenerate: z.boolean().default(false),
    }),
    draftSchema,
  ),
  /** Puts a trigger's draft into Gmail: held for its thread's reply box in every open Gmail tab. */
  sendDraftToGmail: request(
    accountRequest.extend({ trigger: id }),
    z.object({ thread: z.string(), delivered: z.number().int() }),
  ),
  /**
   * Gmail's content script asks for its UI (the React sidebar and queue, the unlisted script
   * entrypoints/gmail-ui.ts): the background runs it in the asking frame's content-script world.
   */
  loadGmailUi: request(z.object({}), ok),
  getVoice: request(accountRequest, voiceSchema),
  saveVoiceOverride: request(accountRequest.extend({ override: voiceOverrideSchema }), voiceSchema),
  testDraftingProvider: request(z.object({}), z.object({ ok: z.boolean(), message: z.string() })),
  exportData: request(accountRequest, backupSchema),
  /** When the rep last exported a backup of the account (null: never, in this browser). */
  getBackupStatus: request(accountRequest, z.object({ lastBackupAt: instant.nullable() })),
  /** The options page wrote a backup file itself (read in parts, never through a message). */
  recordBackup: request(accountRequest.extend({ exportedAt: instant }), ok),
  /** The weekly backup to Downloads: whether it is on, when it runs next, and why it last failed. */
  getAutoBackup: request(accountRequest, autoBackupStatusSchema),
  /** Turns it on (after the page got the `downloads` permission) or off. */
  setAutoBackup: request(accountRequest.extend({ enabled: z.boolean() }), autoBackupStatusSchema),
  /** From the offscreen page only: it made the account's backup file, here is its blob: URL. */
  saveAutoBackup: request(accountRequest.extend({ url: z.string().max(300), exportedAt: instant }), ok),
  /** From the offscreen page only: it could not make the file, and why. */
  failAutoBackup: request(accountRequest.extend({ reason: z.string().max(1_000) }), ok),
  importData: request(
    accountRequest.extend({ backup: z.unknown() }),
    z.object({ imported: z.record(z.string(), z.number()) }),
  ),
  /**
   * An import too large for one message, in three steps: the file's header, its rows table by table
   * in parts, then the commit, which checks the whole file and writes it in one transaction, or
   * nothing. Parts are held by the background until then; a worker stopped midway forgets them.
   */
  beginImport: request(
    accountRequest.extend({ header: z.record(z.string(), z.unknown()) }),
    z.object({ importId: id }),
  ),
  addImportPart: request(
    accountRequest.extend({ importId: id, table: z.string().max(64), rows: z.array(z.unknown()).max(100_000) }),
    ok,
  ),
  commitImport: request(
    accountRequest.extend({ importId: id }),
    z.object({ imported: z.record(z.string(), z.number()) }),
  ),
  deleteAllData: request(accountRequest, ok),
  /** Without an account: only whether this build can connect Google. */
  getGoogleStatus: request(z.object({ account: account.optional() }), googleStatusSchema),
  /** Shows Google's consent screen; answers with the status of the account connected. */
  connectGoogle: request(z.object({}), googleStatusSchema),
  disconnectGoogle: request(accountRequest, ok),
  /** Syncs now, instead of at the next minute, and answers once done. */
  syncGoogle: request(accountRequest, googleStatusSchema),
} as const;

export type Protocol = typeof protocol;
export type RequestType = keyof Protocol;
export type RequestInput<Type extends RequestType> = z.input<Protocol[Type]['request']>;
export type RequestData<Type extends RequestType> = z.output<Protocol[Type]['request']>;
export type ResponseData<Type extends RequestType> = z.output<Protocol[Type]['response']>;

/** What crosses the wire back: the response, or an error fit to show the rep. */
export type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
