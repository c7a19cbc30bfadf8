import { z } from 'zod';
import { addressSchema, companyDomainSchema } from '../address-schemas';
import { parseMailbox } from '../addresses';
import { instantSchema } from '../instant';
import { describeIssue, fieldErrorMap, unknownFieldIssue } from '../validation';
import { DEFAULT_WORKING_HOURS, timeZoneSchema, workingHoursSchema } from '../working-hours';
import { DEFAULT_WORKFLOW, TRIGGER_KINDS, workflowSchema } from '../workflow';

/**
 * The replay scenario format (tests/fixtures/scenarios/README.md, "Input"): a rep, their calendar and
 * workflow, and a timeline of events. Parsing turns it into typed events with epoch-millisecond times
 * and normalized addresses, or fails with one line that names the event and the field. A field
 * the format does not know is an error too: a misspelt optional field would otherwise be silently
 * ignored and the scenario would mean something else than its author thought.
 */

/** One line for stderr: `event 3 (advance): unknown stage "proposal"` or `scenario: "me" is required`. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** `unknown outcome "draw"` for a value outside an enum; a missing one is still "is required". */
function unknownValue(what: string): z.core.$ZodErrorMap {
  return (issue) => (issue.input === undefined ? 'is required' : `unknown ${what} ${JSON.stringify(issue.input)}`);
}

const idSchema = z.string().trim().min(1, 'must not be empty');
const addressesSchema = z.array(addressSchema).default([]);

const eventSchemas = {
  deal: z.object({
    type: z.literal('deal'),
    at: instantSchema,
    id: idSchema,
    title: z.string().optional(),
    stage: z.string().optional(),
    contacts: addressesSchema,
  }),
  message: z.object({
    type: z.literal('message'),
    at: instantSchema,
    id: idSchema,
    thread: idSchema,
    from: addressSchema,
    to: addressesSchema,
    cc: addressesSchema,
    subject: z.string().default(''),
    text: z.string().default(''),
    deal: idSchema.optional(),
    /** An incomplete copy, such as Gmail's unread feed gives; the replay keeps a fuller copy over it. */
    partial: z.boolean().default(false),
  }),
  meeting: z.object({
    type: z.literal('meeting'),
    at: instantSchema,
    deal: idSchema,
    start: instantSchema,
    end: instantSchema,
    title: z.string().optional(),
  }),
  advance: z.object({
    type: z.literal('advance'),
    at: instantSchema,
    deal: idSchema,
    to: z.string().optional(),
    evidence: z.string().optional(),
  }),
  close: z.object({
    type: z.literal('close'),
    at: instantSchema,
    deal: idSchema,
    outcome: z.enum(['won', 'lost'], { error: unknownValue('outcome') }),
  }),
  dismiss: z.object({
    type: z.literal('dismiss'),
    at: instantSchema,
    deal: idSchema,
    kind: z.enum(TRIGGER_KINDS, { error: unknownValue('trigger kind') }),
    stakeholder: addressSchema.optional(),
  }),
  tick: z.object({ type: z.literal('tick'), at: instantSchema }),
} as const;

export type EventType = keyof typeof eventSchemas;
export type ScenarioEvent = { [Type in EventType]: z.output<(typeof eventSchemas)[Type]> }[EventType];

const scenarioSchema = z.object({
  me: z.array(addressSchema).min(1, 'needs at least one address'),
  timezone: timeZoneSchema.default('UTC'),
  workingHours: workingHoursSchema.default(DEFAULT_WORKING_HOURS),
  /** The rep's company domains, replacing those of `me` when given (lib/domain/addresses.ts `createSides`). */
  domains: z.array(companyDomainSchema).min(1, 'must list at least one domain').optional(),
  workflow: workflowSchema.default(DEFAULT_WORKFLOW),
  events: z.array(z.unknown()).min(1, 'needs at least one event'),
});

