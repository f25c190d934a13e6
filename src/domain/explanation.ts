/**
 * How Tickler words a claim's state for people: one short, deterministic sentence saying why the claim
 * is where it is and what happens next, naming the nearest hard payer deadline with its basis. The same
 * input always gives the same words (no locale, no clock: `today` is an argument).
 */
import { compareIsoDates, type IsoDate } from './dates';
import type { Deadline } from './deadline';

/** US dollars from whole cents, e.g. `formatUsd(123456)` is `$1,234.56`; negative amounts get a minus sign. */
export function formatUsd(cents: number): string {
  const whole = Math.round(Math.abs(cents));
  const dollars = String(Math.floor(whole / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = String(whole % 100).padStart(2, '0');
  return `${cents < 0 && whole > 0 ? '-' : ''}$${dollars}.${rest}`;
}

/** What last happened to the claim, in the words of whoever reported it. */
export type ClaimEventKind =
  | 'submission'
  | 'acknowledgement'
  | 'rejection'
  | 'status'
  | 'request_for_information'
  | 'documents_sent'
  | 'correction'
  | 'denial'
  | 'appeal_filed'
  | 'payment'
  | 'note';

export interface ClaimEvent {
  kind: ClaimEventKind;
  on: IsoDate;
  /** The payer's code: a CARC with its group (`CO-197`), a 277 status (`P1:20`), a 999/277CA code... */
  code?: string;
  /** Short meaning: "no authorization", "in process", "itemized bill". */
  description: string;
}

const eventWords: Record<ClaimEventKind, string> = {
  submission: 'Submitted',
  acknowledgement: 'Acknowledged',
  rejection: 'Rejected',
  status: 'Payer status',
  request_for_information: 'Payer requested information',
  documents_sent: 'Documents sent',
  correction: 'Corrected claim sent',
  denial: 'Denied',
  appeal_filed: 'Appeal filed',
  payment: 'Paid',
  note: 'Note',
};

export interface ClaimExplanationInput {
  /** The claim's phase (`in_adjudication`, `denied`...); named only when there is no last event. */
  phase: string;
  lastEvent?: ClaimEvent;
  deadlines: readonly Deadline[];
  /** What happens next; `on` absent or not after `today` means now. */
  nextAction?: { action: string; on?: IsoDate };
  escalation?: { on: IsoDate; to: string };
  today: IsoDate;
}

function phaseWords(phase: string): string {
  const words = phase.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Lower-cases a label's first letter inside a sentence, but not an acronym's ("MA appeal" stays). */
function inSentence(label: string): string {
  const [first = '', second = ''] = label;
  return second === second.toLowerCase() ? first.toLowerCase() + label.slice(1) : label;
}

/**
 * The hard deadline that matters now: the earliest one due today or later; if every hard deadline has
 * passed, the one that passed last. Soft deadlines (our own SLAs) never count. Ties go to the earlier
 * entry of `deadlines`, so the choice is deterministic.
 */
export function nearestHardDeadline(deadlines: readonly Deadline[], today: IsoDate): Deadline | undefined {
  let upcoming: Deadline | undefined;
  let passed: Deadline | undefined;
  for (const deadline of deadlines) {
    if (!deadline.hard) continue;
    if (compareIsoDates(deadline.due, today) >= 0) {
      if (!upcoming || compareIsoDates(deadline.due, upcoming.due) < 0) upcoming = deadline;
    } else if (!passed || compareIsoDates(deadline.due, passed.due) > 0) {
      passed = deadline;
    }
  }
  return upcoming ?? passed;
}

/**
 * One sentence for a claim, clauses joined by "; ", e.g. "Denied CO-197 (no authorization) on
 * 2026-03-02; appeal level 1 due 2026-07-05 (Medicare 120 days + 5 days receipt); next: file appeal;
 * escalates to a lead on 2026-06-21". The clauses: the last event (or the phase), the nearest hard
 * deadline with its basis ("passed" once it has), the next action, the escalation.
 */
export function explainClaim(input: ClaimExplanationInput): string {
  const { lastEvent, nextAction, escalation, today } = input;
  const clauses: string[] = [];

  if (lastEvent) {
    const code = lastEvent.code ? ` ${lastEvent.code}` : '';
    clauses.push(`${eventWords[lastEvent.kind]}${code} (${lastEvent.description}) on ${lastEvent.on}`);
  } else {
    clauses.push(phaseWords(input.phase));
  }

  const deadline = nearestHardDeadline(input.deadlines, today);
  if (deadline) {
    const when = compareIsoDates(deadline.due, today) >= 0 ? 'due' : 'passed';
    clauses.push(`${inSentence(deadline.label)} ${when} ${deadline.due} (${deadline.basis})`);
  }

  if (nextAction) {
    const later = nextAction.on !== undefined && compareIsoDates(nextAction.on, today) > 0;
    clauses.push(`next: ${nextAction.action}${later ? ` on ${nextAction.on}` : ''}`);
  }

  if (escalation) {
    const tense = compareIsoDates(escalation.on, today) > 0 ? 'escalates' : 'escalated';
    clauses.push(`${tense} to ${escalation.to} on ${escalation.on}`);
  }

  return clauses.join('; ');
}
