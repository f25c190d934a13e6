/**
 * Reading 835 health care claim payment/advice files (005010X221A1): the payment (BPR, TRN), payer and
 * payee, claims (CLP) with claim-level adjustments (CAS), remark codes (MOA, MIA) and service lines
 * (SVC with line-level CAS, LQ*HE remarks and DTM*472 dates), reversals (CLP02 = 22) and
 * provider-level adjustments (PLB). Every amount is integer cents parsed from the decimal text.
 */
import type { IsoDate } from '../domain/dates';
import {
  interchangeHeadersOf,
  readTransactions,
  type EnvelopeRef,
  type EnvelopedTransaction,
  type InterchangeHeader,
} from './envelope';
import type { ProcedureCode } from './claim-status-277';
import type { X12Segment } from './tokenizer';
import {
  centsAt,
  dateAt,
  elementName,
  optional,
  reject,
  required,
  requiredCents,
  withoutUndefined,
  type DateRange,
} from './values';

/** CLP02 values of 005010X221A1. */
export const claimPaymentStatuses = {
  '1': 'processed_as_primary',
  '2': 'processed_as_secondary',
  '3': 'processed_as_tertiary',
  '4': 'denied',
  '19': 'processed_as_primary_forwarded',
  '20': 'processed_as_secondary_forwarded',
  '21': 'processed_as_tertiary_forwarded',
  '22': 'reversal',
  '23': 'not_our_claim_forwarded',
  '25': 'predetermination_pricing_only',
} as const;

export type ClaimPaymentStatusCode = keyof typeof claimPaymentStatuses;
export type ClaimPaymentStatus = (typeof claimPaymentStatuses)[ClaimPaymentStatusCode];

/** CAS01: CO contractual, PR patient responsibility, OA other, PI payer initiated. */
export type AdjustmentGroup = 'CO' | 'PR' | 'OA' | 'PI';
const ADJUSTMENT_GROUPS: readonly string[] = ['CO', 'PR', 'OA', 'PI'];

/** One reason/amount/quantity triple of a CAS segment. */
export interface Adjustment {
  readonly group: AdjustmentGroup;
  /** Claim adjustment reason code (CARC). */
  readonly reasonCode: string;
  /** Positive reduces the payment; negative increases it. */
  readonly amountCents: number;
  /** As written (a decimal quantity). */
  readonly quantity?: string;
}

export interface RemittanceServiceLine {
  readonly procedure: ProcedureCode;
  /** SVC02. */
  readonly chargeCents: number;
  /** SVC03. */
  readonly paidCents: number;
  /** SVC04: NUBC revenue code. */
  readonly revenueCode?: string;
  /** SVC05 as written; 1 when empty, per the guide. */
  readonly unitsPaid?: string;
  /** SVC06: the procedure as submitted, when the payer adjudicated a different one. */
  readonly submittedProcedure?: ProcedureCode;
  /** SVC07 as written. */
  readonly submittedUnits?: string;
  /** DTM*472, or DTM*150/151. */
  readonly serviceDates?: DateRange;
  readonly adjustments: readonly Adjustment[];
  /** LQ*HE: remittance advice remark codes (RARC). */
  readonly remarkCodes: readonly string[];
  /** REF*6R. */
  readonly lineItemControlNumber?: string;
  /** AMT*B6. */
  readonly allowedCents?: number;
  readonly segment: number;
}

export interface Person {
  readonly lastName?: string;
  readonly firstName?: string;
  readonly idQualifier?: string;
  readonly id?: string;
}

export interface RemittanceClaim extends EnvelopeRef {
  /** CLP01: the provider's patient control number (837 CLM01). */
  readonly patientControlNumber: string;
  /** CLP02 as written. */
  readonly statusCode: ClaimPaymentStatusCode;
  readonly status: ClaimPaymentStatus;
  /** CLP02 = 22: this claim reverses an earlier payment (its amounts carry the opposite sign). */
  readonly reversal: boolean;
  /** CLP03. */
  readonly chargeCents: number;
  /** CLP04. */
  readonly paidCents: number;
  /** CLP05. */
  readonly patientResponsibilityCents?: number;
  /** CLP06, e.g. 12 PPO, MB Medicare Part B, MC Medicaid. */
  readonly claimFilingIndicator: string;
  /** CLP07: the payer's claim control number (ICN/DCN). */
  readonly payerClaimNumber?: string;
  /** CLP08. */
  readonly facilityTypeCode?: string;
  /** CLP09. */
  readonly frequencyCode?: string;
  readonly adjustments: readonly Adjustment[];
  /** MOA03–07 and MIA05, MIA20–23: remark codes (RARC) at claim level. */
  readonly remarkCodes: readonly string[];
  /** NM1*QC. */
  readonly patient?: Person;
  /** NM1*TT: the payer the claim was crossed over to. */
  readonly crossoverCarrier?: { readonly name?: string; readonly id?: string };
  /** DTM*232 / DTM*233. */
  readonly statementPeriod?: Partial<DateRange>;
  /** DTM*050. */
  readonly receivedDate?: IsoDate;
  readonly serviceLines: readonly RemittanceServiceLine[];
  /** Position of the CLP in the file. */
  readonly segment: number;
}

