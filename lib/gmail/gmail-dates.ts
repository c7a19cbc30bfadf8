/**
 * Gmail shows a message's time as text ("Mon, Apr 6, 2026, 2:30 PM", "Apr 6, 2026 at 2:30 PM").
 * V8 reads the English forms once " at " is dropped; anything else falls back to when Ember saw it.
 */
export function parseGmailDate(text: string, fallback: number): number {
  const cleaned = text
    .replace(/\u202f|\u00a0/g, ' ')
    .replace(/\s+at\s+/i, ' ')
    .replace(/\s*\(.*\)\s*$/, '')
    .trim();
  const parsed = Date.parse(cleaned);
  return Number.isNaN(parsed) ? fallback : parsed;
}
