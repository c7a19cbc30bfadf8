import type { Instant } from '../engine/types';
import { asksIn } from './asks';
import { isFormal, languageOf, type Language } from './language';
import { formalGreetingName, greetingName, isRoleMailbox } from './names';
import { buyerSafeNote } from './notes';
import { stripHidden } from './text';
import { insideWindow, isOpen, windowIn } from './buyer-time';
import { proposeSlots, type Slot } from './slots';
import { localTime } from './local-time';
import { createWorkCalendar } from '../working-hours';
import type { DraftContext, DraftMessage } from './types';

/** Facts drawn from the relationship that drafts and prompts share. */

/** The latest meeting that has begun: what a recap is of (a meeting booked for later is not). */
export function lastMeetingHeld(context: DraftContext): DraftContext['meetings'][number] | undefined {
  return [...context.meetings].reverse().find((meeting) => meeting.start <= context.now);
}

export function lastMessage(context: DraftContext, direction?: DraftMessage['direction']): DraftMessage | undefined {
  for (let index = context.messages.length - 1; index >= 0; index -= 1) {
    const message = context.messages[index]!;
    if (direction === undefined || message.direction === direction) return message;
  }
  return undefined;
}

export interface OpenQuestion {
  question: string;
  /** Who owes the answer: the rep for the buyer's asks, the buyer for the rep's. */
  owner: 'us' | 'buyer';
  messageId: string;
}

/** The open asks kept at most, the latest: older ones are in the thread for the rep to see. */
const MAX_OPEN = 12;

/**
 * A short message that only puts the answers off ("I'm checking with legal and will come back to
 * you by Thursday"): it answers nothing, so the asks before it stay open.
 */
const DEFERS =
  /\b(?:(?:will|i'll|we'll|i will|we will|let me|i'm|we're|i am|we are)\s+(?:come back|get back|revert|circle back|check(?:ing)?|look(?:ing)? into|find(?:ing)? out|confirm (?:shortly|soon|by))|more (?:soon|shortly)|bear with (?:me|us))\b/i;
const DEFERRAL_MAX_WORDS = 80;

const defers = (message: DraftMessage) =>
  DEFERS.test(message.text) && message.text.split(/\s+/).length <= DEFERRAL_MAX_WORDS;

/**
 * The asks (lib/domain/drafting/asks.ts) no later message from the other side answered: a buyer's
 * ask is answered by the rep's next message that does more than put it off, the rep's by the
 * buyer's. The rep checks each one.
 */
export function openQuestions(context: DraftContext, since: Instant = 0): OpenQuestion[] {
  const recent = context.messages.filter((message) => message.at >= since && message.direction !== 'internal');
  // Read from the newest back: whether each side has since written something that answers.
  const answeredLater = new Array<boolean>(recent.length);
  const answered = { inbound: false, outbound: false };
  for (let index = recent.length - 1; index >= 0; index -= 1) {
    const message = recent[index]!;
    const other = message.direction === 'inbound' ? 'outbound' : 'inbound';
    answeredLater[index] = answered[other];
    if (!defers(message)) answered[message.direction === 'inbound' ? 'inbound' : 'outbound'] = true;
  }
  const open: OpenQuestion[] = [];
  recent.forEach((message, index) => {
    if (answeredLater[index]) return;
    for (const question of asksIn(message.text)) {
      open.push({ question, owner: message.direction === 'inbound' ? 'us' : 'buyer', messageId: message.id });
    }
  });
  return open.slice(-MAX_OPEN);
}

/**
 * Something new since the last message: what makes a follow-up worth sending. The rep's typed
 * reason first, then a note, a new stakeholder, or a meeting that ended since.
 */
export function followUpReason(
  context: DraftContext,
): { text: string; source: 'typed' | 'note' | 'stakeholder' | 'meeting' } | null {
  if (context.reason && context.reason.trim() !== '') return { text: context.reason.trim(), source: 'typed' };
  const since = lastMessage(context)?.at ?? 0;
  // Only what the rep did not mark internal can be the reason the buyer reads.
  const note = [...context.notes]
    .reverse()
    .filter((entry) => entry.at > since)
    .map((entry) => buyerSafeNote(entry.text))
    .find((text) => text !== null);
  if (note) return { text: note, source: 'note' };
  const newcomer = context.stakeholders.find((person) => person.firstSeenAt > since);
  if (newcomer)
    return { text: `${newcomer.name ?? newcomer.address} has joined the conversation`, source: 'stakeholder' };
  const meeting = [...context.meetings].reverse().find((entry) => entry.end > since && entry.end <= context.now);
  if (meeting) return { text: `we met${meeting.title ? ` for ${meeting.title}` : ''}`, source: 'meeting' };
  return null;
}

/**
 * Who the next email goes to: the buyer side of the last exchange, or the new stakeholder for an
 * intro, with the rep's colleagues who were on that exchange kept in cc (the rep is never a
 * recipient of their own mail).
 */
