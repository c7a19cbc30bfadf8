import { describe, expect, test } from 'vitest';
import { parseScenarioText, ScenarioError } from '@/lib/domain/scenario/scenario';
import { replay } from '@/lib/domain/scenario/replay';

const AT = '2026-04-06T09:00:00Z';
const LATER = '2026-04-06T10:00:00Z';
const LATEST = '2026-04-06T11:00:00Z';
const EARLIER = '2026-04-06T08:00:00Z';
const acme = { at: AT, type: 'deal', id: 'acme', contacts: ['dana@acme.com'] };
const mail = { at: LATER, type: 'message', id: 'm1', thread: 't1', from: 'dana@acme.com', to: ['sam@seller.com'] };
const scenario = (events: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ me: ['sam@seller.com'], ...extra, events });

async function errorOf(text: string): Promise<string> {
  try {
    await replay(parseScenarioText(text));
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('the scenario was accepted');
}

describe('a bad scenario is refused with one line naming the event and the field', () => {
  // prettier-ignore
  test.each([
    ['invalid JSON', '{"me": [', /^scenario: invalid JSON \(/],
    ['not an object', '[]', 'scenario: must be a JSON object'],
    ['no me', JSON.stringify({ events: [acme] }), 'scenario: "me" is required'],
    ['empty me', scenario([acme], { me: [] }), 'scenario: "me": needs at least one address'],
    ['bad me address', scenario([acme], { me: ['sam'] }), 'scenario: "me[0]": invalid address "sam"'],
    ['no events', scenario([]), 'scenario: "events": needs at least one event'],
    ['unknown time zone', scenario([acme], { timezone: 'Mars/Base' }), 'scenario: "timezone": unknown time zone "Mars/Base"'],
    ['bad working hours', scenario([acme], { workingHours: { days: [1], start: '17:00', end: '09:00' } }), 'scenario: "workingHours.end": must be after start'],
    ['workflow without a stage', scenario([acme], { workflow: { quietAfterDays: 10, stages: [] } }), 'scenario: "workflow.stages": a workflow needs at least one stage'],
    ['workflow stage without exit criterion', scenario([acme], { workflow: { quietAfterDays: 10, stages: [{ id: 'a', name: 'A' }] } }), 'scenario: "workflow.stages[0].exitCriterion" is required'],
    ['workflow rule with an unknown action', scenario([acme], { workflow: { quietAfterDays: 10, stages: [{ id: 'a', name: 'A', exitCriterion: 'x' }], rules: [{ trigger: 'quiet', action: 'call', maxDelay: 5 }] } }), /^scenario: "workflow.rules\[0\].action": must be one of "book_meeting"/],
    ['event type missing', scenario([{ at: AT }]), 'event 0: "type" is required'],
    ['unknown event type', scenario([{ at: AT, type: 'call' }]), 'event 0: unknown event type "call"'],
    ['missing required field', scenario([acme, { at: LATER, type: 'message', id: 'm1', thread: 't1' }]), 'event 1 (message): "from" is required'],
    ['invalid time', scenario([{ ...acme, at: '2026-04-06 09:00' }]), /^event 0 \(deal\): "at": invalid time "2026-04-06 09:00"/],
    ['time without a zone', scenario([{ ...acme, at: '2026-04-06T09:00:00' }]), /^event 0 \(deal\): "at": invalid time/],
    ['invalid meeting end', scenario([acme, { at: LATER, type: 'meeting', deal: 'acme', start: AT, end: 'soon' }]), /^event 1 \(meeting\): "end": invalid time "soon"/],
    ['meeting ending before it starts', scenario([acme, { at: LATER, type: 'meeting', deal: 'acme', start: LATER, end: AT }]), 'event 1 (meeting): a meeting cannot end before it starts'],
    ['events out of order', scenario([acme, { at: EARLIER, type: 'tick' }]), 'event 1 (tick): "at" is before that of event 0 (deal); only a message may come late'],
    ['an event before a late message\'s predecessor', scenario([acme, { at: LATEST, type: 'tick' }, { ...mail, at: AT }, { at: LATER, type: 'advance', deal: 'acme' }]), 'event 3 (advance): "at" is before that of event 1 (tick); only a message may come late'],
    ['an event before a message', scenario([acme, { ...mail, at: LATEST }, { at: LATER, type: 'tick' }]), 'event 2 (tick): "at" is before that of event 1 (message); only a message may come late'],
    ['the latest earlier event is named', scenario([acme, { at: LATEST, type: 'tick' }, { at: LATEST, type: 'tick' }, { at: LATER, type: 'tick' }]), 'event 3 (tick): "at" is before that of event 1 (tick); only a message may come late'],
    ['a message before a deal created earlier in the file', scenario([acme, { ...acme, id: 'globex', at: LATER }, { ...mail, at: AT }]), 'event 2 (message): "at" is before that of event 1 (deal); a message may come late, but not past a deal\'s creation'],
    ['a message before the first deal', scenario([{ ...acme, at: LATER }, { ...mail, at: AT }]), 'event 1 (message): "at" is before that of event 0 (deal); a message may come late, but not past a deal\'s creation'],
    ['an unknown top-level field near a known one', scenario([acme], { timeZone: 'UTC' }), 'scenario: "timeZone": unknown field (did you mean "timezone"?)'],
    ['an unknown top-level field one edit away', scenario([acme], { domain: ['seller.com'] }), 'scenario: "domain": unknown field (did you mean "domains"?)'],
    ['an unknown top-level field near nothing', scenario([acme], { owner: 'sam' }), 'scenario: "owner": unknown field'],
    ['an unknown message field', scenario([acme, { ...mail, c: ['lee@acme.com'] }]), 'event 1 (message): "c": unknown field (did you mean "cc"?)'],
    ['an unknown deal field', scenario([{ ...acme, contact: ['lee@acme.com'] }]), 'event 0 (deal): "contact": unknown field (did you mean "contacts"?)'],
    ['a transposed dismiss field', scenario([acme, { at: LATER, type: 'dismiss', deal: 'acme', kind: 'new_stakeholder', stakehodler: 'lee@acme.com' }]), 'event 1 (dismiss): "stakehodler": unknown field (did you mean "stakeholder"?)'],
    ['an unknown event field near nothing', scenario([acme, { at: LATER, type: 'tick', note: 'end of week' }]), 'event 1 (tick): "note": unknown field'],
    ['a field of another event type', scenario([acme, { ...mail, outcome: 'won' }]), 'event 1 (message): "outcome": unknown field'],
    ['partial not a boolean', scenario([acme, { ...mail, partial: 'yes' }]), 'event 1 (message): "partial": must be a boolean'],
    ['empty domains', scenario([acme], { domains: [] }), 'scenario: "domains": must list at least one domain'],
    ['domains not a list', scenario([acme], { domains: 'seller.com' }), 'scenario: "domains": must be an array'],
    ['a consumer domain among domains', scenario([acme], { domains: ['seller.com', 'GMail.com'] }), 'scenario: "domains[1]": "gmail.com" is a consumer mail domain, not a company\'s'],
    ['a domain that is no domain name', scenario([acme], { domains: ['seller'] }), 'scenario: "domains[0]": must be a domain such as acme.com'],
    ['an address among domains', scenario([acme], { domains: ['sam@seller.com'] }), 'scenario: "domains[0]": must be a domain such as acme.com'],
    ['unknown stage on a deal', scenario([{ ...acme, stage: 'proposal' }]), 'event 0 (deal): unknown stage "proposal"'],
    ['unknown stage on an advance', scenario([acme, { at: LATER, type: 'advance', deal: 'acme', to: 'proposal' }]), 'event 1 (advance): unknown stage "proposal"'],
    ['unknown deal', scenario([acme, { at: LATER, type: 'advance', deal: 'globex' }]), 'event 1 (advance): unknown deal "globex"'],
    ['unknown deal on a message', scenario([acme, { at: LATER, type: 'message', id: 'm', thread: 't', from: 'a@b.com', deal: 'globex' }]), 'event 1 (message): unknown deal "globex"'],
    ['deal id used twice', scenario([acme, { ...acme, at: LATER }]), 'event 1 (deal): deal "acme" already exists'],
    ['unknown outcome', scenario([acme, { at: LATER, type: 'close', deal: 'acme', outcome: 'draw' }]), 'event 1 (close): "outcome": unknown outcome "draw"'],
    ['unknown trigger kind', scenario([acme, { at: LATER, type: 'dismiss', deal: 'acme', kind: 'nudge' }]), 'event 1 (dismiss): "kind": unknown trigger kind "nudge"'],
    ['advance to the current stage', scenario([acme, { at: LATER, type: 'advance', deal: 'acme', to: 'identify' }]), 'event 1 (advance): deal "acme" is already in stage "identify"'],
    ['advance without to from the last stage', scenario([{ ...acme, stage: 'close' }, { at: LATER, type: 'advance', deal: 'acme' }]), 'event 1 (advance): "to" is required: "close" is the last stage'],
    ['advance of a closed deal', scenario([acme, { at: LATER, type: 'close', deal: 'acme', outcome: 'won' }, { at: LATER, type: 'advance', deal: 'acme' }]), 'event 2 (advance): deal "acme" is closed (won)'],
    ['close of a closed deal', scenario([acme, { at: LATER, type: 'close', deal: 'acme', outcome: 'lost' }, { at: LATER, type: 'close', deal: 'acme', outcome: 'won' }]), 'event 2 (close): deal "acme" is closed (lost)'],
    ['dismiss with a stakeholder for another kind', scenario([acme, { at: LATER, type: 'dismiss', deal: 'acme', kind: 'quiet', stakeholder: 'dana@acme.com' }]), 'event 1 (dismiss): "stakeholder" applies only to new_stakeholder, not quiet'],
    ['an invalid address', scenario([acme, { at: LATER, type: 'message', id: 'm', thread: 't', from: 'dana', to: [] }]), 'event 1 (message): "from": invalid address "dana"'],
    ['a field of the wrong type', scenario([acme, { at: LATER, type: 'message', id: 'm', thread: 't', from: 'a@b.com', to: 'sam@seller.com' }]), 'event 1 (message): "to": must be an array'],
  ] as const)('%s', async (_case, text, expected) => {
    const message = await errorOf(text);
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  test.each([
    ['a meeting for a closed deal', { at: LATER, type: 'meeting', deal: 'acme', start: AT, end: LATER }],
    ['a dismiss for a closed deal', { at: LATER, type: 'dismiss', deal: 'acme', kind: 'quiet' }],
  ])('%s is accepted and changes nothing', async (_case, event) => {
    const closed = [acme, { at: AT, type: 'close', deal: 'acme', outcome: 'lost' }];
    const before = await replay(parseScenarioText(scenario([...closed, { at: LATER, type: 'tick' }])));
    const after = await replay(parseScenarioText(scenario([...closed, event])));
    expect(after).toEqual(before);
  });
});

describe('what the format accepts', () => {
  const parse = (events: unknown[], extra: Record<string, unknown> = {}) => parseScenarioText(scenario(events, extra));

  // prettier-ignore
  test.each([
    ['a message after an event with a later "at"', [acme, { at: LATEST, type: 'tick' }, { ...mail, at: LATER }]],
    ['a message as old as the latest deal', [acme, { at: LATEST, type: 'tick' }, { ...mail, at: AT }]],
    ['a message older than a later non-deal event, then an event as late as the latest', [acme, { at: LATEST, type: 'advance', deal: 'acme' }, { ...mail, at: LATER }, { at: LATEST, type: 'tick' }]],
    ['events at the same time', [acme, { at: AT, type: 'tick' }, { ...mail, at: AT }]],
  ])('%s', (_case, events) => {
    expect(parse(events).events.map((event) => event.type)).toEqual(events.map((event) => event.type));
  });

  test.each([
    [{}, false],
    [{ partial: false }, false],
    [{ partial: true }, true],
  ])('a message with %j is carried as partial: %s', (fields, partial) => {
    const [, parsed] = parse([acme, { ...mail, ...fields }]).events;
    expect(parsed).toMatchObject({ type: 'message', partial });
  });

  test.each([
    [{}, undefined],
    [{ domains: ['EmberSeller.com', ' eu.ember.io '] }, ['emberseller.com', 'eu.ember.io']],
  ])('domains %j parse to %j', (extra, domains) => {
    expect(parse([acme], extra).domains).toEqual(domains);
  });
});
