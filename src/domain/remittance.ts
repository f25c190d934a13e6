/**
 * Reading an 835 claim payment (CLP + CAS + remark codes) for follow-up: what happened to the money,
 * whether it is a denial and of which kind, and where the claim goes next. The codes are data, in
 * `./data/remittance-codes`; this module holds only the rules that combine them:
 * - a denial is read from the adjustments, never from CLP02 = 4 alone;
 * - zero paid with adjustment codes is a denial unless every adjustment is a non-denial one: CO-45
 *   contractual, any PR amount, cost sharing (1/2/3), the prior payer's effect (23) or a pended line (133);
 * - MA130 means a new claim, never an appeal;
 * - CO-29 is appealed only with proof of timely filing;
 * - CO-45 is checked against the expected payment before it is written off.
 */
import { carcTable, casGroupTable, clp02Table, rarcTable } from './data/remittance-codes';

export const casGroupCodes = ['CO', 'PR', 'OA', 'PI', 'CR'] as const;
/** CAS01: who carries an adjusted amount. */
export type CasGroupCode = (typeof casGroupCodes)[number];

/**
 * The four CAQH CORE 360 business scenarios (documentation; claim data that can be corrected; not
 * covered; not separately payable), plus `other` for denials no scenario fits (duplicates, timely
 * filing, codes Tickler does not know).
 */
export const coreDenialCategories = [
  'documentation',
  'claim_data',
  'not_covered',
  'not_separately_payable',
  'other',
] as const;
export type CoreDenialCategory = (typeof coreDenialCategories)[number];

/** Finer buckets for worklists and pattern reports. */
export const fineDenialCategories = [
  'eligibility',
  'authorization',
  'coding',
  'timely_filing',
  'medical_necessity',
  'duplicate',
  'coordination_of_benefits',
  'bundling',
  'contractual',
  'patient_responsibility',
  'other',
] as const;
export type FineDenialCategory = (typeof fineDenialCategories)[number];

/** Any denial bucket, top-level or fine. */
export type DenialCategory = CoreDenialCategory | FineDenialCategory;

export const remittanceRoutes = [
  'appeal',
  'corrected_claim',
  'new_claim',
  'send_documentation',
  'patient_responsibility',
  'bill_next_payer',
  'underpayment_review',
  'write_off_contractual',
  'reconcile_reversal',
  'hand_to_person',
  'none',
] as const;
/** Where a remittance sends the claim next. `corrected_claim` is a replacement (frequency 7 + REF*F8). */
export type RemittanceRoute = (typeof remittanceRoutes)[number];

/**
 * What happened to the money.
 * - `paid_in_full`: the payer paid what it owes; what is left is contractual or the patient's.
 * - `partially_paid`: something was paid, and part was denied or is below the expected payment.
 * - `zero_pay_contractual` / `zero_pay_patient_responsibility`: nothing paid, and the adjustments say
 *   why without denying anything (contract or prior payer / the patient's share).
 * - `pended`: not final (a pended line, or zero paid with nothing to explain it).
 * - `predetermination`: priced only (CLP02 25); not a payable claim.
 */
export type RemittanceOutcome =
  | 'paid_in_full'
  | 'partially_paid'
  | 'denied'
  | 'zero_pay_contractual'
  | 'zero_pay_patient_responsibility'
  | 'reversal'
  | 'forwarded'
  | 'pended'
  | 'predetermination';

/** One CAS reason: group, CARC and amount (positive reduces the payment). */
export interface RemittanceAdjustment {
  readonly group: CasGroupCode;
  readonly carc: string;
  readonly amountCents: number;
}

/** The parts of one 835 claim payment that decide the follow-up, in cents. */
export interface RemittanceClaim {
  /** CLP02 claim status code. */
  readonly clp02: string;
  /** CLP03 total charge. */
  readonly chargeCents: number;
  /** CLP04 amount paid. */
  readonly paidCents: number;
  /** CLP05 patient responsibility. */
  readonly patientResponsibilityCents?: number;
  /** CAS adjustments, claim and service-line level together. */
  readonly adjustments: readonly RemittanceAdjustment[];
  /** RARCs (MOA/MIA at claim level, LQ*HE at line level). */
  readonly remarks: readonly string[];
  /** What the contract says this payer should pay; enables the underpayment check. */
  readonly expectedPaidCents?: number;
  /** For CO-29: whether a payer or clearinghouse acceptance report proves the claim was filed in time. */
  readonly hasProofOfTimelyFiling?: boolean;
  /** Another payer is on file after this one (the patient's share goes there before the patient). */
  readonly hasNextPayer?: boolean;
}

