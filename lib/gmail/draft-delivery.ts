/** A draft for Gmail to hold in a thread's reply box (or open as a new compose, for intros). */
export interface DraftDelivery {
  account: string;
  thread: string;
  kind: string;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
}

/** The runtime message that carries a DraftDelivery from the background to a Gmail tab. */
export const DELIVER_DRAFT_MESSAGE = 'ember:deliver-draft';
