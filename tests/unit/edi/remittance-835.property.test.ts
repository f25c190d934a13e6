import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents, parse835 } from '../../../src/edi';
import { interchangeSegments, joinSegments } from './x12-builders';

type Style = 'shortest' | 'two-decimals' | 'no-leading-zero';

/** An amount as a sender might write it: 120, 120.50, .5 — all the same cents. */
function writeAmount(cents: number, style: Style): string {
  if (style === 'shortest') return formatCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0');
  if (style === 'no-leading-zero' && whole === 0) return `${sign}.${fraction}`;
  return `${sign}${whole}.${fraction}`;
}

interface GeneratedAdjustment {
  group: 'CO' | 'PR' | 'OA' | 'PI';
  reasonCode: string;
  amountCents: number;
}

interface GeneratedLine {
  code: string;
  paidCents: number;
  adjustments: GeneratedAdjustment[];
}

interface GeneratedClaim {
  patientControlNumber: string;
  statusCode: string;
  paidCents: number;
  patientResponsibilityCents: number | undefined;
  claimAdjustments: GeneratedAdjustment[];
  lines: GeneratedLine[];
}

const cents = fc.oneof(
  fc.integer({ min: 0, max: 99 }),
  fc.integer({ min: 0, max: 100_000_00 }),
  fc.integer({ min: 0, max: 1_000_000_000_00 }),
);
const adjustment = fc.record({
  group: fc.constantFrom<GeneratedAdjustment['group']>('CO', 'PR', 'OA', 'PI'),
  reasonCode: fc.constantFrom('1', '2', '3', '16', '45', '50', '97', '133', '253', 'A1'),
  amountCents: cents,
});
const line = fc.record({
  code: fc.stringMatching(/^\d{5}$/),
  paidCents: cents,
  adjustments: fc.array(adjustment, { minLength: 0, maxLength: 7 }),
});
const claim = fc
  .record({
    patientControlNumber: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,19}$/),
    statusCode: fc.constantFrom('1', '2', '3', '4', '19', '20', '21', '22', '23', '25'),
    paidCents: cents,
    patientResponsibilityCents: fc.option(cents, { nil: undefined }),
    claimAdjustments: fc.array(adjustment, { maxLength: 7 }),
    lines: fc.array(line, { maxLength: 4 }),
  })
  .map((generated): GeneratedClaim => {
    // A reversal carries the opposite sign on every amount (0 - x, so zero stays 0 and never becomes -0).
    if (generated.statusCode !== '22') return generated;
    const negate = (a: GeneratedAdjustment): GeneratedAdjustment => ({
      ...a,
      amountCents: 0 - a.amountCents,
    });
    return {
      ...generated,
      paidCents: 0 - generated.paidCents,
      patientResponsibilityCents:
        generated.patientResponsibilityCents === undefined
          ? undefined
          : 0 - generated.patientResponsibilityCents,
      claimAdjustments: generated.claimAdjustments.map(negate),
      lines: generated.lines.map((l) => ({
        ...l,
        paidCents: 0 - l.paidCents,
        adjustments: l.adjustments.map(negate),
      })),
    };
  });
const providerAdjustment = fc.record({
  reasonCode: fc.constantFrom('L6', 'WO', 'FB', '72', 'CS'),
  amountCents: fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }),
});
const remittance = fc.record({
  claims: fc.array(claim, { minLength: 1, maxLength: 5 }),
  providerAdjustments: fc.array(providerAdjustment, { maxLength: 6 }),
  styles: fc.infiniteStream(fc.constantFrom<Style>('shortest', 'two-decimals', 'no-leading-zero')),
});

const sum = (list: readonly GeneratedAdjustment[]): number =>
  list.reduce((total, a) => total + a.amountCents, 0);
const lineCharge = (l: GeneratedLine): number => l.paidCents + sum(l.adjustments);
const claimCharge = (c: GeneratedClaim): number =>
  c.paidCents + sum(c.claimAdjustments) + c.lines.reduce((total, l) => total + sum(l.adjustments), 0);

/** CAS segments for a list of adjustments: consecutive ones of a group share a segment, six triples at most. */
function casSegments(
  adjustments: readonly GeneratedAdjustment[],
  amount: (cents: number) => string,
): string[][] {
  const segments: string[][] = [];
  for (const a of adjustments) {
    const last = segments.at(-1);
    if (last && last[1] === a.group && last.length < 20) last.push(a.reasonCode, amount(a.amountCents), '');
    else segments.push(['CAS', a.group, a.reasonCode, amount(a.amountCents), '']);
  }
  return segments.map((segment) => {
    while (segment.at(-1) === '') segment.pop();
    return segment;
  });
}

