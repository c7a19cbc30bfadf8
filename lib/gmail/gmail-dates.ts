/**
 * When a message was sent, as Gmail's page knows it, in an order of trust:
 *
 * 1. The message id. Gmail's legacy hex ids (`18d7a0c0ffee0011`, what InboxSDK's getMessageID gives)
 *    carry the time Gmail took the message in, in milliseconds, above their low 20 bits. It reads
 *    the same in every language and needs no layout.
 * 2. The date Gmail shows (`.g3[title]`), in the rep's language: "Mon, Jun 3, 2024, 10:15 AM",
 *    "lun. 3 juin 2024, 10:15", "Mo., 3. Juni 2024, 10:15", "2024年6月3日(月) 10:15". It is minutes
 *    only, in the browser's time zone.
 *
 * Neither gives `null`: the caller sets the message aside rather than guess "now", which would move
 * its triggers and latencies.
 */

/** Gmail began in April 2004: an id that decodes to earlier is not a timestamped id. */
const GMAIL_EPOCH = Date.UTC(2004, 3, 1);
const DAY_MS = 86_400_000;

/** The time in a Gmail legacy message id, or null when the id is not one (or decodes to a time that cannot be). */
export function gmailIdTime(id: string, now: number): number | null {
  if (!/^[0-9a-f]{13,16}$/i.test(id)) return null;
  const time = Number(BigInt(`0x${id}`) >> 20n);
  return time >= GMAIL_EPOCH && time <= now + DAY_MS ? time : null;
}

/**
 * Gmail's interface languages that name their months; those that write months as numbers (ja, zh,
 * ko) are read by the numeric forms below.
 */
const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'nb', 'fi', 'pl', 'cs', 'tr', 'ru'];

/** Month names (wide and abbreviated, lower case, without dots) of the languages Gmail's date may come in. */
const MONTHS: ReadonlyMap<string, number> = (() => {
  const names = new Map<string, number>();
  for (const language of LANGUAGES) {
    for (const month of ['long', 'short'] as const) {
      // A month alone, and beside a day: some languages decline it there ("июнь" / "3 июня"), and
      // Gmail's date has the day.
      for (const form of [
        new Intl.DateTimeFormat(language, { month, timeZone: 'UTC' }),
        new Intl.DateTimeFormat(language, { month, day: 'numeric', timeZone: 'UTC' }),
      ]) {
        for (let index = 0; index < 12; index += 1) {
          const parts = form.formatToParts(new Date(Date.UTC(2024, index, 15)));
          const name = parts.find((part) => part.type === 'month')?.value;
          if (name) names.set(normalizeWord(name), index);
        }
      }
    }
  }
  // English abbreviations Gmail writes that Intl spells otherwise.
  names.set('sept', 8);
  return names;
})();

/** Weekday names of the same languages: "mar" is Tuesday and March in Spanish, so a weekday yields to a month. */
const WEEKDAYS: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  for (const language of LANGUAGES) {
    for (const weekday of ['long', 'short'] as const) {
      const form = new Intl.DateTimeFormat(language, { weekday, timeZone: 'UTC' });
      for (let day = 0; day < 7; day += 1) names.add(normalizeWord(form.format(new Date(Date.UTC(2024, 0, 7 + day)))));
    }
  }
  return names;
})();

function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/\./g, '').normalize('NFC');
}

/** Words that mark an afternoon time: "PM", "p. m." (es), "午後" (ja), "下午" (zh), "오후" (ko). */
const PM = /\b(?:pm|p\.\s?m\.)|午後|下午|오후/i;
const AM = /\b(?:am|a\.\s?m\.)|午前|上午|오전/i;

/**
 * Reads the date Gmail shows, in any of its languages, as local time; null when it is not a full
 * date and time (a relative "2 days ago" alone, say).
 */
export function parseGmailDate(text: string): number | null {
  const cleaned = text
    .replace(/[\u202f\u00a0]/g, ' ')
    // A relative part in brackets: "(2 days ago)", "(il y a 2 jours)".
    .replace(/\s*[(（][^)）]*[)）]\s*$/, '')
    .trim();
  // "10:15", or "10 h 15" as French Canada writes it.
  const time = /(\d{1,2}):(\d{2})(?!\d)/.exec(cleaned) ?? /(\d{1,2}) ?h ?(\d{2})(?!\d)/.exec(cleaned);
  if (!time) return null;
  let hour = Number(time[1]);
  const minute = Number(time[2]);
  if (PM.test(cleaned) && hour < 12) hour += 12;
  else if (AM.test(cleaned) && hour === 12) hour = 0;
  const date = cleaned.slice(0, time.index) + ' ' + cleaned.slice(time.index + time[0].length);
  const day = readDay(date);
  if (!day || hour > 23 || minute > 59) return null;
  const result = new Date(day.year, day.month, day.day, hour, minute);
  return result.getMonth() === day.month && result.getDate() === day.day ? result.getTime() : null;
}

function readDay(text: string): { year: number; month: number; day: number } | null {
  // 2024年6月3日, 2024년 6월 3일, 2024/6/3, 2024-06-03
  const yearFirst = /(\d{4})\s*[年년/.-]\s*(\d{1,2})\s*[月월/.-]\s*(\d{1,2})/.exec(text);
  if (yearFirst) return { year: Number(yearFirst[1]), month: Number(yearFirst[2]) - 1, day: Number(yearFirst[3]) };
  const year = /\b(\d{4})\b/.exec(text);
  if (!year) return null;
  // A month by name, and the day as the one short number left: "Jun 3", "3 juin", "3. Juni", "3 de jun".
  const words = (text.match(/\p{L}+/gu) ?? []).map(normalizeWord).filter((word) => MONTHS.has(word));
  const monthWord = words.findLast((word) => !WEEKDAYS.has(word)) ?? words.at(-1);
  const day = /(?<!\d)(\d{1,2})(?!\d)/.exec(text.replace(year[0], ' '));
  if (monthWord === undefined || !day) return null;
  return { year: Number(year[1]), month: MONTHS.get(monthWord)!, day: Number(day[1]) };
}

/** A message's time from what Gmail's page gives for it; null when neither source reads. */
export function messageTime(id: string, shownDate: string, now: number): number | null {
  return gmailIdTime(id, now) ?? parseGmailDate(shownDate);
}
