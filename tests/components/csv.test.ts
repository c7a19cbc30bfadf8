import { describe, expect, test } from 'vitest';
import { toCsv } from '@/components/csv';

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
