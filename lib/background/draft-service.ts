import Dexie from 'dexie';
import { withoutTag } from '@/lib/domain/addresses';
import { DomainError } from '@/lib/domain/errors';
import { fnv1a } from '@/lib/domain/drafting/text';
import type { Draft } from '@/lib/domain/drafting/types';
import {
  DEFAULT_VOICE,
  learnVoice,
  voiceBody,
  voiceOverrideSchema,
  type VoiceOverride,
  type VoiceProfile,
} from '@/lib/domain/drafting/voice';
import { buildDraftContext, writeDraft, type DraftProvider, type DraftSource } from '@/lib/domain/drafting/write-draft';
import type { Instant } from '@/lib/domain/engine/types';
import type { AccountSettings, DraftingSettings } from '@/lib/domain/settings';
import type { Workflow } from '@/lib/domain/workflow';
import type { EmberDatabase } from '@/lib/store/database';

/** How many of the rep's latest sends the voice is learned from. */
const VOICE_SAMPLE = 50;
const VOICE_OVERRIDE_KEY = 'voiceOverride';
const NOTE_PREFIX = /^note:\s*/i;
/**
 * What the drafting code makes of a history, in a word: raise it when drafts would come out
 * different for the same history, so cached drafts made by older code are made again.
 */
export const DRAFTING_VERSION = 2;
const HOUR = 3_600_000;

export interface DraftServiceDeps {
  account: string;
  db: EmberDatabase;
  settings: () => Promise<AccountSettings>;
  workflow: () => Promise<Workflow>;
  drafting: () => Promise<DraftingSettings>;
  /** The configured provider, or null when drafting with one is off. */
  provider: () => Promise<DraftProvider | null>;
  /** The rep's busy times between two instants (Google's free/busy), when a calendar is connected. */
  busy?: (from: Instant, to: Instant) => Promise<{ start: Instant; end: Instant }[]>;
  clock: () => Instant;
}

/** How far ahead a booking reads the rep's calendar: its slots fall on the next few working days. */
const BUSY_LOOKAHEAD = 21 * 24 * HOUR;

/**
 * Drafts for one account: the relationship read from the store, the rep's voice from their sends,
 * a provider when one is set up, cached per trigger until the history changes. The provider is
 * called outside any transaction: nothing waits on the network while holding the database.
 */
export class DraftService {
  /** Drafts being written, by trigger and history: a second ask while one is written waits for it. */
  private readonly writing = new Map<string, Promise<Draft>>();

  constructor(private readonly deps: DraftServiceDeps) {}

  async voiceOverride(): Promise<VoiceOverride> {
    const stored = await this.deps.db.settings.get(VOICE_OVERRIDE_KEY);
    const parsed = voiceOverrideSchema.safeParse(stored?.value ?? {});
    return parsed.success ? parsed.data : {};
  }

  async saveVoiceOverride(override: VoiceOverride): Promise<void> {
    await this.deps.db.settings.put({ key: VOICE_OVERRIDE_KEY, value: override });
  }

  /** The rep's voice, from their latest sends (an index range, newest first). */
  async voice(): Promise<VoiceProfile> {
    // The rep's own sends only: a colleague's mail to a buyer is outbound too, but not this voice.
    const settings = await this.deps.settings();
    const own = new Set([this.deps.account, ...settings.addresses].map((address) => withoutTag(address.toLowerCase())));
    const sends = await this.deps.db.messages
      .where('[direction+at]')
      .between(['outbound', Dexie.minKey], ['outbound', Dexie.maxKey])
      .reverse()
      .filter((message) => own.has(withoutTag(message.from)))
      .limit(VOICE_SAMPLE)
      .toArray();
    const override = await this.voiceOverride();
    const bodies = sends.reverse().map((message) => voiceBody(message.text, message.closing));
    return sends.length === 0 && Object.keys(override).length === 0 ? DEFAULT_VOICE : learnVoice(bodies, override);
  }

