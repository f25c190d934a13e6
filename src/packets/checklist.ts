/**
 * The enclosures an appeal needs and which of them are at hand. A template lists the attachments its
 * argument needs and, for each, the claim records that show it is at hand; this module decides each
 * item's state from those records (or from the person generating the packet, who may confirm items
 * Tickler cannot see, such as an authorization number or the medical records). Pure.
 */
import type { IsoDate } from '../domain/dates';

/** The attachments a template may ask for. */
export const attachmentKinds = [
  'remittance_advice',
  'claim_copy',
  'itemized_bill',
  'medical_records',
  'letter_of_medical_necessity',
  'authorization',
  'proof_of_timely_filing',
  'primary_eob',
  'eligibility_verification',
  'coverage_policy',
  'appeal_form',
] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** The label an item gets when its template gives none. */
export const attachmentLabels: Record<AttachmentKind, string> = {
  remittance_advice: 'The remittance advice (835 or EOB) or denial letter showing the denial',
  claim_copy: 'A copy of the claim as billed (CMS-1500 or UB-04)',
  itemized_bill: 'Itemized bill with line charges',
  medical_records: 'Medical records for the date(s) of service',
  letter_of_medical_necessity: 'Letter of medical necessity from the treating clinician',
  authorization: 'Authorization or precertification approval, with its number',
  proof_of_timely_filing: "Proof of timely filing: the payer's or clearinghouse's acceptance report",
  primary_eob: "The primary payer's remittance or EOB",
  eligibility_verification:
    'Eligibility verification for the date(s) of service (271 response or portal record)',
  coverage_policy: 'The coverage policy, LCD or NCD the argument relies on',
  appeal_form: "The payer's appeal or dispute form, completed",
};

/** The claim records a checklist item can be shown by. */
export const evidenceKinds = [
  'remittance_on_file',
  'accepted_in_time',
  'documents_sent',
  'prior_payer_remittance',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/** What the claim's records say about its enclosures. */
export interface ClaimEvidence {
  /** The day the latest 835 remittance was received. */
  remittanceOn?: IsoDate;
  /** The first day the payer is on record as holding the claim. */
  acceptance?: { on: IsoDate; how: string };
  /** The payer's timely-filing limit for the claim. */
  timelyFilingDue?: IsoDate;
  /** The last day documents were recorded as sent to the payer. */
  documentsSentOn?: IsoDate;
  /** The claim is a balance moved from a prior payer, with that payer's remittance. */
  priorPayerRemittance?: { payerId: string };
}

export interface ChecklistItemSpec {
  item: AttachmentKind;
  label?: string;
  /** Why the argument needs it. */
  why?: string;
  evidence: readonly EvidenceKind[];
}

/**
 * - `on_file`: the claim's records hold it (an 835, a dated acceptance within the limit);
 * - `sent`: recorded as sent to the payer already (enclose a copy);
 * - `confirmed`: the person generating the packet said it is at hand;
 * - `needed`: still to be found.
 */
export type ChecklistState = 'on_file' | 'sent' | 'confirmed' | 'needed';

export interface ChecklistEntry {
  item: AttachmentKind;
  label: string;
  why?: string;
  state: ChecklistState;
  /** What the state rests on, or what is missing. */
  note: string;
}

/** Whether an entry counts as at hand (ticked). */
export function isAtHand(entry: { state: ChecklistState }): boolean {
  return entry.state !== 'needed';
}

type Finding = { state: Exclude<ChecklistState, 'confirmed'>; note: string } | undefined;

function find(kind: EvidenceKind, evidence: ClaimEvidence): Finding {
  switch (kind) {
    case 'remittance_on_file':
      return evidence.remittanceOn
        ? { state: 'on_file', note: `835 remittance received on ${evidence.remittanceOn}` }
        : undefined;
    case 'accepted_in_time': {
      const { acceptance, timelyFilingDue: due } = evidence;
      if (!acceptance) return undefined;
      if (due === undefined) {
        return {
          state: 'needed',
          note: `the payer held the claim on ${acceptance.on} (${acceptance.how}); no timely-filing limit is on record to compare`,
        };
      }
      return acceptance.on <= due
        ? {
            state: 'on_file',
            note: `the payer held the claim on ${acceptance.on} (${acceptance.how}), within the timely-filing limit of ${due}`,
          }
        : {
            state: 'needed',
            note: `the first acceptance on record (${acceptance.on}) is after the limit of ${due}: find an earlier acceptance report`,
          };
    }
    case 'documents_sent':
      return evidence.documentsSentOn
        ? {
            state: 'sent',
            note: `documents recorded as sent to the payer on ${evidence.documentsSentOn}: enclose a copy`,
          }
        : undefined;
    case 'prior_payer_remittance':
      return evidence.priorPayerRemittance
        ? {
            state: 'on_file',
            note: `the remittance of the prior payer ${evidence.priorPayerRemittance.payerId} came with this balance`,
          }
        : undefined;
  }
}

/**
 * Each item's state: the first evidence that shows it at hand, else what the person confirmed, else
 * needed (with the reason a record fell short, when one did).
 */
export function evaluateChecklist(
  items: readonly ChecklistItemSpec[],
  evidence: ClaimEvidence,
  confirmed: { items: readonly AttachmentKind[]; by: string },
): ChecklistEntry[] {
  return items.map((spec) => {
    const findings = spec.evidence.map((kind) => find(kind, evidence)).filter((f) => f !== undefined);
    const atHand = findings.find((f) => f.state !== 'needed');
    const shortfall = findings.find((f) => f.state === 'needed');
    const base = {
      item: spec.item,
      label: spec.label ?? attachmentLabels[spec.item],
      ...(spec.why ? { why: spec.why } : {}),
    };
    if (atHand) return { ...base, state: atHand.state, note: atHand.note };
    if (confirmed.items.includes(spec.item)) {
      return { ...base, state: 'confirmed', note: `confirmed at hand by ${confirmed.by}` };
    }
    return { ...base, state: 'needed', note: shortfall?.note ?? 'still needed' };
  });
}
