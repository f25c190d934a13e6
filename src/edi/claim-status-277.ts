/**
 * Reading 277 claim status responses (005010X212) and 277CA claim acknowledgments (005010X214) into
 * statuses per claim and per service line. Each status keeps its raw codes and carries its meaning from
 * the domain's category taxonomy; a category the taxonomy does not know is reported on the claim, never
 * dropped. Both guides share one hierarchy walk: HL levels, then per claim a TRN-led tracking loop with
 * STC/REF/DTP, then SVC-led service line loops.
 */
import {
  isClaimStatusCategoryCode,
  normalizeStatus,
  type NormalizedStatus,
} from '../domain/claim-status-codes';
import type { IsoDate } from '../domain/dates';
import {
  interchangeHeadersOf,
  readTransactions,
  type EnvelopeRef,
  type EnvelopedTransaction,
  type InterchangeHeader,
} from './envelope';
import type { X12Segment } from './tokenizer';
import {
  centsAt,
  dateAt,
  dateRangeAt,
  optional,
  reject,
  required,
  withoutUndefined,
  type DateRange,
} from './values';

/** One status composite (STC01, STC10 or STC11). */
export interface StatusCode {
  /** STC01-1: claim status category code (code list 507), as written. */
  readonly category: string;
  /** STC01-2: claim status code (code list 508). */
  readonly code?: string;
  /** STC01-3: the entity the status refers to (e.g. 85 billing provider, PR payer). */
  readonly entity?: string;
  /** STC01-4: code list qualifier when STC01-2 is from another list (e.g. NCPDP reject codes). */
  readonly codeListQualifier?: string;
  /** The category's meaning from the domain taxonomy; null when the taxonomy does not know it. */
  readonly normalized: NormalizedStatus | null;
}

/** One STC segment. */
export interface ClaimStatusDetail extends StatusCode {
  /** STC02. */
  readonly effectiveDate?: IsoDate;
  /** STC03 (277CA: WQ accepted, U rejected). */
  readonly actionCode?: string;
  /** STC04: total claim (or line) charge. */
  readonly chargeCents?: number;
  /** STC05: amount paid. */
  readonly paidCents?: number;
  /** STC06: adjudication or payment date. */
  readonly adjudicationDate?: IsoDate;
  /** STC07: payment method (ACH, CHK, BOP, NON). */
  readonly paymentMethod?: string;
  /** STC08: check issue or EFT effective date. */
  readonly checkDate?: IsoDate;
  /** STC09: check or EFT trace number. */
  readonly checkNumber?: string;
  /** STC10 and STC11: further statuses reported by the same STC. */
  readonly additional: readonly StatusCode[];
  /** STC12: free-form message. */
  readonly message?: string;
}

/** A procedure or revenue code as written in an SVC01 composite. */
export interface ProcedureCode {
  /** e.g. HC (HCPCS/CPT), NU (revenue code), AD (ADA), N4 (NDC). */
  readonly qualifier: string;
  readonly code: string;
  readonly modifiers: readonly string[];
}

export interface ServiceLineStatus {
  readonly procedure: ProcedureCode;
  /** SVC02. */
  readonly chargeCents: number;
  /** SVC03. */
  readonly paidCents?: number;
  /** SVC04. */
  readonly revenueCode?: string;
  /** SVC07, as written. */
  readonly units?: string;
  /** REF*FJ. */
  readonly lineItemControlNumber?: string;
  /** DTP*472. */
  readonly serviceDates?: DateRange;
  readonly statuses: readonly ClaimStatusDetail[];
  readonly unknownCategories: readonly string[];
  /** Position of the SVC in the file. */
  readonly segment: number;
}

/** A party named by an NM1 segment. */
export interface Party {
  /** NM101, e.g. PR payer, 41 submitter, 1P or 85 provider, IL subscriber, QC patient. */
  readonly entity: string;
  readonly name?: string;
  readonly firstName?: string;
  /** NM108, e.g. PI payer id, XX NPI, MI member id, 46 ETIN. */
  readonly idQualifier?: string;
  readonly id?: string;
}

