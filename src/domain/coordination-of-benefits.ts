/**
 * Coordination of benefits after a payer has finished: does the open balance go to the next payer (and
 * must we bill it, or did the payer's crossover already do so), to the patient, or nowhere?
 *
 * Forwarding signals: the 277 category (F3F forwarded, F3N not forwarded) and the 835 CLP02 (19/20/21
 * processed and forwarded, 1/2/3 processed only). When the two disagree the 835 wins: it is the
 * financial record and usually the later message.
 */
import { lookupClp02 } from './remittance';

export type PayerOrder = 'primary' | 'secondary' | 'tertiary';

export interface NextPayerInput {
  /** The 277 category code; only F3F and F3N say anything about forwarding. */
  readonly from277?: { readonly category: string };
  readonly from835?: { readonly clp02: string };
  /** What is still open on the claim after this payer, in cents. */
  readonly balanceCents: number;
  /** The part of the balance this payer assigned to the patient (CLP05 / PR adjustments), in cents. */
  readonly patientResponsibilityCents: number;
  readonly hasSecondaryPayer: boolean;
  readonly hasTertiaryPayer?: boolean;
  /** The payer that just finished, by our coverage records. */
  readonly currentPayerOrder: PayerOrder;
}

export type NextPayerDecisionKind =
  'bill_next_payer' | 'crossover_billed' | 'move_to_patient' | 'nothing_due';

export interface NextPayerDecision {
  readonly decision: NextPayerDecisionKind;
  readonly nextPayerOrder?: 'secondary' | 'tertiary';
  readonly reason: string;
}

type Forwarding = { readonly forwarded: boolean | undefined; readonly why: string; readonly halt?: string };

function money(cents: number): string {
  return `$${(Math.abs(cents) / 100).toFixed(2)}`;
}

function nextOrderOf(input: NextPayerInput): 'secondary' | 'tertiary' | undefined {
  if (input.currentPayerOrder === 'primary') return input.hasSecondaryPayer ? 'secondary' : undefined;
  if (input.currentPayerOrder === 'secondary')
    return input.hasTertiaryPayer === true ? 'tertiary' : undefined;
  return undefined;
}

function forwardingFrom277(category: string | undefined): Forwarding {
  if (category === 'F3F') return { forwarded: true, why: '277 F3F: forwarded to the next payer' };
  if (category === 'F3N') return { forwarded: false, why: '277 F3N: not forwarded to the next payer' };
  if (category === undefined) return { forwarded: undefined, why: 'no 277 forwarding status' };
  return { forwarded: undefined, why: `277 ${category} says nothing about forwarding` };
}

function forwardingFrom835(clp02: string | undefined): Forwarding {
  if (clp02 === undefined) return { forwarded: undefined, why: 'no 835' };
  const status = lookupClp02(clp02);
  if (!status) return { forwarded: undefined, why: `835 CLP02 ${clp02} is not a 5010 code` };
  switch (status.kind) {
    case 'processed':
      return {
        forwarded: status.forwarded,
        why: `835 CLP02 ${clp02}: processed as ${status.payerOrder ?? 'unknown order'}${status.forwarded ? ' and forwarded' : ', not forwarded'}`,
      };
    case 'not_our_claim':
      return {
        forwarded: true,
        why: `835 CLP02 ${clp02}: not this payer's claim`,
        halt: 'the payer sent the claim to the payer responsible: track it there',
      };
    case 'reversal':
      return {
        forwarded: undefined,
        why: `835 CLP02 ${clp02}: reversal`,
        halt: 'a reversal settles nothing: wait for the corrected payment before moving any balance',
      };
    case 'predetermination':
      return {
        forwarded: undefined,
        why: `835 CLP02 ${clp02}: predetermination`,
        halt: 'a predetermination moves no money: nothing to coordinate',
      };
    case 'not_recognised':
      return { forwarded: false, why: `835 CLP02 ${clp02}: patient not recognised, not forwarded` };
  }
}

/**
 * Decides where the open balance goes after the current payer. The next payer is billed for the whole
 * balance (it coordinates against the prior payer's remittance); without one, only the patient's share
 * moves to the patient and the rest stays with the provider (denial or write-off, see the remittance).
 */
export function decideNextPayer(input: NextPayerInput): NextPayerDecision {
  const from277 = forwardingFrom277(input.from277?.category);
  const from835 = forwardingFrom835(input.from835?.clp02);
  const evidence = [from835.why, from277.why];
  if (
    from835.forwarded !== undefined &&
    from277.forwarded !== undefined &&
    from835.forwarded !== from277.forwarded
  ) {
    evidence.push('they disagree, so the 835 decides');
  }
  const forwarded = from835.forwarded ?? (from835.halt === undefined ? from277.forwarded : undefined);
  const nextPayerOrder = nextOrderOf(input);

  if (from835.halt !== undefined) {
    const decision = input.from835?.clp02 === '23' ? 'crossover_billed' : 'nothing_due';
    return { decision, reason: `${evidence.join('; ')}: ${from835.halt}` };
  }
  if (input.balanceCents <= 0) {
    return { decision: 'nothing_due', reason: `${evidence.join('; ')}; no balance is open` };
  }

  if (forwarded === true) {
    return {
      decision: 'crossover_billed',
      ...(nextPayerOrder ? { nextPayerOrder } : {}),
      reason:
        `${evidence.join('; ')}: the crossover billed the next payer; do not bill it again, track it` +
        (nextPayerOrder ? '' : ' (no next payer on file: update the coverage)'),
    };
  }
  if (nextPayerOrder) {
    return {
      decision: 'bill_next_payer',
      nextPayerOrder,
      reason: `${evidence.join('; ')}: bill the ${nextPayerOrder} payer for ${money(input.balanceCents)} with this remittance`,
    };
  }
  const patientCents = Math.min(Math.max(input.patientResponsibilityCents, 0), input.balanceCents);
  if (patientCents > 0) {
    return {
      decision: 'move_to_patient',
      reason: `${evidence.join('; ')}; no further payer: ${money(patientCents)} patient responsibility moves to the patient`,
    };
  }
  return {
    decision: 'nothing_due',
    reason: `${evidence.join('; ')}; no further payer and no patient share: the ${money(input.balanceCents)} balance stays with the provider (denial or write-off)`,
  };
}