function build835Segments(
  claims: readonly GeneratedClaim[],
  providerAdjustments: readonly { reasonCode: string; amountCents: number }[],
  styles: Iterator<Style>,
): string[][] {
  const amount = (value: number): string => writeAmount(value, styles.next().value as Style);
  const total =
    claims.reduce((paid, c) => paid + c.paidCents, 0) -
    providerAdjustments.reduce((t, a) => t + a.amountCents, 0);
  const body: string[][] = [
    [
      'BPR',
      'I',
      amount(Math.abs(total)),
      total < 0 ? 'D' : 'C',
      'ACH',
      'CCP',
      '01',
      '999999999',
      'DA',
      '1',
      '1999999999',
      '',
      '01',
      '999888777',
      'DA',
      '2',
      '20240410',
    ],
    ['TRN', '1', 'EFTPROPERTY', '1999999999'],
    ['N1', 'PR', 'FAKE PAYER OF TESTS'],
    ['N1', 'PE', 'EXAMPLE TEST CLINIC', 'XX', '1999999992'],
    ['LX', '1'],
  ];
  claims.forEach((c, index) => {
    if (index > 0 && index % 2 === 0) body.push(['LX', String(index + 1)]);
    body.push([
      'CLP',
      c.patientControlNumber,
      c.statusCode,
      amount(claimCharge(c)),
      amount(c.paidCents),
      c.patientResponsibilityCents === undefined ? '' : amount(c.patientResponsibilityCents),
      '12',
      `ICN${index}`,
    ]);
    body.push(...casSegments(c.claimAdjustments, amount));
    for (const l of c.lines) {
      body.push(['SVC', `HC:${l.code}`, amount(lineCharge(l)), amount(l.paidCents), '', '1']);
      body.push(['DTM', '472', '20240401']);
      body.push(...casSegments(l.adjustments, amount));
    }
  });
  for (let first = 0; first < providerAdjustments.length; first += 6) {
    const plb = ['PLB', '1999999992', '20241231'];
    for (const a of providerAdjustments.slice(first, first + 6))
      plb.push(a.reasonCode, amount(a.amountCents));
    body.push(plb);
  }
  return interchangeSegments({
    controlNumber: 8350,
    functionalId: 'HP',
    version: '005010X221A1',
    transactionId: '835',
    transactions: [body],
  });
}

describe('parse835 properties', () => {
  it('any generated valid 835 parses back to the generated cents exactly, whatever decimal form each amount was written in', () => {
    fc.assert(
      fc.property(remittance, ({ claims, providerAdjustments, styles }) => {
        const text = joinSegments(build835Segments(claims, providerAdjustments, styles));
        const [parsed] = parse835(text).remittances;
        expect(
          parsed?.claims.map((c) => ({
            patientControlNumber: c.patientControlNumber,
            statusCode: c.statusCode,
            reversal: c.reversal,
            chargeCents: c.chargeCents,
            paidCents: c.paidCents,
            patientResponsibilityCents: c.patientResponsibilityCents,
            adjustments: c.adjustments.map((a) => [a.group, a.reasonCode, a.amountCents]),
            lines: c.serviceLines.map((l) => [
              l.procedure.code,
              l.chargeCents,
              l.paidCents,
              l.adjustments.map((a) => [a.group, a.reasonCode, a.amountCents]),
            ]),
          })),
        ).toEqual(
          claims.map((c) => ({
            patientControlNumber: c.patientControlNumber,
            statusCode: c.statusCode,
            reversal: c.statusCode === '22',
            chargeCents: claimCharge(c),
            paidCents: c.paidCents,
            patientResponsibilityCents: c.patientResponsibilityCents,
            adjustments: c.claimAdjustments.map((a) => [a.group, a.reasonCode, a.amountCents]),
            lines: c.lines.map((l) => [
              l.code,
              lineCharge(l),
              l.paidCents,
              l.adjustments.map((a) => [a.group, a.reasonCode, a.amountCents]),
            ]),
          })),
        );
        expect(parsed?.providerAdjustments.map((a) => [a.reasonCode, a.amountCents])).toEqual(
          providerAdjustments.map((a) => [a.reasonCode, a.amountCents]),
        );
        const total =
          claims.reduce((paid, c) => paid + c.paidCents, 0) -
          providerAdjustments.reduce((t, a) => t + a.amountCents, 0);
        expect(parsed?.payment.totalCents).toBe(Math.abs(total));
      }),
      { numRuns: 300 },
    );
  });

  it('splitting and joining segments with or without newlines, CRLF, or line breaks inside segments gives the same parse', () => {
    fc.assert(
      fc.property(
        remittance,
        fc.constantFrom('', '\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 20 }),
        ({ claims, providerAdjustments, styles }, after, breaks) => {
          const segments = build835Segments(claims, providerAdjustments, styles);
          const flat = joinSegments(segments, undefined, '');
          const joined = joinSegments(segments, undefined, after);
          // Wrap anywhere after the ISA, the way fixed-record systems break long lines.
          let wrapped = flat;
          for (const n of breaks) {
            const at = 106 + (n % (wrapped.length - 106));
            wrapped = `${wrapped.slice(0, at)}\n${wrapped.slice(at)}`;
          }
          const expected = parse835(flat);
          expect(parse835(joined)).toEqual(expected);
          expect(parse835(wrapped)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
