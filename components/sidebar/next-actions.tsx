import type { ReactNode } from 'react';
import { DueTime } from '../due-time';
import type { TriggerKind } from '@/lib/domain/workflow';
import type { DealDetail } from '@/lib/messaging/protocol';
import { actionSentence } from '@/lib/domain/wording';
import { TRIGGER_TEXT, formatDateTime } from '../format';
import { useNow } from '../use-now';

/** What the workflow asks for now on this deal, each with its due time counting down. */
export function NextActions({
  detail,
  onDismiss,
  draftFor,
}: {
  detail: DealDetail;
  onDismiss: (kind: TriggerKind, stakeholder: string | null) => Promise<unknown>;
  /** The draft for a trigger, when drafts can be shown here. */
  draftFor?: (trigger: DealDetail['triggers'][number]) => ReactNode;
}) {
  const now = useNow();
  const open = detail.triggers.filter((trigger) => trigger.status === 'open').sort((a, b) => a.dueAt - b.dueAt);
  return (
    <section className="block" aria-label="Next action">
      <h3>Next action</h3>
      {open.length === 0 ? (
        <p className="muted">Nothing is due. Ember will ask when the buyer does something.</p>
      ) : (
        <ul className="actions">
          {open.map((trigger) => {
            const overdue = trigger.dueAt < now;
            return (
              <li key={trigger.id} className={overdue ? 'overdue' : undefined}>
                <strong>{actionSentence(trigger.action, trigger.stakeholder)}</strong>
                <div className="muted">
                  {TRIGGER_TEXT[trigger.kind]} {formatDateTime(trigger.firedAt)}
                </div>
                <DueTime dueAt={trigger.dueAt} now={now} />
                <button
                  className="link"
                  type="button"
                  onClick={() => void onDismiss(trigger.kind, trigger.stakeholder)}
                >
                  Dismiss
                </button>
                {draftFor?.(trigger)}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