export function recipients(context: DraftContext): { to: string[]; cc: string[] } {
  // A role or service mailbox (support@, a "send to a friend" service) is never written to.
  const buyerSide = new Set(
    context.stakeholders.map((person) => person.address).filter((address) => !isRoleMailbox(address)),
  );
  const ownAddresses = new Set([context.rep.account, ...context.rep.addresses].map((address) => address.toLowerCase()));
  const domains = new Set(context.rep.companyDomains.map((domain) => domain.toLowerCase()));
  const isColleague = (address: string) => {
    const lower = address.toLowerCase();
    return !ownAddresses.has(lower) && domains.has(lower.slice(lower.lastIndexOf('@') + 1));
  };
  const colleaguesOn = (message: DraftMessage | undefined) =>
    message ? [message.from, ...message.to, ...message.cc].filter(isColleague) : [];
  if (context.action === 'stakeholder_intro' && context.trigger.stakeholder) {
    const referrer = context.messages.find(
      (message) =>
        [...message.to, ...message.cc].includes(context.trigger.stakeholder!) && message.direction === 'inbound',
    );
    const cc = [...(referrer && !isRoleMailbox(referrer.from) ? [referrer.from] : []), ...colleaguesOn(referrer)];
    return {
      to: isRoleMailbox(context.trigger.stakeholder) ? [] : [context.trigger.stakeholder],
      cc: [...new Set(cc)],
    };
  }
  const last = lastMessage(context, 'inbound') ?? lastMessage(context, 'outbound');
  if (!last) return { to: [...buyerSide].slice(0, 1), cc: [] };
  const everyone = [last.from, ...last.to, ...last.cc].filter((address) => buyerSide.has(address));
  const [first, ...rest] = [...new Set(everyone)];
  return { to: first ? [first] : [], cc: [...new Set([...rest, ...colleaguesOn(last)])] };
}

/** The language of the buyer's latest mail (its last two messages, for enough words), when clear. */
export function buyerLanguage(context: DraftContext): Language | null {
  const inbound = context.messages.filter((message) => message.direction === 'inbound').slice(-2);
  return inbound.length > 0 ? languageOf(inbound.map((message) => message.text).join('\n')) : null;
}

/** The thread's text, where a person known only by address may be called by name ("Looping in Lee"). */
export function threadMentions(context: DraftContext): string {
  return context.messages.map((message) => stripHidden(message.text)).join('\n');
}

/** The name to greet a recipient by ("Tom"), or '' when mail does not make it clear. */
export function greetingNameOf(context: DraftContext, address: string): string {
  const person = context.stakeholders.find((candidate) => candidate.address === address);
  return greetingName(person?.name ?? null, address, threadMentions(context));
}

/**
 * The meeting slots a booking offers, the same for the template and the prompt: from the rep's next
 * working day (a call the same day leaves the buyer, and whoever they bring, no time to make room),
 * in the rep's working hours, free in the rep's calendar when one is connected, and inside the
 * window the buyer's latest message gave, read in the buyer's zone (the rep's when theirs is
 * unknown). Empty when no working hour falls inside it.
 */
export function offeredSlots(context: DraftContext): Slot[] {
  const lastIn = lastMessage(context, 'inbound');
  const window = lastIn ? windowIn(lastIn.text) : null;
  const zone = context.buyerTimeZone ?? context.rep.timeZone;
  const free = (slot: Slot) => !context.busy.some((busy) => busy.start < slot.end && slot.start < busy.end);
  const fits = (slot: Slot) => free(slot) && (!window || isOpen(window) || insideWindow(slot, window, zone));
  const { timeZone, workingHours } = context.rep;
  const today = createWorkCalendar(timeZone, workingHours).nextWindow(context.now);
  const day = (at: number) => {
    const { year, month, day: date } = localTime(at, timeZone);
    return `${year}-${month}-${date}`;
  };
  const from = day(today.start) === day(context.now) ? today.end : context.now;
  return proposeSlots(from, timeZone, workingHours, 3, 30, fits);
}

/**
 * Whether `address` writes formally (their latest message, its sign-off included): they are greeted
 * formally back, by title and family name.
 */
export function writesFormally(context: DraftContext, address: string): boolean {
  const latest = [...context.messages].reverse().find((message) => message.from === address);
  return latest !== undefined && isFormal(`${latest.text}\n${latest.signature ?? ''}`);
}

/** How the email greets `address`: "Hi Tom," in the rep's voice, "Dear Dr. Müller," to a formal writer. */
export function greetingLine(context: DraftContext, address: string | undefined): string {
  const { greeting, greetingMark } = context.rep.voice;
  if (address && writesFormally(context, address)) {
    const person = context.stakeholders.find((candidate) => candidate.address === address);
    const name = formalGreetingName(person?.name ?? null, address, threadMentions(context));
    return name ? `Dear ${name},` : 'Hello,';
  }
  const name = address ? greetingNameOf(context, address) : '';
  // No name, no dash or colon after the greeting: "Hi," rather than "Hi —".
  return name ? `${greeting} ${name}${greetingMark}` : `${greeting},`;
}
