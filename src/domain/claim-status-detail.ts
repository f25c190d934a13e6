/**
 * The detail a 277 adds to its category: the Claim Status Code (code list 508, STC01-2). It says what
 * the payer means in words, and for some pairs it sharpens the category's follow-up (F2 with code 1:
 * read the 835 before appealing; any category with 54: a duplicate, never resubmit). The codes are data,
 * in `./data/claim-status-codes-508`.
 */
import { lookupStatusCategory, type ClaimStatusCategory, type FollowUpAction } from './claim-status-codes';
import type { IsoDate } from './dates';
import {
  categoryLabelTable,
  claimStatusCodeRangeTable,
  claimStatusCodeTable,
} from './data/claim-status-codes-508';

/** What a status code is about, for grouping and reports. */
export type StatusCodeKind =
  | 'pointer'
  | 'acknowledged'
  | 'forwarded'
  | 'returned'
  | 'pending'
  | 'information_request'
  | 'adjudicated'
  | 'paid'
  | 'patient_balance'
  | 'no_payment'
  | 'data_error'
  | 'data_element'
  | 'identification'
  | 'eligibility'
  | 'authorization'
  | 'coordination_of_benefits'
  | 'duplicate'
  | 'wrong_payer'
  | 'not_found'
  | 'transient';

/** A status code's own action, applied only under the categories it names. */
export interface StatusCodeRefinement {
  /** Categories it applies under: a full code ('F2'), a family letter ('P' for P0–P5), or '*' for any. */
  readonly with: readonly string[];
  readonly action: FollowUpAction;
}

/** One row of the status code table. */
export interface ClaimStatusCodeRecord {
  readonly code: string;
  /** Short paraphrase of the code's definition. */
  readonly meaning: string;
  readonly kind: StatusCodeKind;
  /** What the code means for the person or engine following up, in a few words. */
  readonly hint: string;
  readonly refinements?: readonly StatusCodeRefinement[];
  /** The payer is asking again or for the last time: raise the task's priority. */
  readonly urgent?: boolean;
  /** Another copy of the claim exists at the payer: resubmitting makes things worse. */
  readonly doNotResubmit?: boolean;
  /** The code was stopped in list 508 on this date; old payer systems may still send it. */
  readonly stopped?: IsoDate;
  /** Where the row's facts come from when that differs from the table's source. */
  readonly note?: string;
  /** Set on a code the table knows only through a range (for example '124-187'). */
  readonly range?: string;
}

/** The shape of the status code table: its rows and where they come from. */
export interface ClaimStatusCodeTable {
  readonly source: string;
  readonly records: readonly ClaimStatusCodeRecord[];
}

/** A run of numeric codes that share one generic meaning. */
export interface ClaimStatusCodeRange {
  readonly from: number;
  readonly to: number;
  readonly meaning: string;
  readonly kind: StatusCodeKind;
  readonly hint: string;
}

export interface ClaimStatusCodeRangeTable {
  readonly source: string;
  readonly ranges: readonly ClaimStatusCodeRange[];
}

/** One short label per 277 category code, for one-line descriptions. */
export interface CategoryLabelTable {
  readonly source: string;
  readonly labels: Readonly<Record<ClaimStatusCategory, string>>;
}

/** The follow-up for a 277 status once its status code is taken into account. */
export interface ClaimStatusFollowUp {
  readonly action: FollowUpAction;
  /**
   * `category`: the category's own action; `status_code`: a refinement from the status code;
   * `unknown_category`: the category is not in list 507 as Tickler knows it, so a person looks.
   */
  readonly basis: 'category' | 'status_code' | 'unknown_category';
  readonly urgent: boolean;
  readonly doNotResubmit: boolean;
  /** The one-line description of {@link describeClaimStatus}. */
  readonly description: string;
  /** Why this action, naming the codes that decided it. */
  readonly reason: string;
}

