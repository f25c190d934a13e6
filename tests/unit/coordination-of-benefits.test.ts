import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideNextPayer,
  type NextPayerInput,
  type PayerOrder,
} from '../../src/domain/coordination-of-benefits';
import { clp02Table } from '../../src/domain/data/remittance-codes';

/** A primary payer finished with $30.00 open, all of it the patient's share, and a secondary on file. */
const base: NextPayerInput = {
  balanceCents: 3_000,
  patientResponsibilityCents: 3_000,
  hasSecondaryPayer: true,
  currentPayerOrder: 'primary',
};

describe('decideNextPayer from the 277 (reference §1.2 F3F / F3N)', () => {
  it('when the 277 says F3F, the crossover billed the secondary: track it, do not bill it', () => {
    const result = decideNextPayer({ ...base, from277: { category: 'F3F' } });
    expect(result).toMatchObject({ decision: 'crossover_billed', nextPayerOrder: 'secondary' });
    expect(result.reason).toContain('277 F3F');
  });

  it('when the 277 says F3N, we bill the secondary ourselves', () => {
    expect(decideNextPayer({ ...base, from277: { category: 'F3N' } })).toMatchObject({
      decision: 'bill_next_payer',
      nextPayerOrder: 'secondary',
    });
  });

  it('when the 277 says F3N and there is no secondary, the patient share moves to the patient', () => {
    const result = decideNextPayer({ ...base, hasSecondaryPayer: false, from277: { category: 'F3N' } });
    expect(result.decision).toBe('move_to_patient');
    expect(result).not.toHaveProperty('nextPayerOrder');
    expect(result.reason).toContain('$30.00 patient responsibility');
  });

  it('a 277 category that says nothing about forwarding (F1) is treated as not forwarded', () => {
    const result = decideNextPayer({ ...base, from277: { category: 'F1' } });
    expect(result.decision).toBe('bill_next_payer');
    expect(result.reason).toContain('277 F1 says nothing about forwarding');
  });
});

describe('decideNextPayer from the 835 (reference §2.2 CLP02)', () => {
  it.each([
    ['19', 'primary', { hasSecondaryPayer: true }, 'secondary'],
    ['20', 'secondary', { hasSecondaryPayer: true, hasTertiaryPayer: true }, 'tertiary'],
  ] as const)(
    'CLP02 %s from the %s payer: processed and forwarded, the crossover billed the %s',
    (clp02, order, payers, next) => {
      expect(
        decideNextPayer({ ...base, ...payers, currentPayerOrder: order, from835: { clp02 } }),
      ).toMatchObject({
        decision: 'crossover_billed',
        nextPayerOrder: next,
      });
    },
  );

  it('CLP02 21 from the tertiary payer: forwarded to a payer we have no record of, so the coverage needs an update', () => {
    const result = decideNextPayer({ ...base, currentPayerOrder: 'tertiary', from835: { clp02: '21' } });
    expect(result.decision).toBe('crossover_billed');
    expect(result).not.toHaveProperty('nextPayerOrder');
    expect(result.reason).toContain('no next payer on file');
  });

  it.each([
    ['1', 'primary', { hasSecondaryPayer: true }, 'bill_next_payer', 'secondary'],
    ['2', 'secondary', { hasSecondaryPayer: true, hasTertiaryPayer: true }, 'bill_next_payer', 'tertiary'],
    ['2', 'secondary', { hasSecondaryPayer: true }, 'move_to_patient', undefined],
    ['3', 'tertiary', { hasSecondaryPayer: true, hasTertiaryPayer: true }, 'move_to_patient', undefined],
    ['1', 'primary', { hasSecondaryPayer: false }, 'move_to_patient', undefined],
  ] as const)(
    'CLP02 %s from the %s payer (processed, not forwarded) with %j: %s',
    (clp02, order, payers, decision, next) => {
      const result = decideNextPayer({ ...base, ...payers, currentPayerOrder: order, from835: { clp02 } });
      expect(result.decision).toBe(decision);
      expect(result.nextPayerOrder).toBe(next);
    },
  );

  it('CLP02 4 (patient not recognised) is not forwarded: the next payer is billed by us', () => {
    expect(decideNextPayer({ ...base, from835: { clp02: '4' } }).decision).toBe('bill_next_payer');
  });

  it('CLP02 23 (not our claim) was sent on by the payer: track it where it went', () => {
    const result = decideNextPayer({ ...base, from835: { clp02: '23' } });
    expect(result.decision).toBe('crossover_billed');
    expect(result).not.toHaveProperty('nextPayerOrder');
  });

  it('a reversal (22) or a predetermination (25) moves no balance anywhere', () => {
    expect(decideNextPayer({ ...base, from835: { clp02: '22' } })).toMatchObject({ decision: 'nothing_due' });
    expect(decideNextPayer({ ...base, from835: { clp02: '22' } }).reason).toContain(
      'wait for the corrected payment',
    );
    expect(decideNextPayer({ ...base, from835: { clp02: '25' } }).decision).toBe('nothing_due');
  });

  it('when the 277 and the 835 disagree, the 835 decides and the reason says so', () => {
    const forwarded = decideNextPayer({ ...base, from277: { category: 'F3N' }, from835: { clp02: '19' } });
    expect(forwarded.decision).toBe('crossover_billed');
    expect(forwarded.reason).toContain('the 835 decides');
    expect(decideNextPayer({ ...base, from277: { category: 'F3F' }, from835: { clp02: '1' } }).decision).toBe(
      'bill_next_payer',
    );
  });

  it('every CLP02 in the table leads to a decision whose reason names it', () => {
    for (const record of clp02Table.records) {
      const result = decideNextPayer({ ...base, from835: { clp02: record.code } });
      expect(['bill_next_payer', 'crossover_billed', 'move_to_patient', 'nothing_due']).toContain(
        result.decision,
      );
      expect(result.reason).toContain(`835 CLP02 ${record.code}`);
      if (record.kind === 'processed') {
        expect(result.decision).toBe(record.forwarded ? 'crossover_billed' : 'bill_next_payer');
      }
    }
  });
});

