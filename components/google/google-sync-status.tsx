import type { GoogleStatusView } from '@/lib/messaging/protocol';

/** "just now", "5 min ago", "3 h ago", "2 days ago": how long since the last sync. */
export function sinceText(then: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - then) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/**
 * One line on where the Google sync stands: what the side panel shows under the queue, and the
 * options page at the top of its Google card. Nothing when Google is not connected.
 */
export function GoogleSyncLine({
  status,
  now,
  reconnectHref,
}: {
  status: GoogleStatusView;
  now: number;
  /** Where "Reconnect Google" leads (the options page); absent: no link. */
  reconnectHref?: string;
}) {
  const { connection } = status;
  if (!connection) return null;
  if (status.reconnect) {
    return (
      <p className="ember-error" role="alert">
        Google stopped accepting Ember’s access to {connection.account}.{' '}
        {reconnectHref ? (
          <a href={reconnectHref} target="_blank" rel="noreferrer">
            Reconnect Google
          </a>
        ) : (
          'Reconnect Google'
        )}
      </p>
    );
  }
  return (
    <p className={status.lastError ? 'ember-error' : 'ember-hint'} role="status" aria-label="Google sync">
      {status.backfill
        ? `Reading your history with your deals from Gmail: ${status.backfill.done} of ${status.backfill.total} messages`
        : status.lastSyncAt === null
          ? `Syncing ${connection.account} with Google…`
          : `Gmail and Calendar synced ${sinceText(status.lastSyncAt, now)}`}
      {status.lastError ? `. Last attempt failed: ${status.lastError}` : ''}
    </p>
  );
}
