import { describe, expect, test } from 'vitest';
import { contactList, namedColumns, toCsv } from '@/components/csv';

const one = (value: unknown) => toCsv([{ value }], ['value']).split('\r\n')[1];

describe('CSV cells a spreadsheet will not run (OWASP CSV injection)', () => {
  test.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1 617 555 0199', "'+1 617 555 0199"],
    ['-2+3+cmd|/C calc', "'-2+3+cmd|/C calc"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('%j is defused', (value, cell) => {
    expect(one(value)).toBe(cell);
  });

  test.each([
    [-5, '-5'],
    ['-5', '-5'],
    ['+12.5', '+12.5'],
    ['1e-3', '1e-3'],
    ['Acme, Inc.', '"Acme, Inc."'],
    ['plain', 'plain'],
  ])('%j stays as it is', (value, cell) => {
    expect(one(value)).toBe(cell);
  });
});

describe('a CSV file', () => {
  test('ends its last row with a line break, as it does every other', () => {
    expect(toCsv([{ a: 1 }, { a: 2 }], ['a'])).toBe('a\r\n1\r\n2\r\n');
    expect(toCsv([], ['a', 'b'])).toBe('a,b\r\n');
  });
});

describe('contacts in a cell', () => {
  test('are a list of names and addresses, a contact without a name by address alone', () => {
    const names = new Map([['dana@acme.com', 'Dana Lee']]);
    expect(contactList(['dana@acme.com', 'lee@acme.com'], names)).toBe('Dana Lee <dana@acme.com>; lee@acme.com');
    expect(contactList([], names)).toBe('');
  });

  test('quote a name that would read as two contacts or as an address', () => {
    const names = new Map([
      ['a@acme.com', 'Lee; Dana'],
      ['b@acme.com', 'Kim, "KJ" <boss>'],
      ['c@acme.com', 'Dana J. Lee'],
    ]);
    expect(contactList(['a@acme.com', 'b@acme.com', 'c@acme.com'], names)).toBe(
      '"Lee; Dana" <a@acme.com>; "Kim, \\"KJ\\" <boss>" <b@acme.com>; Dana J. Lee <c@acme.com>',
    );
  });

  test('are defused like any other cell', () => {
    const cell = toCsv(
      [{ contacts: contactList(['x@evil.com'], new Map([['x@evil.com', '=cmd|/C calc']])) }],
      ['contacts'],
    ).split('\r\n')[1];
    expect(cell).toBe("'=cmd|/C calc <x@evil.com>");
  });
});

describe('stages in a row', () => {
  test('are named as the workflow names them; one no version named keeps its id', () => {
    const row = { deal: 'd1', from: 'contact', to: 'gone', at: 5 };
    expect(namedColumns(row, ['from', 'to'], { contact: 'Contact' })).toEqual({ ...row, from: 'Contact' });
    expect(namedColumns({ deal: 'd1', from: null }, ['from'], { contact: 'Contact' })).toEqual({
      deal: 'd1',
      from: null,
    });
    expect(row.from).toBe('contact');
  });
});