/** One PLB adjustment: money moved at provider level, outside any claim. */
export interface ProviderAdjustment {
  /** PLB01. */
  readonly providerId: string;
  /** PLB02. */
  readonly fiscalPeriodDate: IsoDate;
  /** PLB03-1 (…PLB13-1), e.g. WO overpayment recovery, L6 interest, FB forwarding balance. */
  readonly reasonCode: string;
  /** PLB03-2: the reference the adjustment is about (often a payer claim number). */
  readonly reference?: string;
  /** Positive reduces the payment; negative increases it. */
  readonly amountCents: number;
  readonly segment: number;
}

export interface Remittance extends EnvelopeRef {
  readonly payment: {
    /** BPR01: I remittance and payment, H notification only, … */
    readonly handlingCode: string;
    /** BPR02. */
    readonly totalCents: number;
    /** BPR03: C credit, D debit. */
    readonly creditDebit: string;
    /** BPR04: ACH, CHK, BOP, FWT, NON. */
    readonly method: string;
    /** BPR16. */
    readonly effectiveDate?: IsoDate;
    /** TRN02: the check or EFT trace number. */
    readonly traceNumber: string;
    /** TRN03. */
    readonly originatorId?: string;
  };
  /** N1*PR; `id` is N104, or REF*2U in the payer loop. */
  readonly payer: { readonly name: string; readonly id?: string };
  readonly payee: { readonly name: string; readonly idQualifier?: string; readonly id?: string };
  /** DTM*405. */
  readonly productionDate?: IsoDate;
  readonly claims: readonly RemittanceClaim[];
  readonly providerAdjustments: readonly ProviderAdjustment[];
}

export interface RemittanceFile {
  readonly interchanges: readonly InterchangeHeader[];
  readonly remittances: readonly Remittance[];
  /** Every claim of every remittance, in file order. */
  readonly claims: readonly RemittanceClaim[];
}

function procedureAt(segment: X12Segment, n: number): ProcedureCode | undefined {
  const [qualifier = '', code = '', ...rest] = segment.components(n);
  if (qualifier === '' && code === '') return undefined;
  if (qualifier === '' || code === '') {
    throw reject(segment, `${elementName(segment, n)} must name a product/service ID qualifier and a code`);
  }
  return { qualifier, code, modifiers: rest.slice(0, 4).filter((modifier) => modifier !== '') };
}

function readCas(segment: X12Segment): Adjustment[] {
  const group = required(segment, 1, 'claim adjustment group code');
  if (!ADJUSTMENT_GROUPS.includes(group)) {
    throw reject(
      segment,
      `CAS01 ${JSON.stringify(group)} is not a claim adjustment group code (CO, PR, OA, PI)`,
    );
  }
  if (segment.elementCount > 19)
    throw reject(segment, 'CAS has more than six reason/amount/quantity triples');
  const adjustments: Adjustment[] = [];
  for (let first = 2; first <= 17; first += 3) {
    const reasonCode = segment.element(first);
    const amountCents = centsAt(segment, first + 1);
    const quantity = optional(segment, first + 2);
    if (reasonCode === '') {
      if (amountCents !== undefined || quantity !== undefined) {
        throw reject(
          segment,
          `${elementName(segment, first)} (adjustment reason code) is empty but its amount is not`,
        );
      }
      continue;
    }
    if (amountCents === undefined) {
      throw reject(
        segment,
        `${elementName(segment, first + 1)} (adjustment amount) is required with reason ${reasonCode}`,
      );
    }
    adjustments.push(
      withoutUndefined({ group: group as AdjustmentGroup, reasonCode, amountCents, quantity }),
    );
  }
  if (adjustments.length === 0) throw reject(segment, 'CAS has no adjustment reason code');
  return adjustments;
}

