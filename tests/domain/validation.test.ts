import { describe, expect, test } from 'vitest';
import { editDistance, nearestName, unknownFieldIssue } from '@/lib/domain/validation';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['', 'cc', 2],
    ['cc', 'cc', 0],
    ['c', 'cc', 1],
    ['titel', 'title', 1],
    ['stakehodler', 'stakeholder', 1],
    ['kitten', 'sitting', 3],
    ['timeZone', 'timezone', 1],
  ])('%j to %j: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('nearestName', () => {
  const messageFields = ['type', 'at', 'id', 'thread', 'from', 'to', 'cc', 'subject', 'text', 'deal', 'partial'];
  test.each([
    ['timeZone', ['me', 'timezone', 'workingHours'], 'timezone'],
    ['WorkingHours', ['me', 'timezone', 'workingHours'], 'workingHours'],
    ['c', messageFields, 'cc'],
    ['frm', messageFields, 'from'],
    ['subjet', messageFields, 'subject'],
    ['partail', messageFields, 'partial'],
    ['t', messageFields, 'at'],
    ['xy', messageFields, null],
    ['body', messageFields, null],
    ['outcome', messageFields, null],
  ] as const)('%j among %j: %j', (name, known, nearest) => {
    expect(nearestName(name, known)).toBe(nearest);
  });
});

describe('unknownFieldIssue', () => {
  test.each([
    [{ me: [], timezone: 'UTC' }, null],
    [{ me: [], timeZone: 'UTC' }, '"timeZone": unknown field (did you mean "timezone"?)'],
    [{ me: [], owner: 'sam', timeZone: 'UTC' }, '"owner": unknown field'],
  ])('%j: %j', (input, issue) => {
    expect(unknownFieldIssue(input, ['me', 'timezone'])).toBe(issue);
  });
});
