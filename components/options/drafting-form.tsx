import { useState, type FormEvent } from 'react';
import { draftingSettingsSchema } from '@/lib/domain/settings';
import type { EmberClient } from '@/lib/messaging/client';
import type { ResponseData } from '@/lib/messaging/protocol';
import type { z } from 'zod';
import { Field } from '../field';
import { errorMessage, useAsync } from '../use-async';
import { validate, type FieldErrors } from './form-errors';

type DraftingView = ResponseData<'getDraftingSettings'>;

/** An issue with the provider settings in the rep's words, not the schema's. */
export function draftingIssueText(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.path[0]) {
    case 'baseUrl':
      return issue.code === 'custom'
        ? 'Use an https address. Plain http is only for a provider on this computer (localhost, 127.0.0.1 or [::1]).'
        : 'Enter the provider’s address, such as https://api.openai.com/v1.';
    case 'model':
      return 'Enter the model’s name, such as gpt-4o-mini.';
    default:
      return undefined;
  }
}

/** Where drafts are written. The key goes to the background once and is never shown again. */
type RequestOrigin = ((origin: string) => Promise<boolean>) | undefined;

export function DraftingForm({ client, requestOrigin }: { client: EmberClient; requestOrigin?: RequestOrigin }) {
  const loaded = useAsync(() => client.request('getDraftingSettings', {}), 'drafting');
  if (loaded.status === 'loading') return <section className="ember-card">Loading drafting settings…</section>;
  if (loaded.status === 'failed') {
    return (
      <section className="ember-card ember-error" role="alert">
        Could not load drafting settings: {loaded.error}
      </section>
    );
  }
  return <DraftingEditor client={client} initial={loaded.value} requestOrigin={requestOrigin} />;
}

function DraftingEditor({
  client,
  initial,
  requestOrigin,
}: {
  client: EmberClient;
  initial: DraftingView;
  requestOrigin: RequestOrigin;
}) {
  const [enabled, setEnabled] = useState(initial.enabled);
  const [baseUrl, setBaseUrl] = useState(initial.baseUrl);
  const [model, setModel] = useState(initial.model);
  const [apiKey, setApiKey] = useState('');
  const [hasApiKey, setHasApiKey] = useState(initial.hasApiKey);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string | null>(null);

  async function save(event: FormEvent, options: { removeKey?: boolean } = {}) {
    event.preventDefault();
    const checked = validate(
      draftingSettingsSchema,
      { enabled, baseUrl, model, contextTokens: initial.contextTokens },
      draftingIssueText,
    );
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    try {
      // The background may only reach a provider's origin once the rep allows it.
      if (checked.value.enabled && requestOrigin) {
        const origin = new URL(checked.value.baseUrl).origin;
        if (!(await requestOrigin(origin))) {
          setStatus(`Ember needs your permission to reach ${origin}; nothing was saved.`);
          return;
        }
      }
      const saved = await client.request('saveDraftingSettings', {
        settings: checked.value,
        ...(options.removeKey ? { apiKey: '' } : apiKey.trim() !== '' ? { apiKey } : {}),
      });
      setApiKey('');
      setHasApiKey(saved.hasApiKey);
      setStatus('Saved');
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }

  async function test() {
    setStatus('Testing…');
    try {
      setStatus((await client.request('testDraftingProvider', {})).message);
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }

  return (
    // noValidate: Ember says what is wrong in words, on the field, as its other forms do.
    <form className="ember-card" onSubmit={(event) => void save(event)} aria-label="Drafting provider" noValidate>
      <h2>Drafting provider</h2>
      {initial.notice && (
        <p className="ember-reminder" role="alert">
          {initial.notice}
        </p>
      )}
      <p className="ember-hint">
        Off by default: drafts then come from Ember's templates and nothing leaves your browser. Any OpenAI-compatible
        endpoint works, including a local Ollama or LM Studio.
      </p>
      <label className="ember-row">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        Write drafts with this provider
      </label>
      <Field label="Base URL" error={errors.baseUrl}>
        {(control) => (
          <input {...control} type="url" value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} />
        )}
      </Field>
      <Field label="Model" error={errors.model}>
        {(control) => (
          <input {...control} type="text" value={model} onChange={(event) => setModel(event.target.value)} />
        )}
      </Field>
      <Field label="API key" hint="Stored only on this computer and used only by Ember's background.">
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="off"
            placeholder={hasApiKey ? 'A key is saved; type a new one to replace it' : 'None saved'}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
          />
        )}
      </Field>
      <p className="ember-hint">
        Ollama: start it with <code>OLLAMA_ORIGINS=chrome-extension://*</code> so it accepts Ember, and use{' '}
        <code>http://localhost:11434/v1</code>. LM Studio: <code>http://localhost:1234/v1</code>. Azure OpenAI: your
        deployment's OpenAI-compatible <code>/openai/v1</code> URL.
      </p>
      <div className="ember-row">
        <button className="ember-button primary" type="submit">
          Save
        </button>
        {hasApiKey && (
          <button
            className="ember-button danger"
            type="button"
            onClick={(event) => void save(event, { removeKey: true })}
          >
            Remove key
          </button>
        )}
        <button className="ember-button" type="button" onClick={() => void test()}>
          Test connection
        </button>
        {status && <span role="status">{status}</span>}
      </div>
    </form>
  );
}
