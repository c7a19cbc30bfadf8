import type {
  ContactRecord,
  DealInputFields,
  DealRecord,
  InputRecord,
  MeetingRecord,
  MessageRecord,
  StageEventRecord,
  TriggerRecord,
} from './records';

/** The rows a store kept before it kept inputs (schema 4, backup format 1). */
export interface RowsWithoutInputs {
  deals: readonly DealRecord[];
  contacts: readonly ContactRecord[];
  messages: readonly MessageRecord[];
  stageEvents: readonly StageEventRecord[];
  meetings: readonly MeetingRecord[];
  triggers: readonly TriggerRecord[];
}

/**
 * The inputs that rows derived before inputs were kept must have come from, as near as the rows tell:
 * each message; each deal's creation (its first stage, and the contacts known by its creation); each
 * stage change after it; a dismissal for each dismissed trigger; a close; each meeting; each ticked
 * checklist item and each role the rep set. Folding these gives the deal back, with trigger ids of
 * the current form.
 */
export function deriveInputs(rows: RowsWithoutInputs): { inputs: InputRecord[]; inputCounts: Map<string, number> } {
  const names = new Map<string, string>();
  for (const contact of rows.contacts) if (contact.name) names.set(contact.address, contact.name);
  const inputs: InputRecord[] = rows.messages.map((message) => {
    const participants = [...new Set([message.from, ...message.to, ...message.cc])];
    return {
      id: message.id,
      kind: 'message',
      deal: message.deal,
      at: message.at,
      thread: message.thread,
      from: message.from,
      to: message.to,
      cc: message.cc,
      subject: message.subject,
      participants,
      partial: false,
      names: Object.fromEntries(
        participants.flatMap((address) => (names.has(address) ? [[address, names.get(address)!]] : [])),
      ),
    };
  });
  const byDeal = <Row extends { deal: string }>(list: readonly Row[]) => {
    const map = new Map<string, Row[]>();
    for (const row of list) {
      const own = map.get(row.deal) ?? [];
      own.push(row);
      map.set(row.deal, own);
    }
    return map;
  };
  const changes = byDeal(rows.stageEvents);
  const contacts = byDeal(rows.contacts);
  const dismissed = byDeal(rows.triggers.filter((trigger) => trigger.status === 'dismissed'));
  const meetings = byDeal(rows.meetings);
  const inputCounts = new Map<string, number>();
  for (const deal of rows.deals) {
    const own: DealInputFields[] = [];
    const stageChanges = [...(changes.get(deal.id) ?? [])].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
    const people = contacts.get(deal.id) ?? [];
    own.push({
      kind: 'create',
      deal: deal.id,
      at: deal.createdAt,
      title: deal.title,
      stage: stageChanges[0]?.to ?? deal.stage,
      contacts: deal.contacts.filter((address) => {
        const row = people.find((person) => person.address === address);
        return !row || row.firstSeenAt <= deal.createdAt;
      }),
    });
    for (const change of stageChanges.slice(1)) {
      own.push({ kind: 'advance', deal: deal.id, at: change.at, to: change.to, evidence: change.evidence });
    }
    // One dismissal per moment: a dismiss ends every open trigger of its kind (and stakeholder) at once.
    const seen = new Set<string>();
    for (const trigger of dismissed.get(deal.id) ?? []) {
      const at = trigger.resolvedAt ?? trigger.firedAt;
      const stakeholder = trigger.kind === 'new_stakeholder' ? trigger.stakeholder : null;
      const key = `${at}|${trigger.kind}|${stakeholder}`;
      if (seen.has(key)) continue;
      seen.add(key);
      own.push({ kind: 'dismiss', deal: deal.id, at, trigger: trigger.kind, stakeholder });
    }
    const allMeetings = new Map<string, MeetingRecord>();
    for (const meeting of [...(meetings.get(deal.id) ?? []), ...deal.upcomingMeetings])
      allMeetings.set(meeting.id, meeting);
    for (const meeting of allMeetings.values()) {
      own.push({
        kind: 'meeting',
        deal: deal.id,
        at: meeting.recordedAt,
        meeting: meeting.id,
        title: meeting.title,
        start: meeting.start,
        end: meeting.end,
      });
    }
    if (deal.status !== 'open' && deal.closedAt !== null) {
      own.push({ kind: 'close', deal: deal.id, at: deal.closedAt, outcome: deal.status });
    }
    for (const [stage, items] of Object.entries(deal.checklist)) {
      for (const item of items)
        own.push({ kind: 'checklist', deal: deal.id, at: deal.createdAt, stage, item, done: true });
    }
    for (const person of people) {
      if (person.role !== 'stakeholder' && person.role !== 'buyer') {
        own.push({ kind: 'role', deal: deal.id, at: deal.createdAt, address: person.address, role: person.role });
      }
    }
    // Creation first at equal times; otherwise as they happened.
    const ordered = own
      .map((input, index) => ({ input, index }))
      .sort((a, b) => a.input.at - b.input.at || a.index - b.index);
    ordered.forEach(({ input }, seq) => inputs.push({ ...input, id: `${deal.id}:${seq}`, seq }));
    inputCounts.set(deal.id, ordered.length);
  }
  return { inputs, inputCounts };
}
