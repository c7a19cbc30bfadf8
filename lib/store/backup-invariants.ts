import { DomainError } from '@/lib/domain/errors';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';
import type { Backup } from './backup';

/**
 * What a backup must hold beyond its schema (issue 17): a file can pass every row's schema and still
 * describe something no Ember store could be. Each broken invariant refuses the whole file, with
 * the first reason found; nothing is written.
 */

/** A deal's title: what `createDeal` takes (lib/messaging/protocol.ts). */
export const MAX_TITLE_CHARS = 300;
/** A subject: what ingestion takes. */
export const MAX_SUBJECT_CHARS = 10_000;
/** A message's text: what Ember keeps of any message (lib/background/sources/gmail-api-message.ts). */
export const MAX_TEXT_CHARS = 200_000;

export function checkBackupInvariants(backup: Backup): void {
  const { tables } = backup;
  const refuse = (reason: string) => {
    throw new DomainError(`the backup is inconsistent: ${reason}`);
  };
  const stages = new Set(DEFAULT_WORKFLOW.stages.map((stage) => stage.id));
  for (const { workflow } of tables.workflows) for (const stage of workflow.stages) stages.add(stage.id);

  const deals = new Set(tables.deals.map((deal) => deal.id));
  const created = new Set<string>();
  for (const input of tables.inputs) if (input.kind === 'create') created.add(input.deal);

  for (const deal of tables.deals) {
    if (deal.title.length > MAX_TITLE_CHARS) refuse(`deal "${deal.id}" has a title of ${deal.title.length} characters`);
    if (!stages.has(deal.stage)) refuse(`deal "${deal.id}" is in stage "${deal.stage}", which no workflow has`);
  }
  for (const trigger of tables.triggers) {
    if (!deals.has(trigger.deal))
      refuse(`trigger "${trigger.id}" is of deal "${trigger.deal}", which is not in the file`);
  }
  for (const table of ['stageEvents', 'meetings', 'contacts'] as const) {
    for (const row of tables[table]) {
      if (!deals.has(row.deal)) refuse(`a row of ${table} is of deal "${row.deal}", which is not in the file`);
    }
  }
  for (const input of tables.inputs) {
    if (input.kind === 'message') {
      if (input.subject.length > MAX_SUBJECT_CHARS)
        refuse(`message "${input.id}" has a subject of ${input.subject.length} characters`);
      continue;
    }
    // Version 2 files carry inputs: every one of a deal needs the deal's creation beside it.
    if (!created.has(input.deal))
      refuse(`input "${input.id}" is of deal "${input.deal}", which the file never creates`);
    if (input.kind === 'create') {
      if (input.title.length > MAX_TITLE_CHARS)
        refuse(`deal "${input.deal}" has a title of ${input.title.length} characters`);
      if (!stages.has(input.stage))
        refuse(`deal "${input.deal}" starts in stage "${input.stage}", which no workflow has`);
    }
    if (input.kind === 'advance' && !stages.has(input.to)) {
      refuse(`input "${input.id}" moves deal "${input.deal}" to stage "${input.to}", which no workflow has`);
    }
    if (input.kind === 'meeting' && input.end < input.start) refuse(`meeting "${input.meeting}" ends before it starts`);
  }
  for (const message of tables.messages) {
    if (message.text.length > MAX_TEXT_CHARS)
      refuse(`message "${message.id}" has ${message.text.length} characters of text`);
  }
}