const recordsByCode = new Map<string, ClaimStatusCodeRecord>(
  claimStatusCodeTable.records.map((record) => [record.code, record]),
);
const labelsByCategory = new Map<string, string>(Object.entries(categoryLabelTable.labels));
/** Code list 508 codes are plain numbers without leading zeros. */
const NUMERIC_CODE = /^(0|[1-9]\d{0,3})$/;

function lowerFirst(text: string): string {
  // Acronyms such as "NPI" keep their case.
  return /^[A-Z]{2}/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

function presentCode(code: string | undefined): string | undefined {
  return code === undefined || code === '' ? undefined : code;
}

/**
 * The table row for a Claim Status Code, a generic row for a code in one of the table's ranges (with
 * `range` set), or undefined for a code the table does not know. Codes are matched exactly.
 */
export function lookupClaimStatusCode(code: string): ClaimStatusCodeRecord | undefined {
  const record = recordsByCode.get(code);
  if (record) return record;
  if (!NUMERIC_CODE.test(code)) return undefined;
  const n = Number(code);
  const range = claimStatusCodeRangeTable.ranges.find((r) => n >= r.from && n <= r.to);
  if (!range) return undefined;
  return {
    code,
    meaning: range.meaning,
    kind: range.kind,
    hint: range.hint,
    range: `${range.from}-${range.to}`,
  };
}

function codePhrase(code: string, record: ClaimStatusCodeRecord | undefined): string {
  if (!record) return `status code ${code} (not in Tickler's table; see X12 code list 508)`;
  const meaning = lowerFirst(record.meaning);
  const phrase = record.kind === 'data_element' ? `field: ${meaning}` : meaning;
  return record.stopped === undefined ? phrase : `${phrase} (code stopped ${record.stopped})`;
}

/**
 * One line a person can read, such as "A7:21 — rejected, missing or invalid information". Without a
 * status code it gives the category's meaning. Never throws: unknown codes are named as unknown.
 */
export function describeClaimStatus(status: { readonly category: string; readonly code?: string }): string {
  const code = presentCode(status.code);
  const category = lookupStatusCategory(status.category);
  if (code === undefined) {
    return category
      ? `${status.category} — ${lowerFirst(category.meaning)}`
      : `${status.category} — unknown claim status category`;
  }
  const label = labelsByCategory.get(status.category) ?? `unknown category ${status.category}`;
  return `${status.category}:${code} — ${label}, ${codePhrase(code, lookupClaimStatusCode(code))}`;
}

function refinementFor(
  record: ClaimStatusCodeRecord | undefined,
  category: string,
): StatusCodeRefinement | undefined {
  return record?.refinements?.find((refinement) =>
    refinement.with.some((w) => w === '*' || w === category || w === category.charAt(0)),
  );
}

/**
 * The action for a 277 status: the category's action, unless the status code refines it under this
 * category. An unknown category goes to a person rather than throwing, so workflow code can call this
 * directly.
 */
export function followUpForClaimStatus(status: {
  readonly category: string;
  readonly code?: string;
}): ClaimStatusFollowUp {
  const code = presentCode(status.code);
  const record = code === undefined ? undefined : lookupClaimStatusCode(code);
  const description = describeClaimStatus(status);
  const flags = { urgent: record?.urgent === true, doNotResubmit: record?.doNotResubmit === true };
  const codeNote = record ? `; status code ${record.code}: ${record.hint}` : '';

  const category = lookupStatusCategory(status.category);
  if (!category) {
    return {
      action: 'hand_to_person',
      basis: 'unknown_category',
      ...flags,
      description,
      reason: `category ${JSON.stringify(status.category)} is not a known 277 category (code list 507): a person reads the response${codeNote}`,
    };
  }
  const refinement = refinementFor(record, category.code);
  if (record && refinement && refinement.action !== category.action) {
    return {
      action: refinement.action,
      basis: 'status_code',
      ...flags,
      description,
      reason: `status code ${record.code} under ${category.code} changes ${category.action} to ${refinement.action}: ${record.hint}`,
    };
  }
  return {
    action: category.action,
    basis: 'category',
    ...flags,
    description,
    reason: `category ${category.code}: ${category.action}${codeNote}`,
  };
}
