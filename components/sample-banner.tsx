import { useState } from 'react';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import type { EmberClient } from '@/lib/messaging/client';
import { errorMessage } from './use-async';

/**
 * Says the page shows the sample account, and removes it in one click: its deals, snoozes and
 * database go, and `onRemoved` lets the page move to a real account (or its first-run state). The
 * sample is made up, so removing it asks nothing first.
 */
export function SampleBanner({ client, onRemoved }: { client: EmberClient; onRemoved: () => void }) {
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setRemoving(true);
    setError(null);
    try {
      await client.request('deleteAllData', { account: SAMPLE_ACCOUNT });
      onRemoved();
    } catch (caught) {
      setError(`Ember could not remove the sample data: ${errorMessage(caught)}`);
      setRemoving(false);
    }
  }

  return (
    <div className="ember-card sample-banner" role="note" aria-label="Sample account">
      <p>This is the sample account: made-up deals to try Ember on, never mail of yours.</p>
      <button className="ember-button" type="button" disabled={removing} onClick={() => void remove()}>
        Remove sample data
      </button>
      {error && (
        <p className="ember-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