/** The status of one claim, with the control numbers that identify the report it came in. */
export interface ClaimStatusReport extends EnvelopeRef {
  /** TRN02: the trace number of the claim tracking loop (the 276's TRN02; the 277CA's patient control number). */
  readonly traceNumber: string;
  /** REF*EJ when present, else TRN02. */
  readonly patientControlNumber: string;
  /** REF*1K: the payer's claim control number (ICN/DCN). */
  readonly payerClaimNumber?: string;
  /** REF*D9: the clearinghouse's trace number for the claim. */
  readonly clearinghouseTraceNumber?: string;
  /** REF*BLT: institutional bill type. */
  readonly billType?: string;
  /** The information source (HL 20): the payer; in a 277CA, the clearinghouse or payer acknowledging. */
  readonly payer?: Party;
  /** The service or billing provider (HL 19). */
  readonly provider?: Party;
  /** The subscriber (HL 22) or patient (HL 23 or PT). */
  readonly patient?: Party;
  /** DTP*472. */
  readonly serviceDates?: DateRange;
  readonly statuses: readonly ClaimStatusDetail[];
  readonly serviceLines: readonly ServiceLineStatus[];
  /** Every category on the claim and its lines that the domain taxonomy does not know. */
  readonly unknownCategories: readonly string[];
  /** Position of the claim's TRN in the file. */
  readonly segment: number;
}

/** A status reported above claim level (277CA: for the whole submission or one billing provider). */
export interface LevelStatusReport extends EnvelopeRef {
  readonly level: 'information_source' | 'information_receiver' | 'provider';
  readonly party?: Party;
  readonly traceNumber: string;
  readonly statuses: readonly ClaimStatusDetail[];
  readonly unknownCategories: readonly string[];
  readonly segment: number;
}

export interface ClaimStatusFile {
  readonly interchanges: readonly InterchangeHeader[];
  readonly claims: readonly ClaimStatusReport[];
  readonly levelStatuses: readonly LevelStatusReport[];
}

interface Guide {
  readonly version: string;
  readonly name: string;
  /** HL03 level code → the level code its parent must have (null for the top). */
  readonly parents: Readonly<Record<string, string | null>>;
  readonly claimLevels: readonly string[];
}

const X212: Guide = {
  version: '005010X212',
  name: '277 claim status response',
  parents: { '20': null, '21': '20', '19': '21', '22': '19', '23': '22' },
  claimLevels: ['22', '23'],
};

const X214: Guide = {
  version: '005010X214',
  name: '277CA claim acknowledgment',
  parents: { '20': null, '21': '20', '19': '21', PT: '19' },
  claimLevels: ['PT'],
};

const LEVEL_NAMES: Readonly<Record<string, LevelStatusReport['level']>> = {
  '20': 'information_source',
  '21': 'information_receiver',
  '19': 'provider',
};

function statusCode(segment: X12Segment, n: number): StatusCode {
  const [category = '', code = '', entity = '', codeListQualifier = ''] = segment.components(n);
  if (category === '')
    throw reject(segment, `STC${String(n).padStart(2, '0')}-1 (claim status category code) is empty`);
  const normalized = isClaimStatusCategoryCode(category)
    ? normalizeStatus(code === '' ? { category } : { category, code })
    : null;
  return {
    category,
    ...(code === '' ? {} : { code }),
    ...(entity === '' ? {} : { entity }),
    ...(codeListQualifier === '' ? {} : { codeListQualifier }),
    normalized,
  };
}

function readStc(segment: X12Segment): ClaimStatusDetail {
  required(segment, 1, 'health care claim status');
  const additional = [10, 11].filter((n) => segment.element(n) !== '').map((n) => statusCode(segment, n));
  return withoutUndefined({
    ...statusCode(segment, 1),
    effectiveDate: dateAt(segment, 2),
    actionCode: optional(segment, 3),
    chargeCents: centsAt(segment, 4),
    paidCents: centsAt(segment, 5),
    adjudicationDate: dateAt(segment, 6),
    paymentMethod: optional(segment, 7),
    checkDate: dateAt(segment, 8),
    checkNumber: optional(segment, 9),
    additional,
    message: optional(segment, 12),
  });
}

function unknownOf(statuses: readonly ClaimStatusDetail[]): string[] {
  const unknown = statuses
    .flatMap((status) => [status, ...status.additional])
    .filter((status) => status.normalized === null)
    .map((status) => status.category);
  return [...new Set(unknown)];
}

function readParty(segment: X12Segment): Party {
  return withoutUndefined({
    entity: required(segment, 1, 'entity identifier code'),
    name: optional(segment, 3),
    firstName: optional(segment, 4),
    idQualifier: optional(segment, 8),
    id: optional(segment, 9),
  });
}

