import type { ThreadLink } from '@/lib/domain/engine/engine';
import type { EmberClient } from '@/lib/messaging/client';
import type { DealDetail, ResponseData } from '@/lib/messaging/protocol';
import { errorMessage } from '../use-async';
import type { DraftDesk } from '@/lib/gmail/draft-desk';
import { AdvancePanel } from './advance-panel';
import { DraftPanel } from './draft-panel';
import { NextActions } from './next-actions';
import type { SidebarThread } from './sidebar';
import { Stakeholders } from './stakeholders';
import { Timeline } from './timeline';

type Workflow = ResponseData<'getWorkflow'>['workflow'];

export interface DealViewProps {
  client: EmberClient;
  account: string;
  thread: SidebarThread;
  workflow: Workflow;
  /** Every stage name any workflow version had, for history. */
  stageNames?: Record<string, string>;
  detail: DealDetail;
  linkedBy: ThreadLink;
  onDetail: (detail: DealDetail) => void;
  onUnlinked: () => void;
  onError: (message: string) => void;
  desk?: DraftDesk | undefined;
}

/** A tracked deal: its stage against the buyer's exit criterion, what to do next, who and what happened. */
export function DealView(props: DealViewProps) {
  const { client, account, thread, workflow, detail, linkedBy, onDetail, onUnlinked, onError } = props;
  const { deal } = detail;
  const mostUrgent = detail.triggers.filter((t) => t.status === 'open').sort((a, b) => a.dueAt - b.dueAt)[0];
  const run = (work: Promise<DealDetail>) => work.then(onDetail, (error: unknown) => onError(errorMessage(error)));
  const autoLinkedBy =
    linkedBy === 'contact'
      ? detail.contacts.find((contact) => thread.participants.some((p) => p.toLowerCase().includes(contact.address)))
      : undefined;

  return (
    <>
      <header className="deal-header">
        <h2>{deal.title}</h2>
        {deal.status !== 'open' && (
          <span className={`badge ${deal.status}`}>{deal.status === 'won' ? 'Won' : 'Lost'}</span>
        )}
      </header>
      {linkedBy === 'contact' && (
        <p className="muted linked-note">
          Linked automatically{autoLinkedBy ? `: ${autoLinkedBy.address} is a contact of this deal` : ''}.{' '}
          <button
            className="link"
            type="button"
            onClick={() =>
              void client
                .request('unlinkThread', { account, thread: thread.id })
                .then(onUnlinked, (error: unknown) => onError(errorMessage(error)))
            }
          >
            Unlink
          </button>
        </p>
      )}
      <StageStepper workflow={workflow} stage={deal.stage} />
      {deal.status === 'open' && (
        <AdvancePanel
          workflow={workflow}
          detail={detail}
          onAdvance={(to, evidence) => run(client.request('advanceStage', { account, deal: deal.id, to, evidence }))}
          onTick={(stage, item, done) =>
            run(client.request('setChecklistItem', { account, deal: deal.id, stage, item, done }))
          }
          onClose={(outcome) => run(client.request('closeDeal', { account, deal: deal.id, outcome }))}
        />
      )}
      <NextActions
        detail={detail}
        draftFor={(trigger) => (
          <DraftPanel
            primary={trigger.id === mostUrgent?.id}
            client={client}
            account={account}
            thread={thread.id}
            trigger={trigger}
            desk={props.desk}
            onAdvance={(to, evidence) => run(client.request('advanceStage', { account, deal: deal.id, to, evidence }))}
          />
        )}
        onDismiss={(kind, stakeholder) =>
          run(
            client.request('dismissTrigger', { account, deal: deal.id, kind, ...(stakeholder ? { stakeholder } : {}) }),
          )
        }
      />
      <Stakeholders
        detail={detail}
        onRole={(address, role) => run(client.request('setContactRole', { account, deal: deal.id, address, role }))}
      />
      <Timeline
        stageNames={{
          ...props.stageNames,
          ...Object.fromEntries(workflow.stages.map((stage) => [stage.id, stage.name])),
        }}
        detail={detail}
        onRecordMeeting={(meeting) => run(client.request('recordMeeting', { account, deal: deal.id, ...meeting }))}
      />
    </>
  );
}

function StageStepper({ workflow, stage }: { workflow: Workflow; stage: string }) {
  const current = workflow.stages.findIndex((candidate) => candidate.id === stage);
  return (
    <ol className="stepper" aria-label="Stages">
      {workflow.stages.map((candidate, index) => (
        <li
          key={candidate.id}
          className={index < current ? 'done' : index === current ? 'current' : 'todo'}
          aria-current={index === current ? 'step' : undefined}
          title={candidate.exitCriterion}
        >
          {candidate.name}
        </li>
      ))}
    </ol>
  );
}
