import { describe, expect, test } from 'vitest';
import {
  MAX_ATTEMPTS,
  PACED_WINDOW_MS,
  QuotaPacer,
  retryAfterMs,
  retryDelay,
  UNITS_PER_SECOND,
  type FailedResponse,
} from '@/lib/background/google/pacing';

/** A clock that only moves when something sleeps on it. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    async sleep(ms: number) {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe('quota pacing', () => {
  test('2,000 messages.get (5 units each) spend no more than 250 units in any second', async () => {
    const clock = fakeClock();
    const pacer = new QuotaPacer(clock);
    const spentAt: number[] = [];
    await Promise.all(Array.from({ length: 2_000 }, () => pacer.take(5).then(() => spentAt.push(clock.now()))));
    // Every one-second window, wherever it starts, holds at most 250 units.
    let worst = 0;
    for (let i = 0; i < spentAt.length; i += 1) {
      const windowEnd = spentAt[i]! + 1_000;
      worst = Math.max(worst, spentAt.filter((t) => t >= spentAt[i]! && t < windowEnd).length * 5);
    }
    expect(worst).toBe(UNITS_PER_SECOND);
    // 10,000 units at 250 a second: 40 windows, the last one starting at 39 s.
    expect(clock.now()).toBe(39_000);
    expect(spentAt).toEqual([...spentAt].sort((a, b) => a - b));
  });

  test('with the paced window, a request held up by up to 100 ms still never shares a second at Google', async () => {
    const clock = fakeClock();
    const pacer = new QuotaPacer(clock, UNITS_PER_SECOND, PACED_WINDOW_MS);
    const sentAt: number[] = [];
    // Batches of 50 messages.get (250 units), as the mail sync sends them.
    for (let batch = 0; batch < 6; batch += 1) await pacer.take(250).then(() => sentAt.push(clock.now()));
    expect(sentAt).toEqual([0, 1_100, 2_200, 3_300, 4_400, 5_500]);
    // The worst case: every other batch 100 ms late on the way, the others on time.
    const arrivals = sentAt.map((at, index) => at + (index % 2 === 0 ? 100 : 0));
    for (let i = 1; i < arrivals.length; i += 1)
      expect(Math.abs(arrivals[i]! - arrivals[i - 1]!)).toBeGreaterThanOrEqual(1_000);
  });

  test('a burst within the budget waits for nothing', async () => {
    const clock = fakeClock();
    const pacer = new QuotaPacer(clock);
    await Promise.all(Array.from({ length: 50 }, () => pacer.take(5)));
    expect(clock.sleeps).toEqual([]);
  });

  test('a call bigger than the whole budget is refused', () => {
    expect(() => new QuotaPacer(fakeClock()).take(UNITS_PER_SECOND + 1)).toThrow(RangeError);
  });
});

describe('retries', () => {
  const failure = (status: number, reasons: string[] = [], retryAfter: string | null = null): FailedResponse => ({
    status,
    reasons,
    retryAfter,
  });
  const NOW = Date.parse('2026-12-01T12:00:00Z');

  test.each([
    ['429', failure(429), true],
    ['500', failure(500), true],
    ['503', failure(503), true],
    ['403 rateLimitExceeded', failure(403, ['rateLimitExceeded']), true],
    ['403 userRateLimitExceeded', failure(403, ['userRateLimitExceeded']), true],
    ['403 insufficientPermissions', failure(403, ['insufficientPermissions']), false],
    ['400', failure(400), false],
    ['401 (the caller refreshes the token instead)', failure(401), false],
    ['404 (an expired history id: the caller resyncs)', failure(404), false],
  ])('%s retried: %s', (_case, response, retried) => {
    expect(retryDelay(response, 1, () => 0.5, NOW) !== null).toBe(retried);
  });

  test('waits with full jitter under a ceiling that doubles from 1 s to 64 s', () => {
    const ceilings = [1, 2, 3, 4, 5].map((attempt) => retryDelay(failure(503), attempt, () => 1, NOW));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(retryDelay(failure(503), 3, () => 0.25, NOW)).toBe(1_000);
    expect(retryDelay(failure(503), MAX_ATTEMPTS, () => 1, NOW)).toBeNull();
  });

  test('never waits less than Retry-After asks, in seconds or as a date', () => {
    expect(retryDelay(failure(429, [], '30'), 1, () => 0.1, NOW)).toBe(30_000);
    expect(retryDelay(failure(429, [], 'Tue, 01 Dec 2026 12:00:12 GMT'), 1, () => 0, NOW)).toBe(12_000);
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs(null, NOW)).toBeNull();
  });
});
