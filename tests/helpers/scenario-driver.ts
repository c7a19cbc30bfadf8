import type { Trigger } from '@/lib/domain/engine/types';
import { formatQueue, formatTriggers, type ReplayQueueItem, type ReplayTrigger } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import type { RequestInput, RequestType, ResponseData } from '@/lib/messaging/protocol';

/** Sends one request to the background and returns its value (throwing on an error envelope). */
export type SendRequest = <Type extends RequestType>(
  type: Type,
  data: RequestInput<Type>,
) => Promise<ResponseData<Type>>;

/**
 * Plays a replay scenario against the live background through its message protocol, with the
 * clock set to each event's time, and reads back what the extension concluded in replay's format.
 */
export async function driveScenario(
  input: unknown,
  send: SendRequest,
  setClock: (at: number) => Promise<void>,
): Promise<{ triggers: ReplayTrigger[]; queue: ReplayQueueItem[]; unlinked: string[] }> {
  const scenario = parseScenario(input);
  const [account, ...aliases] = scenario.me as [string, ...string[]];
  await send('saveSettings', {
    account,
    settings: {
      addresses: aliases,
      companyDomains: scenario.domains ?? [],
      timeZone: scenario.timezone,
      workingHours: scenario.workingHours,
    },
  });
  await send('saveWorkflow', { account, workflow: scenario.workflow });

  // The clock never goes back: a late message arrives now, with its own older time.
  let now = Number.NEGATIVE_INFINITY;
  for (const event of scenario.events) {
    now = Math.max(now, event.at);
    await setClock(now);
    switch (event.type) {
      case 'deal':
        await send('createDeal', {
          account,
          id: event.id,
          title: event.title ?? event.id,
          stage: event.stage,
          contacts: event.contacts,
        });
        break;
      case 'message':
        if (event.deal !== undefined) await send('linkThread', { account, thread: event.thread, deal: event.deal });
        await send('ingestMessages', {
          account,
          messages: [
            {
              id: event.id,
              thread: event.thread,
              at: event.at,
              from: event.from,
              to: event.to,
              cc: event.cc,
              subject: event.subject,
              body: event.text,
              partial: event.partial,
            },
          ],
        });
        break;
      case 'meeting':
        await send('recordMeeting', {
          account,
          deal: event.deal,
          start: event.start,
          end: event.end,
          title: event.title,
        });
        break;
      case 'advance':
        await send('advanceStage', { account, deal: event.deal, to: event.to, evidence: event.evidence });
        break;
      case 'close':
        await send('closeDeal', { account, deal: event.deal, outcome: event.outcome });
        break;
      case 'dismiss':
        await send('dismissTrigger', { account, deal: event.deal, kind: event.kind, stakeholder: event.stakeholder });
        break;
      case 'tick':
        break;
    }
  }

  const asOf = scenario.events.at(-1)!.at;
  const queue = await send('getQueue', { account });
  const backup = (await send('exportData', { account })) as {
    tables: { triggers: Trigger[]; unlinked: { message: string }[] };
  };
  return {
    triggers: formatTriggers(backup.tables.triggers),
    queue: formatQueue(
      queue.map((item) => item.trigger),
      asOf,
    ),
    unlinked: backup.tables.unlinked.map((row) => row.message),
  };
}