export interface RemittanceDenial {
  readonly category: CoreDenialCategory;
  readonly fineCategory: FineDenialCategory;
  /** The CARC that decided the denial (the largest denied amount when there are several). */
  readonly carc: string;
  readonly group: CasGroupCode;
  readonly explanation: string;
}

export interface RemittanceClassification {
  readonly outcome: RemittanceOutcome;
  readonly denial?: RemittanceDenial;
  readonly route: RemittanceRoute;
  /** Every code and amount that drove the decision, in the order they were weighed. */
  readonly reasons: readonly string[];
}

// ---- table shapes (the data files are checked against these) ----

export interface Clp02Record {
  readonly code: string;
  readonly meaning: string;
  readonly kind: 'processed' | 'not_recognised' | 'reversal' | 'not_our_claim' | 'predetermination';
  readonly payerOrder?: 'primary' | 'secondary' | 'tertiary';
  /** The payer sent the claim on to further payers itself (crossover). */
  readonly forwarded: boolean;
  readonly hint: string;
  readonly note?: string;
}
export interface Clp02Table {
  readonly source: string;
  readonly records: readonly Clp02Record[];
}

export interface CasGroupRecord {
  readonly code: CasGroupCode;
  readonly meaning: string;
  /** Amounts in this group may be billed to the patient. */
  readonly patientOwes: boolean;
  readonly hint: string;
  readonly note?: string;
}
export interface CasGroupTable {
  readonly source: string;
  readonly records: readonly CasGroupRecord[];
}

/** Why an adjustment is not a denial. */
export type NonDenialReason = 'patient_share' | 'contractual' | 'prior_payer' | 'pending';

export interface CarcRecord {
  readonly code: string;
  readonly meaning: string;
  readonly typicalGroups: readonly CasGroupCode[];
  readonly core: CoreDenialCategory;
  readonly fine: FineDenialCategory;
  readonly route: RemittanceRoute;
  /** Not a denial, in the listed groups (any group when `groups` is absent). */
  readonly nonDenial?: { readonly reason: NonDenialReason; readonly groups?: readonly CasGroupCode[] };
  /** The CARC defers to its remark codes for the reason (16, 96, A1). */
  readonly readRemarks?: boolean;
  readonly hint: string;
  readonly note?: string;
}
export interface CarcTable {
  readonly source: string;
  readonly records: readonly CarcRecord[];
}

export interface RarcRecord {
  readonly code: string;
  readonly meaning: string;
  /** Only adds a reason; never changes the route. */
  readonly informational: boolean;
  readonly core?: CoreDenialCategory;
  readonly fine?: FineDenialCategory;
  readonly route?: RemittanceRoute;
  /** Decides the route whatever the CARC says (MA130). */
  readonly overridesRoute?: boolean;
  readonly hint: string;
  readonly note?: string;
}
export interface RarcTable {
  readonly source: string;
  readonly records: readonly RarcRecord[];
}

// ---- lookups, built once ----

const clp02ByCode = new Map<string, Clp02Record>(clp02Table.records.map((r) => [r.code, r]));
const groupByCode = new Map<string, CasGroupRecord>(casGroupTable.records.map((r) => [r.code, r]));
const carcByCode = new Map<string, CarcRecord>(carcTable.records.map((r) => [r.code, r]));
const rarcByCode = new Map<string, RarcRecord>(rarcTable.records.map((r) => [r.code, r]));

/** The CLP02 row, or undefined for a code not used in 5010 835s. */
export function lookupClp02(code: string): Clp02Record | undefined {
  return clp02ByCode.get(code);
}

/** The CAS group row, or undefined for an unknown group. */
export function lookupCasGroup(code: string): CasGroupRecord | undefined {
  return groupByCode.get(code);
}

/** The CARC row, or undefined for a CARC outside Tickler's table. */
export function lookupCarc(code: string): CarcRecord | undefined {
  return carcByCode.get(code);
}