function readProcedure(segment: X12Segment): ProcedureCode {
  const [qualifier = '', code = '', ...rest] = segment.components(1);
  if (qualifier === '' || code === '') {
    throw reject(segment, 'SVC01 must name a product/service ID qualifier and a code');
  }
  return { qualifier, code, modifiers: rest.slice(0, 4).filter((modifier) => modifier !== '') };
}

interface Level {
  readonly id: string;
  readonly code: string;
  readonly parent?: Level;
  readonly segment: X12Segment;
  party?: Party;
  sawTracking: boolean;
}

interface OpenLine {
  segment: X12Segment;
  statuses: ClaimStatusDetail[];
  lineItemControlNumber?: string;
  serviceDates?: DateRange;
}

interface OpenTracking {
  segment: X12Segment;
  level: Level;
  statuses: ClaimStatusDetail[];
  refs: Map<string, string>;
  serviceDates?: DateRange;
  lines: OpenLine[];
}

function ancestor(level: Level, code: string): Level | undefined {
  let current: Level | undefined = level;
  while (current && current.code !== code) current = current.parent;
  return current;
}

function finishLine(line: OpenLine): ServiceLineStatus {
  const svc = line.segment;
  if (line.statuses.length === 0) {
    throw reject(svc, 'the service line has no STC; the guide requires at least one status per line');
  }
  const chargeCents = centsAt(svc, 2);
  if (chargeCents === undefined) throw reject(svc, 'SVC02 (line item charge amount) is required but empty');
  return withoutUndefined({
    procedure: readProcedure(svc),
    chargeCents,
    paidCents: centsAt(svc, 3),
    revenueCode: optional(svc, 4),
    units: optional(svc, 7),
    lineItemControlNumber: line.lineItemControlNumber,
    serviceDates: line.serviceDates,
    statuses: line.statuses,
    unknownCategories: unknownOf(line.statuses),
    segment: svc.position,
  });
}

