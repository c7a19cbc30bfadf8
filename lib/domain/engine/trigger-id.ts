import type { TriggerKind } from '../workflow';
import type { Instant } from './types';

/**
 * What fired a trigger: a message (buyer_replied, new_stakeholder), a stage change (stage_entered), a
 * meeting (meeting_ended), or the start of a silence (quiet: the silence begins at the deal's last
 * exchange, or its creation). A deal fires at most one trigger of a kind per cause and stakeholder.
 */
export type TriggerCause =
  { message: string } | { stageChange: string } | { meeting: string } | { silenceSince: Instant };

function causeText(cause: TriggerCause): string {
  if ('message' in cause) return `m:${cause.message}`;
  if ('stageChange' in cause) return `s:${cause.stageChange}`;
  if ('meeting' in cause) return `mt:${cause.meeting}`;
  return `q:${cause.silenceSince}`;
}

/** `acme#buyer_replied@m:msg-17`, with `~address` for a stakeholder: stable whatever order mail arrives in. */
export function triggerId(deal: string, kind: TriggerKind, cause: TriggerCause, stakeholder: string | null): string {
  const id = `${deal}#${kind}@${causeText(cause)}`;
  return stakeholder === null ? id : `${id}~${stakeholder}`;
}
