/**
 * The change of `index.ts` shipped behind `patched()`: runs recorded before it (no marker in their
 * history) take the old path when replayed; new runs write the entry. Replaying `tests/histories/`
 * against this file must succeed.
 */
import { patched } from '@temporalio/workflow';
import type { ClaimFollowUpInput, ClaimFollowUpResult } from '../../../src/shared/contracts';
import { claimFollowUp as current } from '../../../src/workflows/claim-follow-up';
import { recordIntake } from './record-intake';

export async function claimFollowUp(input: ClaimFollowUpInput): Promise<ClaimFollowUpResult> {
  if (!input.carried && patched('record-intake')) await recordIntake(input);
  return current(input);
}
