import { useState, type FormEvent } from 'react';
import type { EmberClient } from '@/lib/messaging/client';
import type { ResponseData } from '@/lib/messaging/protocol';
import { Field } from '../field';
import { errorMessage, useAsync } from '../use-async';

type Voice = ResponseData<'getVoice'>;

/** The rep's voice as Ember learned it from their sent mail, and the sign-off they want instead. */
export function VoicePanel({ client, account }: { client: EmberClient; account: string }) {
  const loaded = useAsync(() => client.request('getVoice', { account }), account);
  if (loaded.status === 'loading') return <section className="ember-card">Loading your voice…</section>;
  if (loaded.status === 'failed') {
    return (
      <section className="ember-card ember-error" role="alert">
        Could not load your voice: {loaded.error}
      </section>
    );
  }
  return <VoiceEditor client={client} account={account} initial={loaded.value} />;
}

function VoiceEditor({ client, account, initial }: { client: EmberClient; account: string; initial: Voice }) {
  const [voice, setVoice] = useState(initial);
  const [signOff, setSignOff] = useState(initial.override.signOff ?? '');
  const [status, setStatus] = useState<string | null>(null);
  const { profile } = voice;

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      const saved = await client.request('saveVoiceOverride', {
        account,
        override: signOff.trim() === '' ? {} : { signOff: signOff.trim() },
      });
      setVoice(saved);
      setStatus('Saved');
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }

  return (
    <form className="ember-card" aria-label="Your voice" onSubmit={(event) => void save(event)}>
      <h2>Your voice</h2>
      <p className="ember-hint">
        {profile.sampleSize === 0
          ? 'Ember has not seen you send mail yet; drafts use a neutral voice until it has.'
          : `Learned from your last ${profile.sampleSize} sent messages. Drafts follow it.`}
      </p>
      <dl className="ember-voice">
        <dt>Greeting</dt>
        <dd>{profile.greeting} …,</dd>
        <dt>Sign-off</dt>
        <dd style={{ whiteSpace: 'pre-line' }}>{profile.signOff}</dd>
        <dt>Length</dt>
        <dd>
          about {profile.typicalWords} words, sentences of about {profile.averageSentenceWords}
        </dd>
        <dt>Tone</dt>
        <dd>{profile.formality}</dd>
        {profile.excerpts.length > 0 && (
          <>
            <dt>In your words</dt>
            <dd>{profile.excerpts.map((line) => `“${line}”`).join(' ')}</dd>
          </>
        )}
      </dl>
      <Field label="Always sign off as" hint="Leave empty to use what Ember learned.">
        {(control) => (
          <textarea
            {...control}
            rows={2}
            value={signOff}
            placeholder={'Best,\nSam'}
            onChange={(event) => setSignOff(event.target.value)}
          />
        )}
      </Field>
      <div className="ember-row">
        <button className="ember-button primary" type="submit">
          Save
        </button>
        {status && <span role="status">{status}</span>}
      </div>
    </form>
  );
}
