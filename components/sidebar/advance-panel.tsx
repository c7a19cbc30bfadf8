import { useEffect, useRef, useState } from 'react';
import { onSidebarCommand } from '@/lib/gmail/sidebar-commands';
import type { DealDetail, ResponseData } from '@/lib/messaging/protocol';
import { formatDate } from '../format';

type Workflow = ResponseData<'getWorkflow'>['workflow'];
type Message = DealDetail['messages'][number];

interface Props {
  workflow: Workflow;
  detail: DealDetail;
  onAdvance: (to: string, evidence: string | undefined) => Promise<unknown>;
  onTick: (stage: string, item: string, done: boolean) => Promise<unknown>;
  onClose: (outcome: 'won' | 'lost') => Promise<unknown>;
}

const NOTE_PREFIX = 'note: ';

/**
 * The current stage's exit criterion in the buyer's terms, its checklist, and the one-click advance:
 * the buyer's newest message is the evidence unless the rep picks another or types a note. Moving
 * past more than the next stage is asked, never done silently.
 */
export function AdvancePanel({ workflow, detail, onAdvance, onTick, onClose }: Props) {
  const { deal } = detail;
  const index = workflow.stages.findIndex((stage) => stage.id === deal.stage);
  const stage = workflow.stages[index];
  const next = workflow.stages[index + 1];
  const inbound = detail.messages.filter((message) => message.direction === 'inbound').reverse();
  // Until the rep picks one, the evidence is the buyer's newest message, whatever arrives meanwhile.
  const [picked, setPicked] = useState<string | null>(null);
  const evidence = picked ?? inbound[0]?.id ?? null;
  const [note, setNote] = useState('');
  const [choosing, setChoosing] = useState(false);
  const [skipTo, setSkipTo] = useState<string>('');
  const [closing, setClosing] = useState<'won' | 'lost' | null>(null);
  const ticked = new Set(stage ? (deal.checklist[stage.id] ?? []) : []);
  const chosen = inbound.find((message) => message.id === evidence);
  const evidenceValue = note.trim() !== '' ? `${NOTE_PREFIX}${note.trim()}` : (evidence ?? undefined);
  const later = workflow.stages.slice(index + 2);

  // The Gmail shortcut for "buyer did this" presses the advance button of the open deal.
  const advanceNow = useRef<() => void>(() => {});
  useEffect(() => {
    advanceNow.current = () => {
      if (next) void onAdvance(next.id, evidenceValue);
    };
  });
  useEffect(() => onSidebarCommand('advance', () => advanceNow.current()), []);

  return (
    <section className="block exit" aria-label="Exit criterion">
      {stage ? (
        <>
          <h3>To leave {stage.name}</h3>
          <p className="criterion">{stage.exitCriterion}</p>
          {stage.checklist.length > 0 && (
            <ul className="checklist">
              {stage.checklist.map((item) => (
                <li key={item}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={ticked.has(item)}
                      onChange={(event) => void onTick(stage.id, item, event.target.checked)}
                    />
                    {item}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p className="error">This deal's stage "{deal.stage}" is no longer in the workflow.</p>
      )}

      {next && (
        <>
          <button
            className="button primary advance"
            type="button"
            onClick={() => void onAdvance(next.id, evidenceValue)}
          >
            Buyer did this → Advance to {next.name}
          </button>
          <p className="muted evidence">
            Evidence:{' '}
            {note.trim() !== '' ? (
              `your note "${note.trim()}"`
            ) : chosen ? (
              <EvidenceLine message={chosen} />
            ) : (
              'none yet'
            )}{' '}
            <button className="link" type="button" onClick={() => setChoosing(!choosing)} aria-expanded={choosing}>
              {choosing ? 'done' : 'change'}
            </button>
          </p>
          {choosing && (
            <div className="popover" role="dialog" aria-label="Evidence">
              {inbound.slice(0, 5).map((message) => (
                <label key={message.id} className="check">
                  <input
                    type="radio"
                    name="evidence"
                    checked={evidence === message.id && note.trim() === ''}
                    onChange={() => {
                      setPicked(message.id);
                      setNote('');
                    }}
                  />
                  <EvidenceLine message={message} />
                </label>
              ))}
              <label className="field">
                <span>Or a note</span>
                <textarea
                  rows={2}
                  value={note}
                  onChange={(event) => setNote(event.target.value)}
                  placeholder="Agreed on the call to…"
                />
              </label>
            </div>
          )}
          {later.length > 0 && (
            <div className="row skip">
              <select
                aria-label="Move to a later stage"
                value={skipTo}
                onChange={(event) => setSkipTo(event.target.value)}
              >
                <option value="">Skip ahead to…</option>
                {later.map((stage) => (
                  <option key={stage.id} value={stage.id}>
                    {stage.name}
                  </option>
                ))}
              </select>
              {skipTo !== '' && (
                <button
                  className="button"
                  type="button"
                  onClick={() => void onAdvance(skipTo, evidenceValue).then(() => setSkipTo(''))}
                >
                  Skip{' '}
                  {workflow.stages
                    .slice(
                      index + 1,
                      workflow.stages.findIndex((s) => s.id === skipTo),
                    )
                    .map((s) => s.name)
                    .join(', ')}
                </button>
              )}
            </div>
          )}
        </>
      )}

      <div className="row close">
        {closing === null ? (
          <>
            <button className="button" type="button" onClick={() => setClosing('won')}>
              Won
            </button>
            <button className="button" type="button" onClick={() => setClosing('lost')}>
              Lost
            </button>
          </>
        ) : (
          <>
            <span>Close as {closing}?</span>
            <button className="button primary" type="button" onClick={() => void onClose(closing)}>
              Close deal
            </button>
            <button className="link" type="button" onClick={() => setClosing(null)}>
              Cancel
            </button>
          </>
        )}
      </div>
    </section>
  );
}

function EvidenceLine({ message }: { message: Message }) {
  return (
    <span className="evidence-line">
      “{message.snippet || message.subject}” <span className="muted">— {formatDate(message.at)}</span>
    </span>
  );
}
