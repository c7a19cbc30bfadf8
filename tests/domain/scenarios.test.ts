import { describe, expect, test } from 'vitest';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import { replay } from '@/lib/domain/scenario/replay';
import { readFixture } from '../helpers/scenario';

/** Compares parsed JSON: key order free, array order fixed, numbers within 1e-6 (the contract's rule). */
function expectSameJson(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path} length`).toBe(expected.length);
    expected.forEach((item, index) => expectSameJson((actual as unknown[])[index], item, `${path}[${index}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path} is an object`).toBe(true);
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) {
      expectSameJson((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
    return;
  }
  expect(actual, path).toBe(expected);
}

describe('the worked scenarios replay to exactly their expected output', () => {
  test.each(['seed-walkthrough', 'edge-cases', 'broadcasts', 'late-mail'])('%s', async (name) => {
    const output = await replay(parseScenario(readFixture(`${name}.json`)));
    expectSameJson(JSON.parse(JSON.stringify(output)), readFixture(`${name}.expected.json`));
  });

  test('the comparison itself catches a difference', () => {
    expect(() => expectSameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toThrow();
    expect(() => expectSameJson({ a: 1.0000001 }, { a: 1 })).not.toThrow();
    expect(() => expectSameJson({ a: 1, extra: 2 }, { a: 1 })).toThrow();
  });

  test('replaying the same scenario twice gives the same output', async () => {
    const scenario = parseScenario(readFixture('edge-cases.json'));
    expect(await replay(scenario)).toEqual(await replay(scenario));
  });
});
