/** Human wording for times, shared by the sidebar, queue and pages; actions and triggers are named in lib/domain/wording. */
export { ACTION_TEXT, TRIGGER_TEXT } from '@/lib/domain/wording';

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