/** The RARC row, or undefined for a remark outside Tickler's table. */
export function lookupRarc(code: string): RarcRecord | undefined {
  return rarcByCode.get(code);
}

/**
 * Why an adjustment is not a denial, or undefined when it is one. Every PR amount is the patient's
 * share; otherwise the CARC table decides (CO-45 contractual, OA-23 prior payer, 133 pended, 1/2/3).
 */
export function nonDenialReason(adjustment: {
  readonly group: string;
  readonly carc: string;
}): NonDenialReason | undefined {
  if (adjustment.group === 'PR') return 'patient_share';
  const rule = carcByCode.get(adjustment.carc)?.nonDenial;
  if (!rule) return undefined;
  if (rule.groups && !rule.groups.some((g) => g === adjustment.group)) return undefined;
  return rule.reason;
}

// ---- classification ----

function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z]{2}/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

function adjustmentReason(adjustment: RemittanceAdjustment): string {
  const label = `${adjustment.group}-${adjustment.carc} ${money(adjustment.amountCents)}`;
  const carc = carcByCode.get(adjustment.carc);
  const group = groupByCode.get(adjustment.group);
  const meaning = carc ? lowerFirst(carc.meaning) : "CARC not in Tickler's table";
  const groupNote = group ? '' : ` (unknown group ${JSON.stringify(adjustment.group)})`;
  const legacy = adjustment.group === 'CR' ? ' (group CR is not used from 5010 on)' : '';
  const kind = nonDenialReason(adjustment);
  return `${label}: ${meaning}${groupNote}${legacy}${kind === undefined ? ' — a denial' : ` — ${kind.replace('_', ' ')}`}`;
}

function remarkReason(code: string): string {
  const rarc = rarcByCode.get(code);
  return rarc
    ? `${code}: ${lowerFirst(rarc.meaning)} — ${rarc.hint}`
    : `${code}: remark not in Tickler's table`;
}

/** Picks the denial adjustment that decides the route: the largest amount, the first on a tie. */
function decidingDenial(denials: readonly RemittanceAdjustment[]): RemittanceAdjustment | undefined {
  let best: RemittanceAdjustment | undefined;
  for (const adjustment of denials) {
    if (!best || Math.abs(adjustment.amountCents) > Math.abs(best.amountCents)) best = adjustment;
  }
  return best;
}

function denialOf(
  adjustment: RemittanceAdjustment,
  claim: RemittanceClaim,
  reasons: string[],
): { denial: RemittanceDenial; route: RemittanceRoute } {
  const label = `${adjustment.group}-${adjustment.carc}`;
  const carc = carcByCode.get(adjustment.carc);
  if (!carc) {
    const route: RemittanceRoute = adjustment.group === 'PI' ? 'appeal' : 'hand_to_person';
    reasons.push(
      `${label} decides: a CARC outside Tickler's table${route === 'appeal' ? ', payer-initiated (PI): a dispute candidate' : ': a person reads it'}`,
    );
    return {
      denial: {
        category: 'other',
        fineCategory: 'other',
        carc: adjustment.carc,
        group: adjustment.group,
        explanation: `${label}: reason code not in Tickler's table; check X12 code list 139`,
      },
      route,
    };
  }

  let core = carc.core;
  let fine = carc.fine;
  let route = carc.route;
  let hint = carc.hint;
  if (carc.readRemarks) {
    const remark = claim.remarks
      .map((code) => rarcByCode.get(code))
      .find((r) => r !== undefined && !r.informational && r.route !== undefined);
    if (remark?.route) {
      core = remark.core ?? core;
      fine = remark.fine ?? fine;
      route = remark.route;
      hint = `${remark.code}: ${remark.hint}`;
      reasons.push(`${label} defers to its remark codes; ${remark.code} sends the claim to ${route}`);
    } else {
      reasons.push(`${label} needs a remark code to say why, and none known was sent`);
    }
  }
  if (carc.code === '29') {
    if (claim.hasProofOfTimelyFiling === false) {
      route = 'hand_to_person';
      reasons.push(
        `${label}: no proof of timely filing, so an appeal cannot succeed; a person decides the write-off`,
      );
    } else {
      reasons.push(
        `${label}: appealable only with proof of timely filing (the payer's or clearinghouse's acceptance report; a submission report is not enough)`,
      );
    }
  }
  reasons.push(
    `${label} decides: ${fine.replaceAll('_', ' ')} (${core.replaceAll('_', ' ')}), route ${route}`,
  );
  return {
    denial: {
      category: core,
      fineCategory: fine,
      carc: carc.code,
      group: adjustment.group,
      explanation: `${label}: ${lowerFirst(carc.meaning)}; ${hint}`,
    },
    route,
  };
}

