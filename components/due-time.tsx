import { formatDateTime, formatDue } from './format';

/** "due in 2h 10m" / "overdue by 3h", with the exact time on hover. */
export function DueTime({ dueAt, now }: { dueAt: number; now: number }) {
  return (
    <div className="due" title={formatDateTime(dueAt)}>
      {formatDue(dueAt, now)}
    </div>
  );
}
