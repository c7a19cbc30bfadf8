import { stripHidden } from './text';

/**
 * The reply and forward marks mail clients put before a subject, in the languages they write them:
 * Re; Aw, Antw, Antwort and Wg (German, Dutch); Sv and Vs (Nordic, Finnish); Res, Enc and Rv
 * (Portuguese, Spanish); R and Rif (Italian); Tr (French); Odp (Polish); Ynt (Turkish); Fw and Fwd.
 * A count may follow ("Re[2]:", "RE(3):"), and the colon may be a full-width one.
 */
const MARK =
  /^(?:re|aw|antw|antwort|wg|sv|vs|vl|res|enc|rv|r|rif|tr|odp|ynt|fwd?|doorst)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i;

/** A subject without the marks its replies and forwards stacked up: "Re: AW: Fwd: Pilot" is "Pilot". */
export function baseSubject(subject: string): string {
  let text = stripHidden(subject).replace(/\s+/g, ' ').trim();
  for (let next = text.replace(MARK, ''); next !== text; next = text.replace(MARK, '')) text = next;
  return text;
}

/** The subject of a reply: one "Re: " before the base subject, or `fallback` when there is none. */
export function replySubject(subject: string | undefined, fallback: string): string {
  const base = baseSubject(subject ?? '');
  return base === '' ? fallback : `Re: ${base}`;
}

/** Labels a subject carries for its own email, not for the topic: "Intro:", "Recap:", "Following up:". */
const LABEL =
  /^(?:intro(?:duction)?|recap|summary|follow(?:ing)?[- ]?up|proposal|quick question|question|update|reminder|meeting|call|invitation|einladung|angebot)\s*[:：\-–—]\s*/i;
/** How the topic came about, not what it is: "(via Jess Alvarez)", "[EXTERNAL]". */
const ASIDE = /\s*(?:\((?:via|from|per|cc)\b[^)]*\)|\[(?:external|ext|extern)\])\s*/gi;

/**
 * What a deal is about, from its title (often its first subject), for a new email's subject:
 * "Re: Intro: Ember <> Brightwell (via Jess Alvarez)" is "Ember and Brightwell".
 */
export function topicOf(title: string): string {
  let text = baseSubject(title).replace(ASIDE, ' ').trim();
  for (let next = text.replace(LABEL, ''); next !== text; next = text.replace(LABEL, '')) text = baseSubject(next);
  return (
    text
      // "Quarry Labs / Ember intro": the kind of meeting is not the topic.
      .replace(/\s+(?:intro|introduction|call|meeting|sync|demo|kick-?off|catch-?up)$/i, '')
      .replace(/\s*<>\s*|\s+x\s+(?=\p{Lu})/gu, ' and ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