function parseTransaction(
  { transaction, ref }: EnvelopedTransaction,
  guide: Guide,
  claims: ClaimStatusReport[],
  levelStatuses: LevelStatusReport[],
): void {
  const [bht, ...body] = transaction.segments;
  if (bht?.id !== 'BHT') {
    throw reject(bht ?? transaction.header, `a ${guide.name} must start with BHT after ST`);
  }
  const levels = new Map<string, Level>();
  let level: Level | undefined;
  let tracking: OpenTracking | undefined;

  const finishTracking = (): void => {
    if (!tracking) return;
    const { segment: trn, statuses } = tracking;
    const traceNumber = required(trn, 2, 'trace number');
    if (guide.claimLevels.includes(tracking.level.code)) {
      if (statuses.length === 0) {
        throw reject(
          trn,
          'the claim tracking loop that starts here has no STC; the guide requires at least one',
        );
      }
      const serviceLines = tracking.lines.map(finishLine);
      const patientLevel = tracking.level;
      const payerLevel = ancestor(patientLevel, '20');
      const providerLevel = ancestor(patientLevel, '19');
      const patient = patientLevel.party;
      claims.push(
        withoutUndefined({
          ...ref,
          traceNumber,
          patientControlNumber: tracking.refs.get('EJ') ?? traceNumber,
          payerClaimNumber: tracking.refs.get('1K'),
          clearinghouseTraceNumber: tracking.refs.get('D9'),
          billType: tracking.refs.get('BLT'),
          payer: payerLevel?.party,
          provider: providerLevel?.party,
          patient,
          serviceDates: tracking.serviceDates,
          statuses,
          serviceLines,
          unknownCategories: [
            ...new Set([...unknownOf(statuses), ...serviceLines.flatMap((line) => line.unknownCategories)]),
          ],
          segment: trn.position,
        }),
      );
    } else if (statuses.length > 0) {
      // The 277CA's information source level has a TRN and dates but no status: nothing to report.
      levelStatuses.push(
        withoutUndefined({
          ...ref,
          level: LEVEL_NAMES[tracking.level.code] ?? 'provider',
          party: tracking.level.party,
          traceNumber,
          statuses,
          unknownCategories: unknownOf(statuses),
          segment: trn.position,
        }),
      );
    }
    tracking = undefined;
  };

  for (const segment of body) {
    const line = tracking?.lines.at(-1);
    switch (segment.id) {
      case 'HL': {
        finishTracking();
        const id = required(segment, 1, 'hierarchical ID number');
        const code = required(segment, 3, 'hierarchical level code');
        if (levels.has(id))
          throw reject(segment, `HL01 ${JSON.stringify(id)} is used twice in the transaction set`);
        if (!(code in guide.parents)) {
          throw reject(segment, `HL03 level ${JSON.stringify(code)} is not a level of the ${guide.name}`);
        }
        const parentCode = guide.parents[code] ?? null;
        const parentId = segment.element(2);
        const parent = parentId === '' ? undefined : levels.get(parentId);
        if (parentId !== '' && !parent) {
          throw reject(
            segment,
            `HL02 parent ${JSON.stringify(parentId)} is not an earlier HL of the transaction set`,
          );
        }
        if ((parent?.code ?? null) !== parentCode) {
          throw reject(
            segment,
            parentCode === null
              ? `HL level ${code} must be at the top of the hierarchy`
              : `HL level ${code} must be under a level ${parentCode} HL, not ${parent ? `level ${parent.code}` : 'the top'}`,
          );
        }
        level = { id, code, segment, sawTracking: false, ...(parent ? { parent } : {}) };
        levels.set(id, level);
        break;
      }
      case 'NM1':
        if (!level || level.sawTracking || level.party) {
          throw reject(segment, 'NM1 must follow its HL directly, once per level');
        }
        level.party = readParty(segment);
        break;
      case 'PER':
        if (!level?.party || level.sawTracking) throw reject(segment, 'PER must follow the NM1 of its level');
        break;
      case 'TRN':
        if (!level) throw reject(segment, 'TRN before the first HL');
        finishTracking();
        level.sawTracking = true;
        tracking = { segment, level, statuses: [], refs: new Map(), lines: [] };
        break;
      case 'STC':
        if (!tracking) throw reject(segment, 'STC outside a tracking loop (no TRN in this HL)');
        (line ?? tracking).statuses.push(readStc(segment));
        break;
      case 'REF': {
        if (!tracking) throw reject(segment, 'REF outside a tracking loop (no TRN in this HL)');
        const qualifier = required(segment, 1, 'reference identification qualifier');
        const value = required(segment, 2, 'reference identification');
        if (line) {
          if (qualifier === 'FJ') line.lineItemControlNumber = value;
        } else if (!tracking.refs.has(qualifier)) {
          tracking.refs.set(qualifier, value);
        }
        break;
      }
      case 'DTP': {
        if (!tracking) throw reject(segment, 'DTP outside a tracking loop (no TRN in this HL)');
        const qualifier = required(segment, 1, 'date/time qualifier');
        const range = dateRangeAt(segment, 2);
        if (qualifier === '472') (line ?? tracking).serviceDates = range;
        break;
      }
      case 'QTY':
      case 'AMT':
        // 277CA submission totals (accepted / rejected counts and amounts): not needed per claim.
        if (!tracking || line)
          throw reject(segment, `${segment.id} outside a tracking loop or inside a service line`);
        break;
      case 'SVC':
        if (!tracking || !guide.claimLevels.includes(tracking.level.code)) {
          throw reject(segment, 'SVC outside a claim (service lines follow a claim-level TRN)');
        }
        tracking.lines.push({ segment, statuses: [] });
        break;
      default:
        throw reject(segment, `segment ${segment.id} is not part of a ${guide.name} (${guide.version})`);
    }
  }
  finishTracking();
  if (levels.size === 0) throw reject(transaction.header, `the ${guide.name} has no HL loops`);
}

function parseClaimStatusFile(text: string, guide: Guide): ClaimStatusFile {
  const transactions = readTransactions(text, {
    id: '277',
    functionalId: 'HN',
    version: guide.version,
    name: `a ${guide.name}`,
  });
  const claims: ClaimStatusReport[] = [];
  const levelStatuses: LevelStatusReport[] = [];
  for (const transaction of transactions) parseTransaction(transaction, guide, claims, levelStatuses);
  const interchanges = interchangeHeadersOf(transactions);
  return { interchanges, claims, levelStatuses };
}

/**
 * Reads a 277 claim status response file (005010X212). Throws an X12ParseError naming the segment when
 * the file is malformed anywhere; nothing is returned from such a file.
 */
export function parse277(text: string): ClaimStatusFile {
  return parseClaimStatusFile(text, X212);
}

/**
 * Reads a 277CA claim acknowledgment file (005010X214): per claim, accepted (A1/A2) or rejected before
 * adjudication (A3, A6, A7, A8), with submission- and provider-level statuses in `levelStatuses`.
 */
export function parse277CA(text: string): ClaimStatusFile {
  return parseClaimStatusFile(text, X214);
}
