import { format } from 'date-fns';
import { useState, type FormEvent } from 'react';
import type { DealDetail } from '@/lib/messaging/protocol';
import { ACTION_TEXT, TRIGGER_TEXT, formatDateTime, formatSpan } from '../format';

interface Entry {
  key: string;
  at: number;
  kind: 'in' | 'out' | 'internal' | 'stage' | 'meeting' | 'trigger';
  text: string;
  detail?: string;
}

/** Everything that happened on the deal, newest first, without the rep typing any of it. */
export function Timeline({
  stageNames,
  detail,
  onRecordMeeting,
}: {
  /** Stage names by id, including stages later versions of the workflow removed. */
  stageNames: Record<string, string>;
  detail: DealDetail;
  onRecordMeeting: (meeting: { start: number; end: number; title?: string }) => Promise<unknown>;
}) {
  const stageName = (id: string | null) => (id === null ? '' : (stageNames[id] ?? id));
  const messages = new Map(detail.messages.map((message) => [message.id, message]));
  const entries: Entry[] = [
    ...detail.messages.map((message): Entry => ({
      key: `m:${message.id}`,
      at: message.at,
      kind: message.direction === 'inbound' ? 'in' : message.direction === 'outbound' ? 'out' : 'internal',
      text: `${message.direction === 'inbound' ? message.from : message.direction === 'outbound' ? `To ${message.to.join(', ')}` : 'Internal'}: ${message.subject}`,
      detail: message.snippet,
    })),
    ...detail.stageEvents.map((event): Entry => {
      const evidence = event.evidence === null ? undefined : (messages.get(event.evidence)?.snippet ?? event.evidence);
      return {
        key: `s:${event.id}`,
        at: event.at,
        kind: 'stage',
        text:
          event.from === null
            ? `Tracked in ${stageName(event.to)}`
            : `${stageName(event.from)} → ${stageName(event.to)}`,
        ...(evidence ? { detail: `Evidence: ${evidence}` } : {}),
      };
    }),
    ...detail.meetings.map((meeting): Entry => ({
      key: `g:${meeting.id}`,
      at: meeting.start,
      kind: 'meeting',
      text: `Meeting${meeting.title ? `: ${meeting.title}` : ''}`,
      detail: `${formatDateTime(meeting.start)} – ${formatDateTime(meeting.end)}`,
    })),
    ...detail.triggers
      .filter((trigger) => trigger.status !== 'open')
      .map((trigger): Entry => ({
        key: `t:${trigger.id}`,
        at: trigger.resolvedAt ?? trigger.firedAt,
        kind: 'trigger',
        text: `${TRIGGER_TEXT[trigger.kind]} → ${ACTION_TEXT[trigger.action]}: ${trigger.status}`,
        ...(trigger.status === 'done' && trigger.latencyMinutes !== null
          ? {
              detail: `in ${formatSpan(trigger.latencyMinutes * 60_000)} (${formatSpan((trigger.businessMinutes ?? 0) * 60_000)} working)${trigger.withinSla ? '' : ', late'}`,
            }
          : {}),
      })),
  ].sort((a, b) => b.at - a.at);

  return (
    <section className="block" aria-label="Timeline">
      <h3>Timeline</h3>
      <RecordMeeting onRecord={onRecordMeeting} />
      <ol className="timeline">
        {entries.map((entry) => (
          <li key={entry.key} className={entry.kind}>
            <div className="when muted">{formatDateTime(entry.at)}</div>
            <div>{entry.text}</div>
            {entry.detail && <div className="muted">{entry.detail}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function RecordMeeting({
  onRecord,
}: {
  onRecord: (meeting: { start: number; end: number; title?: string }) => Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  // Today where the rep is: toISOString would give UTC's day, which is tomorrow every evening in the Americas.
  const [date, setDate] = useState(() => format(new Date(), 'yyyy-MM-dd'));
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('10:30');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const startAt = new Date(`${date}T${start}`).getTime();
    const endAt = new Date(`${date}T${end}`).getTime();
    if (Number.isNaN(startAt) || Number.isNaN(endAt)) return setError('Pick a date, a start and an end');
    if (endAt < startAt) return setError('The meeting must end after it starts');
    setError(null);
    void onRecord({ start: startAt, end: endAt, ...(title.trim() ? { title: title.trim() } : {}) }).then(() =>
      setOpen(false),
    );
  }

  if (!open) {
    return (
      <button className="button" type="button" onClick={() => setOpen(true)}>
        Record meeting
      </button>
    );
  }
  return (
    <form className="meeting-form" onSubmit={submit} aria-label="Record meeting">
      <input
        aria-label="Meeting title"
        placeholder="Title (optional)"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
      />
      <div className="row">
        <input aria-label="Date" type="date" value={date} onChange={(event) => setDate(event.target.value)} />
        <input aria-label="Start" type="time" value={start} onChange={(event) => setStart(event.target.value)} />
        <input aria-label="End" type="time" value={end} onChange={(event) => setEnd(event.target.value)} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button className="button primary" type="submit">
          Save meeting
        </button>
        <button className="link" type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