function readPlb(segment: X12Segment): ProviderAdjustment[] {
  const providerId = required(segment, 1, 'provider identifier');
  required(segment, 2, 'fiscal period date');
  const fiscalPeriodDate = dateAt(segment, 2) ?? '';
  if (segment.elementCount > 14) throw reject(segment, 'PLB has more than six adjustments');
  const adjustments: ProviderAdjustment[] = [];
  for (let first = 3; first <= 13; first += 2) {
    const [reasonCode = '', reference = ''] = segment.components(first);
    const amountCents = centsAt(segment, first + 1);
    if (reasonCode === '') {
      if (amountCents !== undefined) {
        throw reject(
          segment,
          `${elementName(segment, first)} (adjustment reason) is empty but its amount is not`,
        );
      }
      continue;
    }
    if (amountCents === undefined) {
      throw reject(segment, `${elementName(segment, first + 1)} (provider adjustment amount) is required`);
    }
    adjustments.push(
      withoutUndefined({
        providerId,
        fiscalPeriodDate,
        reasonCode,
        reference: reference === '' ? undefined : reference,
        amountCents,
        segment: segment.position,
      }),
    );
  }
  if (adjustments.length === 0) throw reject(segment, 'PLB has no adjustment');
  return adjustments;
}

interface OpenLine {
  segment: X12Segment;
  adjustments: Adjustment[];
  remarkCodes: string[];
  lineItemControlNumber?: string;
  allowedCents?: number;
  serviceDates?: { from?: IsoDate; to?: IsoDate };
}

interface OpenClaim {
  segment: X12Segment;
  adjustments: Adjustment[];
  remarkCodes: string[];
  patient?: Person;
  crossoverCarrier?: { name?: string; id?: string };
  statementPeriod?: { from?: IsoDate; to?: IsoDate };
  receivedDate?: IsoDate;
  lines: OpenLine[];
}

type Section = 'header' | 'payer' | 'payee' | 'detail' | 'claim' | 'line' | 'summary';

/** The segments each section of the 835 may hold, besides the ones that open the next section. */
const SECTION_SEGMENTS: Readonly<Record<Section, readonly string[]>> = {
  header: ['TRN', 'CUR', 'REF', 'DTM'],
  payer: ['N3', 'N4', 'REF', 'PER'],
  payee: ['N3', 'N4', 'REF', 'RDM'],
  detail: ['TS3', 'TS2'],
  claim: ['CAS', 'NM1', 'MIA', 'MOA', 'REF', 'DTM', 'PER', 'AMT', 'QTY'],
  line: ['DTM', 'CAS', 'REF', 'AMT', 'QTY', 'LQ'],
  summary: [],
};

const SECTION_NAMES: Readonly<Record<Section, string>> = {
  header: 'the header (after BPR)',
  payer: 'the payer loop (N1*PR)',
  payee: 'the payee loop (N1*PE)',
  detail: 'the header number loop (LX)',
  claim: 'a claim payment loop (CLP)',
  line: 'a service payment loop (SVC)',
  summary: 'the provider adjustments (PLB)',
};

function finishLine(line: OpenLine): RemittanceServiceLine {
  const svc = line.segment;
  const procedure = procedureAt(svc, 1);
  if (!procedure) throw reject(svc, 'SVC01 (composite medical procedure identifier) is required but empty');
  const dates = line.serviceDates;
  const from = dates?.from ?? dates?.to;
  const to = dates?.to ?? dates?.from;
  if (from !== undefined && to !== undefined && to < from) {
    throw reject(svc, `the service line's dates end (${to}) before they start (${from})`);
  }
  return withoutUndefined({
    procedure,
    chargeCents: requiredCents(svc, 2, 'line item charge amount'),
    paidCents: requiredCents(svc, 3, 'line item provider payment amount'),
    revenueCode: optional(svc, 4),
    unitsPaid: optional(svc, 5),
    submittedProcedure: procedureAt(svc, 6),
    submittedUnits: optional(svc, 7),
    serviceDates: from !== undefined && to !== undefined ? { from, to } : undefined,
    adjustments: line.adjustments,
    remarkCodes: line.remarkCodes,
    lineItemControlNumber: line.lineItemControlNumber,
    allowedCents: line.allowedCents,
    segment: svc.position,
  });
}

