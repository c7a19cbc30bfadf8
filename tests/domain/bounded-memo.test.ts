import { describe, expect, test } from 'vitest';
import { boundedMemo } from '@/lib/domain/bounded-memo';

describe('boundedMemo', () => {
  test('computes each key once, and answers false as well as true', () => {
    const asked: string[] = [];
    const isShort = boundedMemo(10, (word: string) => {
      asked.push(word);
      return word.length < 4;
    });
    expect([isShort('ann'), isShort('dana'), isShort('ann'), isShort('dana')]).toEqual([true, false, true, false]);
    expect(asked).toEqual(['ann', 'dana']);
  });

  test('forgets everything once it holds its limit, then remembers again', () => {
    const asked: number[] = [];
    const double = boundedMemo(2, (n: number) => {
      asked.push(n);
      return n * 2;
    });
    expect([1, 2, 1, 3, 1, 3].map(double)).toEqual([2, 4, 2, 6, 2, 6]);
    // 3 found the memo full (1 and 2): it forgot both, so 1 is computed again and 3 is remembered.
    expect(asked).toEqual([1, 2, 3, 1]);
  });
});
