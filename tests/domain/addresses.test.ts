import { describe, expect, test } from 'vitest';
import { createSides, normalizeAddress } from '@/lib/domain/addresses';

describe('normalizeAddress', () => {
  test.each([
    ['dana@acme.com', 'dana@acme.com'],
    ['  Dana@ACME.com ', 'dana@acme.com'],
    ['Dana Lee <dana@acme.com>', 'dana@acme.com'],
    ['"Lee, Dana" <Dana@Acme.com>', 'dana@acme.com'],
    ['"odd@local"@acme.com', '"odd@local"@acme.com'],
    ['dana', null],
    ['@acme.com', null],
    ['dana@', null],
    ['da na@acme.com', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });
});

describe('sides', () => {
  test.each([
    // [me, company domains, address, seller?]
    [['sam@emberseller.com'], [], 'sam@emberseller.com', true],
    [['sam@emberseller.com'], [], 'lee@emberseller.com', true],
    [['sam@emberseller.com'], [], 'dana@acme.com', false],
    [['alex@gmail.com'], [], 'alex@gmail.com', true],
    [['alex@gmail.com'], [], 'jo@gmail.com', false],
    [['alex@gmail.com'], ['gmail.com'], 'jo@gmail.com', false],
    [['alex@gmail.com'], ['ember.io'], 'ops@ember.io', true],
    [['sam@proton.me'], [], 'pat@proton.me', false],
    [['sam@emberseller.com'], [], 'sam@sub.emberseller.com', false],
  ] as const)('me %j, domains %j: %s is seller: %s', (me, domains, address, seller) => {
    const sides = createSides(me, domains);
    expect(sides.isSeller(address)).toBe(seller);
    expect(sides.isBuyer(address)).toBe(!seller);
  });
});
