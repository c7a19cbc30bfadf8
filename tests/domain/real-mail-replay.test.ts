import { describe, expect, test } from 'vitest';
import { REAL_MESSAGES } from '../fixtures/enron/messages';
import { isAutomatedAddress } from '@/lib/domain/bulk-mail';
import { draftSourceFromScenario } from '@/lib/domain/drafting/from-scenario';
import { buildDraftContext, writeDraft } from '@/lib/domain/drafting/write-draft';
import { normalizeAddress } from '@/lib/domain/addresses';
import { buildQueue } from '@/lib/domain/queue';
import { runScenario } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';

/**
 * Every mailbox of the real-mail fixture (tests/fixtures/enron) replayed as a scenario, with a deal
 * for each outside company its mail involves, then every deal with an open trigger drafted.
 */
const messages = REAL_MESSAGES;

/** Whose mailbox each folder is. */
const OWNERS: Record<string, string> = {
  'kaminski-v': 'vince.kaminski@enron.com',
  'shackleton-s': 'sara.shackleton@enron.com',
  'allen-p': 'phillip.allen@enron.com',
  'kean-s': 'steven.kean@enron.com',
  'dasovich-j': 'jeff.dasovich@enron.com',
  'beck-s': 'sally.beck@enron.com',
};

const addressesIn = (header: string) =>
  header
    .split(',')
    .map((part) => normalizeAddress(part))
    .filter((address): address is string => address !== null);
const iso = (date: string) => new Date(Date.parse(date)).toISOString();
const isOutside = (address: string) => !address.endsWith('@enron.com') && !isAutomatedAddress(address);

function scenarioFor(mailbox: string) {
  const mail = messages
    .filter((message) => message.folder.startsWith(`${mailbox}.`))
    .filter((message) => !Number.isNaN(Date.parse(message.date)) && normalizeAddress(message.from) !== null)
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  // One deal per outside company, made just before its first message, with its people as contacts.
  const companies = new Map<string, { first: number; contacts: Set<string> }>();
  for (const message of mail) {
    const people = [message.from, ...addressesIn(message.to), ...addressesIn(message.cc)]
      .map((address) => normalizeAddress(address))
      .filter((address): address is string => address !== null && isOutside(address));
    for (const address of people) {
      const domain = address.slice(address.indexOf('@') + 1);
      const company = companies.get(domain) ?? { first: Date.parse(message.date), contacts: new Set() };
      company.contacts.add(address);
      companies.set(domain, company);
    }
  }
  const events = [
    ...[...companies].map(([domain, { first, contacts }]) => ({
      at: iso(new Date(first - 60_000).toISOString()),
      type: 'deal',
      id: domain,
      title: domain,
      stage: 'contact',
      contacts: [...contacts],
    })),
    ...mail.map((message) => ({
      at: iso(message.date),
      type: 'message',
      id: message.messageId,
      thread: message.subject.replace(/^(?:\s*(?:re|fw|fwd)\s*:\s*)+/i, '').trim() || message.messageId,
      from: message.xFrom ? `"${message.xFrom.replace(/"/g, '')}" <${normalizeAddress(message.from)}>` : message.from,
      to: addressesIn(message.to),
      cc: addressesIn(message.cc),
      subject: message.subject,
      text: message.body,
    })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.type === 'deal' ? -1 : 1));
  return parseScenario({ me: [OWNERS[mailbox]], domains: ['enron.com'], timezone: 'America/Chicago', events });
}

/** Quoted history as it would show, datamarked, in a prompt's HISTORY. */
const QUOTED = /Original\u02c6Message|Forwarded\u02c6by|^\u02c6>|wrote:$/m;

/** Drafts written across the mailboxes: the checks below must have had something to check. */
let drafted = 0;

describe.each(Object.keys(OWNERS))('the %s mailbox, replayed and drafted', (mailbox) => {
  test('replays without an error; no draft greets by an address or "Last,", signs as a colleague, quotes history or writes to an automated address', async () => {
    const scenario = scenarioFor(mailbox);
    const run = await runScenario(scenario);
    const owner = OWNERS[mailbox]!;
    const ownFirstName = owner.split('.')[0]!;
    // The given names of everyone else who wrote in this mailbox: a sign-off with one is a colleague's.
    const others = new Set(
      scenario.events.flatMap((event) => {
        if (event.type !== 'message' || event.from === owner) return [];
        const name = scenario.displayNames.get(event.from) ?? '';
        const given = name.includes(',') ? name.split(',')[1]?.trim().split(/\s+/)[0] : name.split(/\s+/)[0];
        return given && given.toLowerCase() !== ownFirstName ? [given.toLowerCase()] : [];
      }),
    );
    for (const [dealId, state] of run.store.deals) {
      if (buildQueue(state.openTriggers, run.asOf).length === 0) continue;
      const context = buildDraftContext(draftSourceFromScenario(scenario, run, dealId));
      const draft = await writeDraft(context, null);
      drafted += 1;
      for (const address of [...draft.to, ...draft.cc]) expect(isAutomatedAddress(address)).toBe(false);
      const history = draft.prompt.user.slice(0, draft.prompt.user.indexOf('\nFACTS ('));
      expect(history).not.toMatch(QUOTED);
      const signer = (context.rep.voice.signOff.split('\n')[1] ?? '').split(/\s+/)[0]!.toLowerCase();
      expect(others.has(signer)).toBe(false);
      if (draft.body === '') continue;
      const greeting = draft.body.split('\n')[0]!;
      // One comma at most, the greeting's own: "Hi Becker,," or "Hi Becker, Tom," never.
      expect(greeting).toMatch(/^(?:Hi|Hey|Hello|Dear)\b[^,]*[,—]?$/);
      for (const address of draft.to) {
        const local = address.slice(0, address.indexOf('@')).toLowerCase();
        expect(greeting.toLowerCase()).not.toContain(` ${local}`);
      }
    }
  });
});

test('the mailboxes gave drafts to check', () => {
  expect(drafted).toBeGreaterThan(0);
});