describe('decideNextPayer on balances', () => {
  it('nothing open means nothing due, whatever the signals say', () => {
    expect(decideNextPayer({ ...base, balanceCents: 0, from277: { category: 'F3N' } }).decision).toBe(
      'nothing_due',
    );
  });

  it('with no further payer and no patient share, the balance stays with the provider', () => {
    const result = decideNextPayer({
      ...base,
      hasSecondaryPayer: false,
      balanceCents: 5_000,
      patientResponsibilityCents: 0,
      from835: { clp02: '1' },
    });
    expect(result.decision).toBe('nothing_due');
    expect(result.reason).toContain('stays with the provider');
  });

  it('never moves more to the patient than the open balance', () => {
    const result = decideNextPayer({
      ...base,
      hasSecondaryPayer: false,
      balanceCents: 2_000,
      patientResponsibilityCents: 9_000,
    });
    expect(result.decision).toBe('move_to_patient');
    expect(result.reason).toContain('$20.00 patient responsibility');
  });

  it('a tertiary payer is only next after the secondary', () => {
    expect(
      decideNextPayer({ ...base, hasSecondaryPayer: false, hasTertiaryPayer: true, from835: { clp02: '1' } })
        .decision,
    ).toBe('move_to_patient');
  });
});

const orders: readonly PayerOrder[] = ['primary', 'secondary', 'tertiary'];
const input: fc.Arbitrary<NextPayerInput> = fc.record(
  {
    from277: fc.record({ category: fc.constantFrom('F3F', 'F3N', 'F1', 'F2', 'P1') }),
    from835: fc.record({ clp02: fc.constantFrom(...clp02Table.records.map((r) => r.code), '5') }),
    balanceCents: fc.integer({ min: -10_000, max: 1_000_000 }),
    patientResponsibilityCents: fc.integer({ min: 0, max: 1_000_000 }),
    hasSecondaryPayer: fc.boolean(),
    hasTertiaryPayer: fc.boolean(),
    currentPayerOrder: fc.constantFrom(...orders),
  },
  { requiredKeys: ['balanceCents', 'patientResponsibilityCents', 'hasSecondaryPayer', 'currentPayerOrder'] },
);

describe('decideNextPayer properties', () => {
  it('a claim the 835 says was forwarded (19/20/21) is never billed to the next payer by us', () => {
    fc.assert(
      fc.property(input, fc.constantFrom('19', '20', '21'), (i, clp02) => {
        expect(decideNextPayer({ ...i, from835: { clp02 } }).decision).not.toBe('bill_next_payer');
      }),
    );
  });

  it('we bill a next payer only when one is on file, and name it', () => {
    fc.assert(
      fc.property(input, (value) => {
        const result = decideNextPayer(value);
        if (result.decision !== 'bill_next_payer') return;
        const expected =
          value.currentPayerOrder === 'primary' && value.hasSecondaryPayer
            ? 'secondary'
            : value.currentPayerOrder === 'secondary' && value.hasTertiaryPayer === true
              ? 'tertiary'
              : undefined;
        expect(expected).toBeDefined();
        expect(result.nextPayerOrder).toBe(expected);
      }),
    );
  });

  it('the balance moves to the patient only when the patient has a share and the balance is open', () => {
    fc.assert(
      fc.property(input, (value) => {
        if (decideNextPayer(value).decision === 'move_to_patient') {
          expect(value.patientResponsibilityCents).toBeGreaterThan(0);
          expect(value.balanceCents).toBeGreaterThan(0);
        }
      }),
    );
  });
});
