import type { Slot } from './slots';
import { stripHidden } from './text';
import { localTime } from './local-time';

/**
 * When a buyer can meet, as their mail says it: the zone they name ("4pm UK time", "Berlin",
 * "PT") and the window they give ("before 4pm", "after 10:30", "between 2 and 4pm", "not
 * Thursday", "mornings"). Read as data, in the buyer's zone; what the text does not say is open.
 */
export interface BuyerWindow {
  /** Minutes after the buyer's midnight a meeting may start at the earliest, and end at the latest. */
  from: number | null;
  until: number | null;
  /** ISO weekdays (1 Monday … 7 Sunday) the buyer ruled out. */
  notOn: number[];
}

/**
 * Zones by the words that name them. Abbreviations are matched in capitals only ("et" is French for
 * "and", "ist" German for "is"); places and "… time" in any case.
 */
const ZONES: { abbreviations: RegExp; words: RegExp; zone: string }[] = [
  { abbreviations: /\b(?:UK|BST|GMT)\b/, words: /\b(?:london|british time)\b/i, zone: 'Europe/London' },
  {
    abbreviations: /\b(?:CET|CEST)\b/,
    words: /\b(?:berlin|munich|frankfurt|paris|amsterdam|madrid|rome|vienna|zurich|stockholm|central european)\b/i,
    zone: 'Europe/Berlin',
  },
  {
    abbreviations: /\b(?:ET|EST|EDT)\b/,
    words: /\b(?:eastern time|new york|boston|toronto)\b/i,
    zone: 'America/New_York',
  },
  {
    abbreviations: /\b(?:CT|CST|CDT)\b/,
    words: /\b(?:central time|chicago|dallas|austin)\b/i,
    zone: 'America/Chicago',
  },
  { abbreviations: /\b(?:MT|MST|MDT)\b/, words: /\b(?:mountain time|denver)\b/i, zone: 'America/Denver' },
  {
    abbreviations: /\b(?:PT|PST|PDT)\b/,
    words: /\b(?:pacific time|san francisco|seattle|los angeles|bay area)\b/i,
    zone: 'America/Los_Angeles',
  },
  { abbreviations: /\bIST\b/, words: /\b(?:india time|bangalore|bengaluru|mumbai)\b/i, zone: 'Asia/Kolkata' },
  { abbreviations: /\bSGT\b/, words: /\bsingapore\b/i, zone: 'Asia/Singapore' },
  { abbreviations: /\bJST\b/, words: /\btokyo\b/i, zone: 'Asia/Tokyo' },
  { abbreviations: /\b(?:AEST|AEDT)\b/, words: /\b(?:sydney|melbourne)\b/i, zone: 'Australia/Sydney' },
];

/** The zone a buyer's text names, if it names one. */
export function zoneNamedIn(text: string): string | null {
  const clean = stripHidden(text);
  return ZONES.find(({ abbreviations, words }) => abbreviations.test(clean) || words.test(clean))?.zone ?? null;
}

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const TIME = String.raw`(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?`;

function minutesOf(hour: string, minute: string | undefined, half: string | undefined, pm = false): number {
  let hours = Number(hour) % 24;
  const suffix = (half ?? '').replace(/\./g, '').toLowerCase();
  if ((suffix === 'pm' || (suffix === '' && pm)) && hours < 12) hours += 12;
  else if (suffix === 'am' && hours === 12) hours = 0;
  return hours * 60 + Number(minute ?? 0);
}

/** A time the text really gives: a bare number ("from 20 March", "by 5 people") is none. */
const explicit = (match: RegExpExecArray | null): match is RegExpExecArray =>
  match !== null && (match[2] !== undefined || match[3] !== undefined);

export function windowIn(text: string): BuyerWindow {
  const clean = stripHidden(text).toLowerCase();
  const window: BuyerWindow = { from: null, until: null, notOn: [] };
  const between = new RegExp(String.raw`\bbetween\s+${TIME}\s+(?:and|-|–|to)\s+${TIME}`).exec(clean);
  if (between && (between[5] !== undefined || between[6] !== undefined)) {
    // "between 2 and 4pm": the first time takes the second's half of the day.
    const pm = /^p/.test(between[6] ?? '') && between[3] === undefined;
    window.from = minutesOf(between[1]!, between[2], between[3], pm);
    window.until = minutesOf(between[4]!, between[5], between[6]);
  }
  const before = new RegExp(String.raw`\b(?:before|by|until|till|no later than)\s+${TIME}`).exec(clean);
  if (explicit(before) && window.until === null) window.until = minutesOf(before[1]!, before[2], before[3]);
  const after = new RegExp(String.raw`\b(?:after|from|not before)\s+${TIME}`).exec(clean);
  if (explicit(after) && window.from === null) window.from = minutesOf(after[1]!, after[2], after[3]);
  if (/\bmornings?\b/.test(clean) && window.until === null) window.until = 12 * 60;
  if (/\bafternoons?\b/.test(clean) && window.from === null) window.from = 12 * 60;
  DAYS.forEach((day, index) => {
    if (new RegExp(String.raw`\b(?:not|except|no|avoid)\s+(?:on\s+)?(?:a\s+)?${day}s?\b`).test(clean)) {
      window.notOn.push(index + 1);
    }
  });
  return window;
}

/** Whether a slot lies inside the buyer's window, read in the buyer's zone. */
export function insideWindow(slot: Slot, window: BuyerWindow, timeZone: string): boolean {
  const start = localTime(slot.start, timeZone);
  const end = localTime(slot.end, timeZone);
  if (window.notOn.includes(start.isoWeekday)) return false;
  if (window.from !== null && start.minutes < window.from) return false;
  if (window.until !== null && (end.day !== start.day || end.minutes > window.until)) return false;
  return true;
}

/** Whether the window says anything at all. */
export function isOpen(window: BuyerWindow): boolean {
  return window.from === null && window.until === null && window.notOn.length === 0;
}
