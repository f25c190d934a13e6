import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents, parseCents } from '../../../src/edi';

describe('amounts in integer cents', () => {
  it.each([
    ['120', 12000],
    ['120.5', 12050],
    ['120.50', 12050],
    ['0.07', 7],
    ['.5', 50],
    ['-25.3', -2530],
    ['-0.01', -1],
    ['-0', 0],
    ['10.000', 1000],
    ['12345678901234.56', 1234567890123456],
  ])('parses %s as %d cents, exactly', (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it('reads 0.1 + 0.2 style amounts without float error: "0.29" is 29 cents, "1.13" is 113', () => {
    expect(parseCents('0.29')).toBe(29);
    expect(parseCents('1.13')).toBe(113);
    expect(parseCents('4.35')).toBe(435);
  });

  it.each(['1,200.00', '1e3', '+5', '12.3.4', '.', '-', ' 5', '5 ', '12O', '0.001', '99999999999999999'])(
    'rejects %j',
    (text) => {
      expect(() => parseCents(text)).toThrow(RangeError);
    },
  );

  it('returns undefined for an empty element', () => {
    expect(parseCents('')).toBeUndefined();
  });

  it('writes cents in the shortest decimal form, and reads back what it wrote', () => {
    expect(formatCents(12000)).toBe('120');
    expect(formatCents(12050)).toBe('120.5');
    expect(formatCents(12345)).toBe('123.45');
    expect(formatCents(-7)).toBe('-0.07');
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        expect(parseCents(formatCents(cents))).toBe(cents);
      }),
    );
  });
});
