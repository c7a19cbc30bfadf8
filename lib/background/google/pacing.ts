/**
 * How Ember calls Google's APIs without being throttled, and what it does when it is anyway
 * (https://developers.google.com/gmail/api/reference/quota):
 *
 * - a per-user budget of 250 quota units per second, as a moving average: `QuotaPacer` spends
 *   units from a bucket that refills at that rate, and waits when a call would overdraw it;
 * - 429, 403 rateLimitExceeded / userRateLimitExceeded and 5xx are retried with exponential
 *   backoff and full jitter, waiting at least what Retry-After asks; anything else is not retried.
 *
 * Time and randomness are passed in, so both are tested without waiting.
 */

export const UNITS_PER_SECOND = 250;
/**
 * The window Ember spends UNITS_PER_SECOND in. Google counts units as requests arrive: a batch sent
 * at the start of one second and held up on the way lands beside the next one, sent a second later,
 * and that second at Google holds both. A tenth of a second more between windows keeps every second
 * at Google under the quota whatever a request's delay, up to 100 ms, for 9% less throughput.
 */
export const PACED_WINDOW_MS = 1_100;

/** Quota units per call, from Google's table. */
export const QUOTA_UNITS = {
  'messages.get': 5,
  'messages.list': 5,
  'history.list': 2,
  getProfile: 1,
  'events.list': 1,
  'freeBusy.query': 1,
} as const;
export type QuotaMethod = keyof typeof QUOTA_UNITS;

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * A sliding one-second window of quota units: no second, wherever it starts, holds more than
 * `rate` units. (A token bucket would let a full bucket and a second's refill through together.)
 */
export class QuotaPacer {
  /** What was spent in the last second, oldest first. */
  private readonly spent: { at: number; units: number }[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: PacerClock,
    private readonly rate = UNITS_PER_SECOND,
    /** The window `rate` applies to: a second, or a little more for a margin (see `PACED_WINDOW_MS`). */
    private readonly windowMs = 1_000,
  ) {}

  /** Resolves when `units` may be spent; calls are served in the order they asked. */
  take(units: number): Promise<void> {
    if (units > this.rate) throw new RangeError(`a call of ${units} units can never fit a budget of ${this.rate}/s`);
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = this.clock.now();
        while (this.spent.length > 0 && this.spent[0]!.at <= now - this.windowMs) this.spent.shift();
        const inWindow = this.spent.reduce((sum, entry) => sum + entry.units, 0);
        if (inWindow + units <= this.rate) {
          this.spent.push({ at: now, units });
          return;
        }
        // Wait until enough of the window has expired.
        let freed = 0;
        let until = now;
        for (const entry of this.spent) {
          freed += entry.units;
          until = entry.at + this.windowMs;
          if (inWindow - freed + units <= this.rate) break;
        }
        await this.clock.sleep(Math.max(1, until - now));
      }
    });
    this.queue = turn;
    return turn;
  }
}

export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 64_000;

/** What a failed response tells about retrying it. */
export interface FailedResponse {
  status: number;
  /** The Retry-After header, as sent: seconds, or an HTTP date. */
  retryAfter: string | null;
  /** Google's error reasons (`error.errors[].reason` or `error.details[].reason`). */
  reasons: readonly string[];
}

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);

export function isRetryable({ status, reasons }: FailedResponse): boolean {
  if (status === 429 || status >= 500) return true;
  return status === 403 && reasons.some((reason) => RATE_REASONS.has(reason));
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1), or null when the call
 * should not be retried: full jitter over an exponential ceiling, never less than Retry-After.
 */
export function retryDelay(failure: FailedResponse, attempt: number, random: () => number, now: number): number | null {
  if (!isRetryable(failure) || attempt >= MAX_ATTEMPTS) return null;
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, retryAfterMs(failure.retryAfter, now) ?? 0);
}

/** Retry-After in ms: "120" (seconds) or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