/**
 * Classifies one 835 claim payment. Pure and total: unknown codes are named in the reasons and send the
 * claim to a person rather than throwing, so workflow code may call it directly.
 */
export function classifyRemittance(claim: RemittanceClaim): RemittanceClassification {
  const reasons: string[] = [];
  const status = clp02ByCode.get(claim.clp02);
  reasons.push(
    status
      ? `CLP02 ${status.code}: ${lowerFirst(status.meaning)}`
      : `CLP02 ${JSON.stringify(claim.clp02)} is not a 5010 claim status code`,
  );

  if (status?.kind === 'reversal') {
    reasons.push(`paid ${money(claim.paidCents)}: ${status.hint}`);
    return { outcome: 'reversal', route: 'reconcile_reversal', reasons };
  }
  if (status?.kind === 'predetermination') {
    reasons.push(status.hint);
    return { outcome: 'predetermination', route: 'hand_to_person', reasons };
  }
  if (status?.kind === 'not_our_claim') {
    reasons.push(status.hint);
    return { outcome: 'forwarded', route: 'none', reasons };
  }
  if (claim.paidCents < 0) {
    reasons.push(
      `paid ${money(claim.paidCents)} without CLP02 22: money taken back; reconcile it as a reversal`,
    );
    return { outcome: 'reversal', route: 'reconcile_reversal', reasons };
  }

  for (const adjustment of claim.adjustments) reasons.push(adjustmentReason(adjustment));
  for (const remark of claim.remarks) reasons.push(remarkReason(remark));
  const adjustedCents = claim.adjustments.reduce((sum, a) => sum + a.amountCents, 0);
  if (claim.adjustments.length > 0 && adjustedCents + claim.paidCents !== claim.chargeCents) {
    reasons.push(
      `charge ${money(claim.chargeCents)} ≠ paid ${money(claim.paidCents)} + adjustments ${money(adjustedCents)}: some adjustments may be missing`,
    );
  }

  const result = classifyProcessed(claim, reasons);
  const forwarded = status?.forwarded === true ? forwardedResult(result, status, reasons) : result;
  const final = unprocessableOverride(forwarded, claim, reasons);
  if (!status) {
    reasons.push('unknown CLP02: a person checks the remittance');
    return { ...final, route: 'hand_to_person', reasons };
  }
  return { ...final, reasons };
}

type Classified = Omit<RemittanceClassification, 'reasons'>;

