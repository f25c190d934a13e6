/**
 * The meaning of a 277 claim status (STC01-1 category, STC01-2 status code) for follow-up: which family
 * it belongs to, what the engine should do next, and whether the claim is paid or finished at the payer.
 * The rules are data, in `./data/claim-status-categories`.
 */
import { claimStatusCategoryTable } from './data/claim-status-categories';

/** The category families of code list 507, named after their first letter (A, P, F, R, E, D). */
export type ClaimStatusGroup =
  'acknowledgement' | 'pending' | 'finalized' | 'request_for_information' | 'error' | 'not_found';

/** What the follow-up engine does next for a status. */
export type FollowUpAction =
  | 're_check_later'
  | 'correct_and_resubmit'
  | 'replacement_claim'
  | 'send_documentation'
  | 'patient_outreach'
  | 'appeal'
  | 'reconcile_remittance'
  | 'retry_inquiry'
  | 'fix_inquiry'
  | 'hand_to_person'
  | 'close_paid'
  | 'track_other_payer';

/** One row of the category table. */
export interface CategoryRecord<Code extends string = ClaimStatusCategory> {
  readonly code: Code;
  /** Short paraphrase of the code's definition. */
  readonly meaning: string;
  readonly group: ClaimStatusGroup;
  readonly action: FollowUpAction;
  /** The payer could not answer for a passing reason: retry the inquiry with backoff. */
  readonly transient: boolean;
  /** The payer has finished with this submission: asking again for status will not change it. */
  readonly terminal: boolean;
}

/** The shape of the category table: its rows and where they come from. */
export interface CategoryTable {
  readonly source: string;
  readonly records: readonly CategoryRecord<string>[];
}

/** A Claim Status Category Code (X12 external code list 507) that the table knows. */
export type ClaimStatusCategory = (typeof claimStatusCategoryTable.records)[number]['code'];

/** A 277 status reduced to what the follow-up engine acts on. */
export type NormalizedStatus = {
  readonly category: ClaimStatusCategory;
  /** Claim Status Code (code list 508, STC01-2), passed through when the payer sent one. */
  readonly code?: string;
  /** The category's meaning, for explanations. */
  readonly meaning: string;
  readonly group: ClaimStatusGroup;
  readonly action: FollowUpAction;
  /** The inquiry failed for a passing reason (E1, E2): retry with backoff. */
  readonly transient: boolean;
  /** Only F1 says the claim was paid; amounts and balances come from the 835. */
  readonly paid: boolean;
  readonly terminal: boolean;
};

const recordsByCode = new Map<string, CategoryRecord>(
  claimStatusCategoryTable.records.map((record) => [record.code, record]),
);

/** True when `s` is a category code in the table (exact, upper-case match). */
export function isClaimStatusCategoryCode(s: string): s is ClaimStatusCategory {
  return recordsByCode.has(s);
}

/** The table row for a category code, or undefined for a code the table does not know. */
export function lookupStatusCategory(code: string): CategoryRecord | undefined {
  return recordsByCode.get(code);
}

/**
 * Maps a 277 status to group, action, paid and terminal. Throws an Error naming the category when it
 * is not in the table (retired, misspelled or lower-case codes included): call it where a bad 277 can be
 * rejected (EDI reading, activities), or guard with {@link isClaimStatusCategoryCode} in workflow code,
 * where a plain Error would retry the workflow task forever.
 */
export function normalizeStatus(status: {
  readonly category: string;
  readonly code?: string;
}): NormalizedStatus {
  const record = recordsByCode.get(status.category);
  if (!record) {
    const codeNote = status.code === undefined ? '' : ` (status code ${JSON.stringify(status.code)})`;
    throw new Error(
      `Unknown claim status category ${JSON.stringify(status.category)}${codeNote}: ` +
        `not a current X12 Claim Status Category Code (code list 507); known codes are ${[...recordsByCode.keys()].join(', ')}`,
    );
  }
  return {
    category: record.code,
    ...(status.code === undefined ? {} : { code: status.code }),
    meaning: record.meaning,
    group: record.group,
    action: record.action,
    transient: record.transient,
    paid: record.code === 'F1',
    terminal: record.terminal,
  };
}
