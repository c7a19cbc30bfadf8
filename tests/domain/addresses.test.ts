import { describe, expect, test } from 'vitest';
import { createSides, normalizeAddress, withoutTag } from '@/lib/domain/addresses';
import { createEngineContext } from '@/lib/domain/engine/context';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';

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
    // A subdomain of a company domain is the seller's; a parent or a look-alike is not.
    [['sam@emberseller.com'], [], 'sam@sub.emberseller.com', true],
    [['sam@emberseller.com'], [], 'ops@a.b.emberseller.com', true],
    [['sam@eu.emberseller.com'], [], 'lee@emberseller.com', false],
    [['sam@emberseller.com'], [], 'eve@notemberseller.com', false],
    [['sam@emberseller.com'], [], 'eve@emberseller.com.evil.io', false],
    // Named company domains replace the domains of me: the rep stays the rep.
    [['sam@emberseller.com'], ['ember.io'], 'ops@ember.io', true],
    [['sam@emberseller.com'], ['ember.io'], 'lee@emberseller.com', false],
    [['sam@emberseller.com'], ['ember.io'], 'sam@emberseller.com', true],
    [['sam@isp-mail.net'], ['emberseller.com'], 'neighbour@isp-mail.net', false],
    [['sam@isp-mail.net'], ['emberseller.com'], 'se@eu.emberseller.com', true],
    // A +tag on one of me is the rep, even at a consumer domain; not on someone else.
    [['alex@gmail.com'], [], 'alex+deals@gmail.com', true],
    [['alex@gmail.com'], [], 'alexa+deals@gmail.com', false],
    [['alex@gmail.com'], [], 'jo+alex@gmail.com', false],
    [['sam@emberseller.com'], [], 'sam+crm@emberseller.com', true],
  ] as const)('me %j, domains %j: %s is seller: %s', (me, domains, address, seller) => {
    const sides = createSides(me, domains);
    expect(sides.isSeller(address)).toBe(seller);
    expect(sides.isBuyer(address)).toBe(!seller);
  });
});

describe('withoutTag', () => {
  test.each([
    ['sam+crm@emberseller.com', 'sam@emberseller.com'],
    ['sam+a+b@emberseller.com', 'sam@emberseller.com'],
    ['sam@emberseller.com', 'sam@emberseller.com'],
    ['+crm@emberseller.com', '+crm@emberseller.com'],
    ['sam@mail+x.com', 'sam@mail+x.com'],
  ])('%s → %s', (address, expected) => {
    expect(withoutTag(address)).toBe(expected);
  });
});

describe("the extension's settings decide the sides the same way", () => {
  test.each([
    // [company domains, aliases, address, seller?]
    [[], [], 'lee@emberseller.com', true],
    [['ember.io'], [], 'lee@emberseller.com', false],
    [['ember.io'], [], 'ops@eu.ember.io', true],
    [['ember.io'], [], 'sam@emberseller.com', true],
    [['ember.io'], [], 'sam+crm@emberseller.com', true],
    [['ember.io'], ['sam@isp-mail.net'], 'sam@isp-mail.net', true],
    [[], ['sam@isp-mail.net'], 'neighbour@isp-mail.net', true],
    [['emberseller.com'], ['sam@isp-mail.net'], 'neighbour@isp-mail.net', false],
  ] as const)('company domains %j, aliases %j: %s is seller: %s', (companyDomains, addresses, address, seller) => {
    const settings = { ...DEFAULT_ACCOUNT_SETTINGS, companyDomains: [...companyDomains], addresses: [...addresses] };
    const { sides } = createEngineContext('sam@emberseller.com', settings, DEFAULT_WORKFLOW);
    expect(sides.isSeller(address)).toBe(seller);
  });
});