function classifyProcessed(claim: RemittanceClaim, reasons: string[]): Classified {
  const denials = claim.adjustments.filter((a) => nonDenialReason(a) === undefined);
  const deciding = decidingDenial(denials);
  if (deciding) {
    const { denial, route } = denialOf(deciding, claim, reasons);
    const outcome = claim.paidCents > 0 ? 'partially_paid' : 'denied';
    if (outcome === 'partially_paid') reasons.push(`paid ${money(claim.paidCents)}, the rest partly denied`);
    else reasons.push('nothing paid and an adjustment denies it: a denial');
    return { outcome, denial, route };
  }

  const kinds = claim.adjustments.map((a) => nonDenialReason(a));
  const prAdjustedCents = claim.adjustments
    .filter((a) => a.group === 'PR')
    .reduce((sum, a) => sum + a.amountCents, 0);
  const patientCents = Math.max(claim.patientResponsibilityCents ?? 0, prAdjustedCents);
  const contractual = kinds.includes('contractual');
  const expected = claim.expectedPaidCents;
  const underpaid = expected !== undefined && claim.paidCents < expected;

  if (kinds.includes('pending')) {
    reasons.push(
      'a line is pended for review (133): not final; wait for the reversal or correction that follows',
    );
    return { outcome: 'pended', route: 'none' };
  }

  let outcome: RemittanceOutcome;
  if (claim.paidCents === 0) {
    if (claim.adjustments.length === 0) {
      if (claim.chargeCents === 0) {
        reasons.push('nothing charged and nothing paid');
        return { outcome: 'paid_in_full', route: 'none' };
      }
      reasons.push(
        claim.clp02 === '4'
          ? 'CLP02 4 with no adjustment codes: a denial is never read from CLP02 alone; confirm the member identification with the payer'
          : 'nothing paid and no adjustment codes explain why: a person asks the payer',
      );
      return { outcome: 'pended', route: 'hand_to_person' };
    }
    outcome = patientCents > 0 ? 'zero_pay_patient_responsibility' : 'zero_pay_contractual';
    reasons.push(
      outcome === 'zero_pay_patient_responsibility'
        ? `nothing paid; ${money(patientCents)} is the patient's share, not a denial`
        : 'nothing paid; the adjustments are contractual or a prior payer, not a denial',
    );
  } else if (
    underpaid ||
    (claim.adjustments.length === 0 && claim.paidCents < claim.chargeCents && patientCents === 0)
  ) {
    outcome = 'partially_paid';
  } else {
    outcome = 'paid_in_full';
  }

  if (expected !== undefined && claim.paidCents < expected) {
    reasons.push(
      `paid ${money(claim.paidCents)} is below the expected ${money(expected)}: check it against the contract${contractual ? ' before writing off CO-45' : ''}`,
    );
    return { outcome, route: 'underpayment_review' };
  }
  if (claim.paidCents > claim.chargeCents && claim.chargeCents > 0) {
    reasons.push(
      `paid ${money(claim.paidCents)} is more than the charge ${money(claim.chargeCents)}: a possible overpayment`,
    );
    return { outcome, route: 'hand_to_person' };
  }
  if (outcome === 'partially_paid') {
    reasons.push(
      `paid ${money(claim.paidCents)} of ${money(claim.chargeCents)} with no adjustment codes to explain the rest`,
    );
    return { outcome, route: 'hand_to_person' };
  }
  if (outcome === 'zero_pay_contractual' && contractual && expected === undefined) {
    reasons.push(
      'the payer allowed nothing under CO-45 and no expected payment is on file: check the contract',
    );
    return { outcome, route: 'underpayment_review' };
  }
  if (patientCents > 0) {
    const route = claim.hasNextPayer === true ? 'bill_next_payer' : 'patient_responsibility';
    reasons.push(
      route === 'bill_next_payer'
        ? `${money(patientCents)} patient share goes to the next payer first`
        : `${money(patientCents)} patient share: bill the patient (or the next payer, if one turns up)`,
    );
    return { outcome, route };
  }
  if (contractual) {
    reasons.push(
      expected === undefined
        ? 'CO-45 written off without a contract check: no expected payment is on file'
        : `paid ${money(claim.paidCents)} meets the expected ${money(expected)}: the CO-45 write-off is supported`,
    );
    return { outcome, route: 'write_off_contractual' };
  }
  return { outcome, route: 'none' };
}

/** 19/20/21: the payer billed the next payer itself, so the patient's share is not ours to move. */
function forwardedResult(result: Classified, status: Clp02Record, reasons: string[]): Classified {
  if (result.outcome === 'denied' || result.outcome === 'partially_paid' || result.outcome === 'pended') {
    reasons.push(`CLP02 ${status.code}: also forwarded to the next payer`);
    return result;
  }
  reasons.push(`CLP02 ${status.code}: ${status.hint}`);
  const keep =
    result.route === 'underpayment_review' ||
    result.route === 'write_off_contractual' ||
    result.route === 'hand_to_person';
  return { outcome: 'forwarded', route: keep ? result.route : 'none' };
}

/** MA130: the claim was unprocessable and has no appeal rights, so only a new claim helps. */
function unprocessableOverride(result: Classified, claim: RemittanceClaim, reasons: string[]): Classified {
  const override = claim.remarks
    .map((code) => rarcByCode.get(code))
    .find((r) => r?.overridesRoute === true && r.route !== undefined);
  if (!override?.route || result.route === override.route) return result;
  reasons.push(`${override.code} overrides route ${result.route}: ${override.hint}`);
  const denial = result.denial && {
    ...result.denial,
    category: override.core ?? result.denial.category,
    explanation: `${result.denial.explanation}; ${override.code}: ${override.hint}`,
  };
  return { ...result, ...(denial ? { denial } : {}), route: override.route };
}
