import { useState, type FormEvent } from 'react';
import { normalizeAddress } from '@/lib/domain/addresses';
import type { EmberClient } from '@/lib/messaging/client';
import type { DealView as Deal, ResponseData, ThreadLookup } from '@/lib/messaging/protocol';
import { companyFromAddress } from '../format';
import { errorMessage } from '../use-async';
import type { SidebarThread } from './sidebar';

type Workflow = ResponseData<'getWorkflow'>['workflow'];

interface Props {
  client: EmberClient;
  account: string;
  thread: SidebarThread;
  workflow: Workflow;
  lookup: Exclude<ThreadLookup, { kind: 'linked' } | { kind: 'contact' }>;
  onLinked: () => Promise<void>;
  onError: (message: string) => void;
}

/** The other side of the thread: everyone who is not the rep. */
function otherParticipants(thread: SidebarThread, account: string): string[] {
  const addresses = thread.participants.map(normalizeAddress).filter((a): a is string => a !== null);
  return [...new Set(addresses.filter((address) => address !== account))];
}

/** A thread no deal owns yet: track it as a new deal, or link it to one. */
export function UnknownThread({ client, account, thread, workflow, lookup, onLinked, onError }: Props) {
  const people = otherParticipants(thread, account);
  return (
    <>
      {lookup.kind === 'ambiguous' && (
        <section className="block">
          <h3>Which deal is this?</h3>
          <p className="muted">Someone on this thread is a contact of more than one open deal.</p>
          <DealChoices
            deals={lookup.candidates}
            client={client}
            account={account}
            thread={thread}
            onLinked={onLinked}
            onError={onError}
          />
        </section>
      )}
      {lookup.kind === 'unlinked-by-rep' && <p className="muted">You unlinked this thread from its deal.</p>}
      <TrackDealForm
        client={client}
        account={account}
        thread={thread}
        workflow={workflow}
        people={people}
        onLinked={onLinked}
        onError={onError}
      />
      <LinkToDeal client={client} account={account} thread={thread} onLinked={onLinked} onError={onError} />
    </>
  );
}

function TrackDealForm({
  client,
  account,
  thread,
  workflow,
  people,
  onLinked,
  onError,
}: Omit<Props, 'lookup'> & { people: string[] }) {
  const [title, setTitle] = useState(() => (people[0] ? companyFromAddress(people[0]) : thread.subject));
  const [stage, setStage] = useState(workflow.stages[0]!.id);
  const [contacts, setContacts] = useState<string[]>(people);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await client.request('createDeal', { account, title, stage, contacts, thread: thread.id });
      await onLinked();
    } catch (error) {
      onError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="block" onSubmit={(event) => void submit(event)} aria-label="Track as deal">
      <h3>Track as deal</h3>
      <label className="field">
        <span>Deal</span>
        <input value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={300} />
      </label>
      <label className="field">
        <span>Stage</span>
        <select value={stage} onChange={(event) => setStage(event.target.value)}>
          {workflow.stages.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </label>
      {people.length > 0 && (
        <fieldset className="field">
          <legend>Contacts</legend>
          {people.map((address) => (
            <label key={address} className="check">
              <input
                type="checkbox"
                checked={contacts.includes(address)}
                onChange={(event) =>
                  setContacts(
                    event.target.checked ? [...contacts, address] : contacts.filter((other) => other !== address),
                  )
                }
              />
              {address}
            </label>
          ))}
        </fieldset>
      )}
      <button className="button primary" type="submit" disabled={busy || title.trim() === ''}>
        Track as deal
      </button>
    </form>
  );
}

function LinkToDeal({ client, account, thread, onLinked, onError }: Omit<Props, 'lookup' | 'workflow'>) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Deal[] | null>(null);

  async function search(text: string) {
    setQuery(text);
    try {
      setResults(await client.request('searchDeals', { account, query: text, limit: 8 }));
    } catch (error) {
      onError(errorMessage(error));
    }
  }

  if (!open) {
    return (
      <button
        className="button"
        type="button"
        onClick={() => {
          setOpen(true);
          void search('');
        }}
      >
        Link to deal…
      </button>
    );
  }
  return (
    <section className="block" aria-label="Link to deal">
      <label className="field">
        <span>Link to deal</span>
        <input
          type="search"
          placeholder="Search deals and contacts"
          value={query}
          onChange={(event) => void search(event.target.value)}
        />
      </label>
      {results !== null && (
        <DealChoices
          deals={results}
          client={client}
          account={account}
          thread={thread}
          onLinked={onLinked}
          onError={onError}
        />
      )}
    </section>
  );
}

function DealChoices({
  deals,
  client,
  account,
  thread,
  onLinked,
  onError,
}: {
  deals: Deal[];
  client: EmberClient;
  account: string;
  thread: SidebarThread;
  onLinked: () => Promise<void>;
  onError: (message: string) => void;
}) {
  if (deals.length === 0) return <p className="muted">No deal matches.</p>;
  return (
    <ul className="choices">
      {deals.map((deal) => (
        <li key={deal.id}>
          <button
            className="link"
            type="button"
            onClick={() =>
              void client
                .request('linkThread', { account, thread: thread.id, deal: deal.id })
                .then(onLinked, (error: unknown) => onError(errorMessage(error)))
            }
          >
            {deal.title}
          </button>
          <span className="muted"> · {deal.status === 'open' ? deal.stage : deal.status}</span>
        </li>
      ))}
    </ul>
  );
}