function finishClaim(claim: OpenClaim, ref: EnvelopeRef): RemittanceClaim {
  const clp = claim.segment;
  const statusCode = required(clp, 2, 'claim status code');
  if (!(statusCode in claimPaymentStatuses)) {
    throw reject(clp, `CLP02 ${JSON.stringify(statusCode)} is not a claim status code of 005010X221A1`);
  }
  const code = statusCode as ClaimPaymentStatusCode;
  return withoutUndefined({
    ...ref,
    patientControlNumber: required(clp, 1, 'patient control number'),
    statusCode: code,
    status: claimPaymentStatuses[code],
    reversal: code === '22',
    chargeCents: requiredCents(clp, 3, 'total claim charge amount'),
    paidCents: requiredCents(clp, 4, 'claim payment amount'),
    patientResponsibilityCents: centsAt(clp, 5),
    claimFilingIndicator: required(clp, 6, 'claim filing indicator code'),
    payerClaimNumber: optional(clp, 7),
    facilityTypeCode: optional(clp, 8),
    frequencyCode: optional(clp, 9),
    adjustments: claim.adjustments,
    remarkCodes: claim.remarkCodes,
    patient: claim.patient,
    crossoverCarrier: claim.crossoverCarrier,
    statementPeriod: claim.statementPeriod,
    receivedDate: claim.receivedDate,
    serviceLines: claim.lines.map(finishLine),
    segment: clp.position,
  });
}

