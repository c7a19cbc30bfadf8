import { useEffect, useRef, useState } from 'react';
import { onSidebarCommand } from '@/lib/gmail/sidebar-commands';
import type { DraftDesk } from '@/lib/gmail/draft-desk';
import type { EmberClient } from '@/lib/messaging/client';
import type { DraftView, TriggerView } from '@/lib/messaging/protocol';
import { errorMessage } from '../use-async';

interface Props {
  /** The most urgent action's draft answers the "insert the draft" shortcut. */
  primary: boolean;
  client: EmberClient;
  account: string;
  thread: string;
  trigger: TriggerView;
  desk: DraftDesk | undefined;
  /** Advances the deal with a message as evidence: what the draft's suggestion button does. */
  onAdvance: (to: string, evidence: string) => Promise<unknown>;
}

/**
 * The next email, ready: what it says, why now, what to check, and Insert, which puts it in the
 * reply box (or opens a compose for an intro). Ember never sends; the rep does.
 */
export function DraftPanel({ primary, client, account, thread, trigger, desk, onAdvance }: Props) {
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [showPrompt, setShowPrompt] = useState(false);
  const [checked, setChecked] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [generation, setGeneration] = useState<{ reason?: string; regenerate: boolean }>({ regenerate: false });

  useEffect(() => {
    let current = true;
    client
      .request('getDraft', {
        account,
        trigger: trigger.id,
        regenerate: generation.regenerate,
        ...(generation.reason ? { reason: generation.reason } : {}),
      })
      .then(
        (answer) => {
          if (!current) return;
          setDraft(answer);
          setBody(answer.body);
          setChecked(false);
          setError(null);
        },
        (caught: unknown) => current && setError(errorMessage(caught)),
      );
    return () => {
      current = false;
    };
  }, [client, account, trigger.id, trigger.dueAt, generation]);

  const insert = (evenIfTyped = false) => {
    if (!desk || !draft) return;
    if (draft.kind === 'stakeholder_intro') {
      void desk
        .openCompose({ to: draft.to, cc: draft.cc, subject: draft.subject, body })
        .then(() => setStatus('Opened in a new compose window: review and send it.'));
      return;
    }
    const result = desk.insert(thread, body, { evenIfTyped });
    setStatus(
      result === 'inserted'
        ? 'In the reply box: review and send it.'
        : result === 'held'
          ? 'Held for this thread: click Reply and it will be there.'
          : 'needs-confirm',
    );
  };

  const insertNow = useRef<() => void>(() => {});
  useEffect(() => {
    insertNow.current = () => {
      if (draft && !draft.needsReason && body.trim() !== '' && (draft.warnings.length === 0 || checked)) insert();
    };
  });
  useEffect(() => {
    if (!primary) return;
    return onSidebarCommand('insert-draft', () => insertNow.current());
  }, [primary]);

  if (error) return <p className="error">Could not draft: {error}</p>;
  if (!draft) return <p className="muted">Drafting…</p>;

  return (
    <div className="draft" aria-label="Draft">
      {draft.note && <p className="muted note">{draft.note}</p>}
      {draft.advance && (
        <p className="advance-suggestion" role="status">
          {draft.advance.why}{' '}
          <button
            className="button"
            type="button"
            onClick={() => void onAdvance(draft.advance!.to, draft.advance!.evidence)}
          >
            Advance to {draft.advance.toName}
          </button>
        </p>
      )}
      {draft.needsReason ? (
        <form
          className="field"
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim()) setGeneration({ reason: reason.trim(), regenerate: true });
          }}
        >
          <span>What is new since the last message?</span>
          <input
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder="We shipped the export connector"
            aria-label="Reason to follow up"
          />
          <button className="button" type="submit" disabled={reason.trim() === ''}>
            Draft the follow-up
          </button>
        </form>
      ) : (
        <>
          <div className="muted">
            To {draft.to.join(', ')}
            {draft.cc.length > 0 ? `, cc ${draft.cc.join(', ')}` : ''} · {draft.subject}
          </div>
          <textarea
            className="draft-body"
            aria-label="Draft body"
            rows={8}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
          <p className="muted why">Why now: {draft.reason}</p>
          {draft.questions.length > 0 && (
            <ul className="questions">
              {draft.questions.map((question) => (
                <li key={question}>{question}</li>
              ))}
            </ul>
          )}
          {draft.warnings.length > 0 && (
            <div className="warnings" role="alert">
              {draft.warnings.map((warning) => (
                <p key={warning} className="error">
                  {warning}
                </p>
              ))}
              <label className="check">
                <input type="checkbox" checked={checked} onChange={(event) => setChecked(event.target.checked)} />I
                checked these
              </label>
            </div>
          )}
          <div className="row">
            <button
              className="button primary"
              type="button"
              disabled={!desk || body.trim() === '' || (draft.warnings.length > 0 && !checked)}
              onClick={() => insert()}
            >
              {draft.kind === 'stakeholder_intro' ? 'Open in compose' : 'Insert'}
            </button>
            <button className="link" type="button" onClick={() => setGeneration({ regenerate: true })}>
              Regenerate
            </button>
            <button
              className="link"
              type="button"
              aria-expanded={showPrompt}
              onClick={() => setShowPrompt(!showPrompt)}
            >
              What will be sent
            </button>
          </div>
          {status === 'needs-confirm' ? (
            <p className="row">
              Your reply already has text.{' '}
              <button className="button" type="button" onClick={() => insert(true)}>
                Insert above it
              </button>
            </p>
          ) : (
            status && <p className="muted">{status}</p>
          )}
          {showPrompt && (
            <div className="prompt" aria-label="What will be sent">
              <p className="muted">
                {draft.source === 'provider'
                  ? 'This went to your drafting provider:'
                  : 'Nothing was sent. With a provider set up, this would go to it:'}
              </p>
              <pre>{`${draft.prompt.system}\n\n${draft.prompt.user}`}</pre>
            </div>
          )}
        </>
      )}
    </div>
  );
}
