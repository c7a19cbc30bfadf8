import { describe, expect, test } from 'vitest';
import { RecentThreadDeals } from '@/lib/background/recent-thread-deals';

describe('recent thread deals', () => {
  test.each([
    { remembered: [['t1', 'a']], asked: 't1', expected: 'a' },
    { remembered: [['t1', 'a']], asked: 't2', expected: undefined },
    {
      remembered: [
        ['t1', 'a'],
        ['t1', 'b'],
      ],
      asked: 't1',
      expected: 'b',
    },
    // Capacity 2: the third thread pushes out the least recently remembered.
    {
      remembered: [
        ['t1', 'a'],
        ['t2', 'b'],
        ['t3', 'c'],
      ],
      asked: 't1',
      expected: undefined,
    },
    {
      remembered: [
        ['t1', 'a'],
        ['t2', 'b'],
        ['t3', 'c'],
      ],
      asked: 't3',
      expected: 'c',
    },
    // Remembering again makes a thread recent: t2 is forgotten instead.
    {
      remembered: [
        ['t1', 'a'],
        ['t2', 'b'],
        ['t1', 'a'],
        ['t3', 'c'],
      ],
      asked: 't1',
      expected: 'a',
    },
    {
      remembered: [
        ['t1', 'a'],
        ['t2', 'b'],
        ['t1', 'a'],
        ['t3', 'c'],
      ],
      asked: 't2',
      expected: undefined,
    },
  ])('after $remembered, $asked → $expected', ({ remembered, asked, expected }) => {
    const recent = new RecentThreadDeals(2);
    for (const [thread, deal] of remembered) recent.remember(thread!, deal!);
    expect(recent.get(asked)).toBe(expected);
  });
});