function parseTransaction({ transaction, ref }: EnvelopedTransaction): Remittance {
  const [bpr, ...body] = transaction.segments;
  if (bpr?.id !== 'BPR') throw reject(bpr ?? transaction.header, 'an 835 must start with BPR after ST');
  let section: Section = 'header';
  let trn: X12Segment | undefined;
  let productionDate: IsoDate | undefined;
  let payer: Remittance['payer'] | undefined;
  let payee: Remittance['payee'] | undefined;
  let claim: OpenClaim | undefined;
  const claims: RemittanceClaim[] = [];
  const providerAdjustments: ProviderAdjustment[] = [];

  const finish = (): void => {
    if (claim) claims.push(finishClaim(claim, ref));
    claim = undefined;
  };
  const enterDetail = (segment: X12Segment): void => {
    if (!trn) throw reject(segment, 'the 835 header has no TRN (reassociation trace number)');
    if (!payer) throw reject(segment, 'the 835 has no payer loop (N1*PR) before its claims');
    if (!payee) throw reject(segment, 'the 835 has no payee loop (N1*PE) before its claims');
  };

  for (const segment of body) {
    const id = segment.id;
    if (id === 'N1' && (section === 'header' || section === 'payer' || section === 'payee')) {
      const entity = required(segment, 1, 'entity identifier code');
      const name = required(segment, 2, 'name');
      if (entity === 'PR' && !payer) {
        section = 'payer';
        payer = withoutUndefined({ name, id: optional(segment, 4) });
      } else if (entity === 'PE' && payer && !payee) {
        section = 'payee';
        payee = withoutUndefined({ name, idQualifier: optional(segment, 3), id: optional(segment, 4) });
      } else {
        throw reject(
          segment,
          `N1*${entity} is out of place: the 835 names one payer (N1*PR), then one payee (N1*PE)`,
        );
      }
      continue;
    }
    if (id === 'LX' && section !== 'summary') {
      if (section === 'header' || section === 'payer' || section === 'payee') enterDetail(segment);
      finish();
      section = 'detail';
      continue;
    }
    if (id === 'CLP' && section !== 'summary') {
      if (section === 'header' || section === 'payer' || section === 'payee') enterDetail(segment);
      finish();
      section = 'claim';
      claim = { segment, adjustments: [], remarkCodes: [], lines: [] };
      continue;
    }
    if (id === 'SVC' && (section === 'claim' || section === 'line') && claim) {
      section = 'line';
      claim.lines.push({ segment, adjustments: [], remarkCodes: [] });
      continue;
    }
    if (id === 'PLB') {
      if (section === 'header' || section === 'payer' || section === 'payee') enterDetail(segment);
      finish();
      section = 'summary';
      providerAdjustments.push(...readPlb(segment));
      continue;
    }
    if (!SECTION_SEGMENTS[section].includes(id)) {
      throw reject(
        segment,
        `segment ${id} is not expected in ${SECTION_NAMES[section]} of an 835 (005010X221A1)`,
      );
    }
    const line = section === 'line' ? claim?.lines.at(-1) : undefined;
    switch (id) {
      case 'TRN':
        if (trn) throw reject(segment, 'the 835 header has a second TRN');
        required(segment, 2, 'check or EFT trace number');
        trn = segment;
        break;
      case 'DTM': {
        const qualifier = required(segment, 1, 'date time qualifier');
        required(segment, 2, 'date');
        const date = dateAt(segment, 2);
        if (section === 'header') {
          if (qualifier === '405') productionDate = date;
        } else if (line) {
          const dates = (line.serviceDates ??= {});
          if (qualifier === '472') {
            dates.from = date;
            dates.to = date;
          } else if (qualifier === '150') dates.from = date;
          else if (qualifier === '151') dates.to = date;
        } else if (claim) {
          if (qualifier === '232') (claim.statementPeriod ??= {}).from = date;
          else if (qualifier === '233') (claim.statementPeriod ??= {}).to = date;
          else if (qualifier === '050') claim.receivedDate = date;
        }
        break;
      }
      case 'CAS':
        (line ?? claim)?.adjustments.push(...readCas(segment));
        break;
      case 'NM1': {
        const entity = required(segment, 1, 'entity identifier code');
        if (claim && entity === 'QC') {
          claim.patient = withoutUndefined({
            lastName: optional(segment, 3),
            firstName: optional(segment, 4),
            idQualifier: optional(segment, 8),
            id: optional(segment, 9),
          });
        } else if (claim && entity === 'TT') {
          claim.crossoverCarrier = withoutUndefined({ name: optional(segment, 3), id: optional(segment, 9) });
        }
        break;
      }
      case 'MOA':
        claim?.remarkCodes.push(
          ...[3, 4, 5, 6, 7].map((n) => segment.element(n)).filter((code) => code !== ''),
        );
        break;
      case 'MIA':
        claim?.remarkCodes.push(
          ...[5, 20, 21, 22, 23].map((n) => segment.element(n)).filter((code) => code !== ''),
        );
        break;
      case 'LQ': {
        const qualifier = required(segment, 1, 'code list qualifier code');
        const code = required(segment, 2, 'remark code');
        if (qualifier === 'HE') line?.remarkCodes.push(code);
        break;
      }
      case 'REF': {
        const qualifier = required(segment, 1, 'reference identification qualifier');
        const value = required(segment, 2, 'reference identification');
        if (line && qualifier === '6R') line.lineItemControlNumber = value;
        else if (section === 'payer' && qualifier === '2U' && payer && payer.id === undefined) {
          payer = { ...payer, id: value };
        }
        break;
      }
      case 'AMT': {
        required(segment, 1, 'amount qualifier code');
        const amount = requiredCents(segment, 2, 'monetary amount');
        if (line && segment.element(1) === 'B6') line.allowedCents = amount;
        break;
      }
      default:
        // Allowed in this section and not needed here (addresses, contacts, totals, currency).
        break;
    }
  }
  finish();
  if (!trn) throw reject(transaction.header, 'the 835 has no TRN (reassociation trace number)');
  if (!payer || !payee)
    throw reject(transaction.header, 'the 835 must name its payer (N1*PR) and payee (N1*PE)');

  return {
    ...ref,
    payment: withoutUndefined({
      handlingCode: required(bpr, 1, 'transaction handling code'),
      totalCents: requiredCents(bpr, 2, 'total actual provider payment amount'),
      creditDebit: required(bpr, 3, 'credit/debit flag code'),
      method: required(bpr, 4, 'payment method code'),
      effectiveDate: dateAt(bpr, 16),
      traceNumber: trn.element(2),
      originatorId: optional(trn, 3),
    }),
    payer,
    payee,
    ...(productionDate === undefined ? {} : { productionDate }),
    claims,
    providerAdjustments,
  };
}

/**
 * Reads an 835 remittance file (005010X221A1). Throws an X12ParseError naming the segment when the file
 * is malformed anywhere (envelope, structure, amounts, dates, codes); nothing is returned from it.
 */
export function parse835(text: string): RemittanceFile {
  const transactions = readTransactions(text, {
    id: '835',
    functionalId: 'HP',
    version: '005010X221A1',
    name: 'an 835 remittance advice',
  });
  const remittances = transactions.map(parseTransaction);
  const interchanges = interchangeHeadersOf(transactions);
  return { interchanges, remittances, claims: remittances.flatMap((remittance) => remittance.claims) };
}
