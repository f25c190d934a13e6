/**
 * The claim workflow with one change shipped without `patched()`: before following a new claim it writes
 * a "follow-up started" timeline entry (one more activity before anything else). Its first workflow task
 * issues a command the recorded histories in `tests/histories/` do not have, so replaying them against
 * this code must fail; the replay test bundles this file to prove that it does. `patched.ts` is the same
 * change done right.
 *
 * It wraps the real workflow instead of copying it, so the demonstration keeps holding as the real
 * workflow changes.
 */
import type { ClaimFollowUpInput, ClaimFollowUpResult } from '../../../src/shared/contracts';
import { claimFollowUp as current } from '../../../src/workflows/claim-follow-up';
import { recordIntake } from './record-intake';

export async function claimFollowUp(input: ClaimFollowUpInput): Promise<ClaimFollowUpResult> {
  if (!input.carried) await recordIntake(input);
  return current(input);
}
