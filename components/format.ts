import type { Action, TriggerKind } from '@/lib/domain/workflow';

/** Human wording for the product's terms and times, shared by the sidebar, queue and pages. */

export const ACTION_TEXT: Record<Action, string> = {
  book_meeting: 'Book the meeting',
  send_recap: 'Send the recap',
  stakeholder_intro: 'Introduce yourself',
  follow_up: 'Follow up with a reason',
  send_proposal: 'Send the proposal',
  answer_questions: 'Answer the open questions',
  reply: 'Reply',
};

export const TRIGGER_TEXT: Record<TriggerKind, string> = {
  buyer_replied: 'Buyer replied',
  meeting_ended: 'Meeting ended',
  quiet: 'Gone quiet',
  new_stakeholder: 'New stakeholder',
  stage_entered: 'Entered stage',
};

/** "3h 5m", "2 days": the largest two units that matter. */
export function formatSpan(milliseconds: number): string {
  const minutes = Math.max(0, Math.round(milliseconds / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/** "due in 2h 10m" or "overdue by 3h". */
export function formatDue(dueAt: number, now: number): string {
  return dueAt < now ? `overdue by ${formatSpan(now - dueAt)}` : `due in ${formatSpan(dueAt - now)}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(at: number): string {
  return dateTime.format(at);
}

export function formatDate(at: number): string {
  return dateOnly.format(at);
}

/** The company part of an address's domain: dana@acme-corp.com → "Acme Corp". */
export function companyFromAddress(address: string): string {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const name = domain.split('.').at(-2) ?? domain;
  return name
    .split(/[-_]/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(' ');
}