  private async source(triggerId: string, reason: string | null): Promise<DraftSource> {
    const { db } = this.deps;
    const [settings, workflow, drafting, voice] = await Promise.all([
      this.deps.settings(),
      this.deps.workflow(),
      this.deps.drafting(),
      this.voice(),
    ]);
    return db.transaction('r', db.allTables, async () => {
      const trigger = await db.triggers.get(triggerId);
      if (!trigger) throw new DomainError(`unknown trigger "${triggerId}"`);
      const deal = await db.deals.get(trigger.deal);
      if (!deal) throw new DomainError(`unknown deal "${trigger.deal}"`);
      const first = [deal.id, Dexie.minKey];
      const last = [deal.id, Dexie.maxKey];
      const [messages, contacts, meetings, stageEvents] = await Promise.all([
        db.messages.where('[deal+at]').between(first, last).toArray(),
        db.contacts.where('[deal+address]').between(first, last).toArray(),
        db.meetings.where('[deal+start]').between(first, last).toArray(),
        db.stageEvents.where('[deal+at]').between(first, last).toArray(),
      ]);
      const messageIds = new Set(messages.map((message) => message.id));
      return {
        account: this.deps.account,
        settings,
        workflow,
        voice,
        deal: {
          title: deal.title,
          stage: deal.stage,
          checklist: deal.checklist,
          // Stage changes come oldest first ([deal+at]): the last one entered the current stage.
          stageEnteredAt: stageEvents.at(-1)?.at ?? null,
        },
        trigger,
        contacts: contacts.map(({ address, name, role, firstSeenAt, lastHeardAt }) => ({
          address,
          name,
          role,
          firstSeenAt,
          lastHeardAt,
        })),
        messages: messages.map(({ id, thread, from, to, cc, at, direction, subject, text }) => ({
          id,
          thread,
          from,
          to,
          cc,
          at,
          direction,
          subject,
          text,
        })),
        // A meeting the rep declined did not happen for them: no recap, no "as we discussed".
        meetings: meetings
          .filter((meeting) => !meeting.declined)
          .map(({ title, start, end }) => ({ title, start, end })),
        notes: stageEvents
          .filter((event) => event.evidence !== null && !messageIds.has(event.evidence))
          .map((event) => ({ at: event.at, text: event.evidence!.replace(NOTE_PREFIX, '') })),
        reason,
        now: this.deps.clock(),
        tokenBudget: drafting.contextTokens,
      };
    });
  }

  /** What the draft depends on; a cached draft is reused while this is unchanged. */
  private hash(source: DraftSource, providerOn: boolean): string {
    return fnv1a(
      JSON.stringify([
        DRAFTING_VERSION,
        source.trigger.id,
        source.deal,
        source.messages.map((message) => message.id),
        source.contacts.map((contact) => [contact.address, contact.role]),
        source.meetings,
        source.busy ?? null,
        source.notes,
        source.reason,
        source.voice,
        source.settings,
        providerOn,
        // A booking's slots start two hours from now: one made in an earlier hour may offer a past slot.
        source.trigger.action === 'book_meeting' ? Math.floor(source.now / HOUR) : null,
      ]),
    );
  }

  /** The draft for a trigger: cached when nothing it depends on changed, unless `regenerate`. */
  async draft(triggerId: string, options: { reason?: string | null; regenerate?: boolean } = {}): Promise<Draft> {
    const read = await this.source(triggerId, options.reason?.trim() || null);
    // Read outside the store's transaction: nothing waits on the network while holding the database.
    const source =
      read.trigger.action === 'book_meeting' && this.deps.busy
        ? { ...read, busy: await this.deps.busy(read.now, read.now + BUSY_LOOKAHEAD) }
        : read;
    const provider = await this.deps.provider();
    const historyHash = this.hash(source, provider !== null);
    const key = `${triggerId}|${historyHash}`;
    if (!options.regenerate) {
      const cached = await this.deps.db.drafts.get(triggerId);
      if (cached?.historyHash === historyHash) return cached.draft;
      // The sidebar can ask for a trigger's draft while its pre-draft is still with the provider.
      const pending = this.writing.get(key);
      if (pending) return pending;
    }
    const writing = this.write(source, provider, historyHash);
    this.writing.set(key, writing);
    try {
      return await writing;
    } finally {
      if (this.writing.get(key) === writing) this.writing.delete(key);
    }
  }

  private async write(source: DraftSource, provider: DraftProvider | null, historyHash: string): Promise<Draft> {
    const draft = await writeDraft(buildDraftContext(source), provider);
    await this.deps.db.drafts.put({
      trigger: source.trigger.id,
      deal: source.trigger.deal,
      historyHash,
      createdAt: this.deps.clock(),
      draft,
    });
    return draft;
  }
}
