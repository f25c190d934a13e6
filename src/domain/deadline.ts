import type { IsoDate } from './dates';

/** The clocks a claim lives by. Payer deadlines are hard (they never pause); our own SLAs are soft. */
export type DeadlineKind =
  'timely_filing' | 'corrected_claim' | 'appeal' | 'expected_payment' | 'acknowledgement' | 'work_item_sla';

/** Which versioned payer rule produced a deadline, so every date can be traced to its source. */
export interface RuleRef {
  ruleSetId: string;
  version: number;
  source: string;
}

export interface Deadline {
  kind: DeadlineKind;
  /** Short label for people: "Appeal level 1 (redetermination)". */
  label: string;
  /** Last day the action counts as on time. */
  due: IsoDate;
  /** The date the clock runs from (date of service, notice date, submission...). */
  basisDate: IsoDate;
  /** Why this date, in words: "120 days after receipt; receipt presumed 5 days after the notice of 2026-03-02". */
  basis: string;
  /** Hard payer deadlines never pause; snoozes may not pass them. */
  hard: boolean;
  rule?: RuleRef;
  /** Appeal level (1-based) for appeal deadlines. */
  level?: number;
}
