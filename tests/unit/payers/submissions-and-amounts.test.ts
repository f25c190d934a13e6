import { describe, expect, it } from 'vitest';
import { parseRetryAfter, toCents } from '../../../src/payers/rest/rest-channel';
import { type ClaimSubmission, assertConsistentSubmission } from '../../../src/payers/types';

const base: ClaimSubmission = {
  idempotencyKey: 'claim-CLM-1:submit:1',
  claimId: 'CLM-1',
  payerId: 'payer-a',
  kind: 'new',
  frequencyCode: '1',
};

describe('claim submissions', () => {
  it('accepts a new claim with frequency 1 and a corrected or replacement claim with 7 or 8 and the claim it replaces', () => {
    expect(() => assertConsistentSubmission(base)).not.toThrow();
    for (const kind of ['corrected', 'replacement'] as const) {
      for (const frequencyCode of ['7', '8'] as const) {
        expect(() =>
          assertConsistentSubmission({ ...base, kind, frequencyCode, payerClaimNumber: 'ICN-1' }),
        ).not.toThrow();
      }
    }
  });

  it('refuses, as permanent, a frequency code that contradicts the kind or a replacement without the payer claim number', () => {
    const refused: Partial<ClaimSubmission>[] = [
      { frequencyCode: '7', payerClaimNumber: 'ICN-1' },
      { kind: 'corrected', frequencyCode: '1' },
      { kind: 'replacement', frequencyCode: '7' },
    ];
    for (const change of refused) {
      expect(() => assertConsistentSubmission({ ...base, ...change })).toThrow(
        expect.objectContaining({ kind: 'permanent' }),
      );
    }
  });
});

describe('clearinghouse values', () => {
  it('reads Retry-After as seconds or as an HTTP date, and ignores what it cannot read', () => {
    const now = Date.parse('2026-10-12T14:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 12 Oct 2026 14:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Mon, 12 Oct 2026 13:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('turns dollar amounts into cents without floating-point drift', () => {
    expect(toCents('800.10')).toBe(80_010);
    expect(toCents('0.29')).toBe(29);
    expect(toCents('12.5')).toBe(1_250);
    expect(toCents('-45.07')).toBe(-4_507);
    expect(toCents(19.99)).toBe(1_999);
  });
});
