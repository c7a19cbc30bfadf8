import { onAbort, type GmailFeature } from '../feature';
import type { ThreadRowLabel } from '../gmail-host';

/** Rows arriving together are asked about in one request. */
const BATCH_DELAY_MS = 50;

/**
 * Thread rows of deal threads carry a small stage label; overdue ones are red. Lookups are batched:
 * a list renders fifty rows at once.
 */
export const rowLabels: GmailFeature = {
  name: 'row-labels',
  init({ host, client, signal }) {
    let stageNames: Map<string, string> | null = null;
    let pending = new Map<string, ((label: ThreadRowLabel | null) => void)[]>();
    let timer: ReturnType<typeof setTimeout> | null = null;

    async function flush() {
      timer = null;
      const batch = pending;
      pending = new Map();
      try {
        stageNames ??= new Map(
          (await client.request('getWorkflow', { account: host.account })).workflow.stages.map((stage) => [
            stage.id,
            stage.name,
          ]),
        );
        const labels = await client.request('getThreadLabels', { account: host.account, threads: [...batch.keys()] });
        const byThread = new Map(labels.map((label) => [label.thread, label]));
        for (const [thread, waiters] of batch) {
          const found = byThread.get(thread);
          const label = found ? { text: stageNames.get(found.stage) ?? found.stage, overdue: found.overdue } : null;
          waiters.forEach((resolve) => resolve(label));
        }
      } catch {
        batch.forEach((waiters) => waiters.forEach((resolve) => resolve(null)));
      }
    }

    const stop = host.labelThreadRows(
      (threadId) =>
        new Promise((resolve) => {
          pending.set(threadId, [...(pending.get(threadId) ?? []), resolve]);
          timer ??= setTimeout(() => void flush(), BATCH_DELAY_MS);
        }),
    );
    onAbort(signal, () => {
      stop();
      if (timer) clearTimeout(timer);
    });
  },
};
