/**
 * Which appeal argument fits a denial: the category of the appeal packet (its template, argument points
 * and enclosures), read from the denial's codes with the same CARC and RARC tables the remittance rules
 * use (`./data/remittance-codes`). Pure: the packet use case, reports and tests call it alike.
 *
 * - The deciding adjustment (the denial's first) names the category through its fine bucket; a CARC
 *   that defers to its remark codes (16, 96, A1) takes the first remark that says more.
 * - Buckets with no argument of their own fall back to the CAQH CORE 360 scenario: documentation or
 *   claim data → missing information, not covered → non-covered, not separately payable → bundling.
 * - A remark that takes the appeal rights away (MA130: unprocessable, submit a new claim) makes the
 *   denial not appealable, whatever the CARC says.
 */
import { type CoreDenialCategory, type FineDenialCategory, lookupCarc, lookupRarc } from './remittance';

export const appealCategories = [
  'authorization',
  'medical_necessity',
  'coding',
  'bundling',
  'timely_filing',
  'coordination_of_benefits',
  'duplicate',
  'eligibility',
  'non_covered',
  'missing_information',
  'general',
] as const;
/** The argument an appeal makes; one template per category (`templates/appeals/<category>.md`). */
export type AppealCategory = (typeof appealCategories)[number];

/** The codes of a denial, the deciding adjustment first. */
export interface DenialCodes {
  readonly adjustments: readonly { readonly group: string; readonly carc: string }[];
  readonly remarks: readonly string[];
}

export interface AppealCategoryDecision {
  readonly category: AppealCategory;
  /** Why, in words: "CO-197: authorization". */
  readonly reason: string;
}

const byFine: Partial<Record<FineDenialCategory, AppealCategory>> = {
  authorization: 'authorization',
  medical_necessity: 'medical_necessity',
  coding: 'coding',
  bundling: 'bundling',
  timely_filing: 'timely_filing',
  coordination_of_benefits: 'coordination_of_benefits',
  duplicate: 'duplicate',
  eligibility: 'eligibility',
};

const byCore: Record<CoreDenialCategory, AppealCategory> = {
  documentation: 'missing_information',
  claim_data: 'missing_information',
  not_covered: 'non_covered',
  not_separately_payable: 'bundling',
  other: 'general',
};

/** The appeal category of a denial. Total: unknown or missing codes give `general`, with the reason. */
export function appealCategoryOf(codes: DenialCodes): AppealCategoryDecision {
  const deciding = codes.adjustments[0];
  if (!deciding) {
    const remark = codes.remarks.map(lookupRarc).find((r) => r?.fine !== undefined && r.fine !== 'other');
    const fromRemark = remark?.fine ? byFine[remark.fine] : undefined;
    if (remark && fromRemark) return { category: fromRemark, reason: `${remark.code}: ${fromRemark}` };
    return { category: 'general', reason: 'no adjustment reason code is on file for the denial' };
  }
  const label = `${deciding.group}-${deciding.carc}`;
  const carc = lookupCarc(deciding.carc);
  if (!carc) return { category: 'general', reason: `${label}: a CARC outside Tickler's table` };
  let fine: FineDenialCategory = carc.fine;
  let core: CoreDenialCategory = carc.core;
  let said = label;
  // Remarks say more than a CARC that defers to them, and a policy remark (N115/N386) names the argument.
  const remark = codes.remarks
    .map(lookupRarc)
    .find((r) => r?.fine !== undefined && r.fine !== 'other' && (carc.readRemarks || fine === 'other'));
  if (remark?.fine) {
    fine = remark.fine;
    core = remark.core ?? core;
    said = `${label} with ${remark.code}`;
  } else if (carc.readRemarks) {
    const withCore = codes.remarks.map(lookupRarc).find((r) => r?.core !== undefined && !r.informational);
    if (withCore?.core) {
      core = withCore.core;
      said = `${label} with ${withCore.code}`;
    }
  }
  const category = byFine[fine] ?? byCore[core];
  return { category, reason: `${said}: ${category.replaceAll('_', ' ')}` };
}

/**
 * Why the denial cannot be appealed, or undefined when it can: a remark that sends the claim to a new
 * claim whatever the CARC says (MA130, "no appeal rights").
 */
export function notAppealableReason(codes: DenialCodes): string | undefined {
  const remark = codes.remarks
    .map(lookupRarc)
    .find((r) => r?.overridesRoute === true && r.route === 'new_claim');
  return remark ? `${remark.code}: ${remark.meaning.toLowerCase()}; ${remark.hint}` : undefined;
}