export type Scenario = Omit<z.output<typeof scenarioSchema>, 'events'> & {
  events: ScenarioEvent[];
  /**
   * The display name mail headers give each address (`Dana Lee <dana@acme.com>`), the latest one
   * met: the engine compares bare addresses, but a draft greets a person by name.
   */
  displayNames: ReadonlyMap<string, string>;
};

function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.hasOwn(eventSchemas, type);
}

/** The label stderr lines start with: `event 3 (advance)`. */
export function eventLabel(index: number, type?: string): string {
  return type === undefined ? `event ${index}` : `event ${index} (${type})`;
}

function parseEvent(raw: unknown, index: number): ScenarioEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ScenarioError(`${eventLabel(index)}: must be an object`);
  }
  const { type } = raw as { type?: unknown };
  if (type === undefined) throw new ScenarioError(`${eventLabel(index)}: "type" is required`);
  if (!isEventType(type)) throw new ScenarioError(`${eventLabel(index)}: unknown event type ${JSON.stringify(type)}`);
  const unknownField = unknownFieldIssue(raw, Object.keys(eventSchemas[type].shape));
  if (unknownField !== null) throw new ScenarioError(`${eventLabel(index, type)}: ${unknownField}`);
  const result = eventSchemas[type].safeParse(raw, { error: fieldErrorMap });
  if (!result.success) throw new ScenarioError(`${eventLabel(index, type)}: ${describeIssue(result.error.issues[0]!)}`);
  return result.data;
}

/** Validates a parsed JSON scenario. Semantic errors (an unknown deal, say) surface when it is replayed. */
export function parseScenario(input: unknown): Scenario {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ScenarioError('scenario: must be a JSON object');
  }
  const unknownField = unknownFieldIssue(input, Object.keys(scenarioSchema.shape));
  if (unknownField !== null) throw new ScenarioError(`scenario: ${unknownField}`);
  const result = scenarioSchema.safeParse(input, { error: fieldErrorMap });
  if (!result.success) throw new ScenarioError(`scenario: ${describeIssue(result.error.issues[0]!)}`);
  const events = result.data.events.map(parseEvent);
  checkOrder(events);
  return { ...result.data, events, displayNames: displayNamesOf(result.data.events) };
}

/** The names in the raw message headers, by normalized address; the events were checked before. */
function displayNamesOf(rawEvents: readonly unknown[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of rawEvents) {
    if (typeof event !== 'object' || event === null || (event as { type?: unknown }).type !== 'message') continue;
    const { from, to, cc } = event as { from?: unknown; to?: unknown; cc?: unknown };
    const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
    for (const raw of [from, ...list(to), ...list(cc)]) {
      const mailbox = typeof raw === 'string' ? parseMailbox(raw) : null;
      if (mailbox?.name) names.set(mailbox.address, mailbox.name);
    }
  }
  return names;
}

interface Mark {
  at: number;
  index: number;
  type: EventType;
}

/**
 * Events come in the order Ember learns of them: in time order, except that mail may come late (an
 * old thread opened days later). Never past a deal's creation, though: a deal has no mail before it.
 */
function checkOrder(events: readonly ScenarioEvent[]): void {
  let latest: Mark | null = null;
  let latestDeal: Mark | null = null;
  events.forEach((event, index) => {
    const bound = event.type === 'message' ? latestDeal : latest;
    if (bound !== null && event.at < bound.at) {
      const rule =
        event.type === 'message'
          ? "a message may come late, but not past a deal's creation"
          : 'only a message may come late';
      throw new ScenarioError(
        `${eventLabel(index, event.type)}: "at" is before that of ${eventLabel(bound.index, bound.type)}; ${rule}`,
      );
    }
    const mark = { at: event.at, index, type: event.type };
    if (latest === null || event.at > latest.at) latest = mark;
    if (event.type === 'deal' && (latestDeal === null || event.at > latestDeal.at)) latestDeal = mark;
  });
}

/** Parses scenario file text; invalid JSON is a ScenarioError too. */
export function parseScenarioText(text: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`scenario: invalid JSON (${(error as Error).message})`);
  }
  return parseScenario(json);
}
