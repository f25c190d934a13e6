/**
 * Everything a template may say about a claim: the inline placeholders (`{{claim.id}}`) and the blocks
 * (`{{block:claim_facts}}`, alone on a line), each with what it gives. `docs/appeal-packets.md` lists the
 * same names (a test keeps the two equal). Values come from {@link PacketData}, which the packet use case
 * builds from the claim, its parties, timeline, projection and payer.
 */
import type { ClaimParties } from '../db/claim-parties';
import type { PayerAppealContact } from '../db/payer-appeal-contacts';
import type { AppealCategory } from '../domain/appeal-category';
import type { IsoDate } from '../domain/dates';
import type { ChecklistEntry } from './checklist';

/** One code of the denial, with its meaning from Tickler's code tables. */
export interface DenialCodeLine {
  /** "CO-197", "N386", "F2:85". */
  code: string;
  kind: 'adjustment' | 'remark' | 'status';
  meaning: string;
}

/** What a packet is rendered from. PHI: never logged. */
export interface PacketData {
  today: IsoDate;
  claim: {
    id: string;
    payerClaimNumber?: string;
    dateOfService: IsoDate;
    throughDate?: IsoDate;
    billedCents: number;
    paidCents: number;
    submittedOn: IsoDate;
    patientAccountRef: string;
  };
  payer: { id: string; name: string; contact: PayerAppealContact };
  parties?: ClaimParties;
  denial: {
    codes: DenialCodeLine[];
    noticeDate: IsoDate;
    /** How it reached Tickler, in words: "an 835 remittance received on 2026-11-02". */
    source: string;
    category: AppealCategory;
    categoryTitle: string;
  };
  appeal: {
    level: number;
    /** The level's name in the payer's rules ("Redetermination (MAC)"), when the rules name it. */
    levelName?: string;
    ruleSetName?: string;
    deadline?: { due: IsoDate; basis: string; daysLeft: number };
    filed?: { filedOn: IsoDate };
  };
  sender: { name: string; phone?: string; email?: string };
  checklist: ChecklistEntry[];
  /** Pages of the whole PDF, cover included, once known. */
  pages?: number;
}

type Resolver = (d: PacketData) => string | undefined;

function money(cents: number): string {
  return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "(859) 455-8650" for ten digits. */
export function formatFax(digits: string): string {
  return /^\d{10}$/.test(digits)
    ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
    : digits;
}

function personName(person: { lastName: string; firstName?: string } | undefined): string | undefined {
  return person && [person.firstName, person.lastName].filter(Boolean).join(' ');
}

/** The patient: the dependent when there is one, else the subscriber. */
function patientOf(d: PacketData) {
  return d.parties?.patient ?? d.parties?.subscriber;
}

const ordinals = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];

function levelName(d: PacketData): string {
  return d.appeal.levelName ?? `${ordinals[d.appeal.level - 1] ?? `level ${d.appeal.level}`}-level review`;
}

function deadlineNote(d: PacketData): string {
  if (d.appeal.filed) return `filed on ${d.appeal.filed.filedOn}`;
  const deadline = d.appeal.deadline;
  if (!deadline) return "no filing deadline is documented in the payer's rules: check the contract";
  if (deadline.daysLeft > 0) return `due in ${deadline.daysLeft} day${deadline.daysLeft === 1 ? '' : 's'}`;
  if (deadline.daysLeft === 0) return 'due today';
  return `past due by ${-deadline.daysLeft} day${deadline.daysLeft === -1 ? '' : 's'}: a late request must show good cause`;
}

const placeholderTable = {
  today: { description: 'the date the packet is generated', value: (d) => d.today },
  'claim.id': {
    description: "Tickler's claim id (the billing system's claim number)",
    value: (d) => d.claim.id,
  },
  'claim.payerClaimNumber': {
    description: "the payer's claim number (ICN/DCN) from its latest answer",
    value: (d) => d.claim.payerClaimNumber,
  },
  'claim.datesOfService': {
    description: 'the date of service, or "first through last" for a span claim',
    value: (d) =>
      d.claim.throughDate && d.claim.throughDate !== d.claim.dateOfService
        ? `${d.claim.dateOfService} through ${d.claim.throughDate}`
        : d.claim.dateOfService,
  },
  'claim.billed': { description: 'the billed amount', value: (d) => money(d.claim.billedCents) },
  'claim.paid': { description: 'what the payer has paid so far', value: (d) => money(d.claim.paidCents) },
  'claim.unpaid': {
    description: 'billed minus paid',
    value: (d) => money(Math.max(0, d.claim.billedCents - d.claim.paidCents)),
  },
  'claim.submittedOn': { description: 'the date the claim was submitted', value: (d) => d.claim.submittedOn },
  'claim.patientAccount': {
    description: "the provider's patient account number",
    value: (d) => d.claim.patientAccountRef,
  },
  'payer.id': { description: "Tickler's payer id", value: (d) => d.payer.id },
  'payer.name': { description: "the payer's name", value: (d) => d.payer.name },
  'payer.appealAddress': {
    description: "the payer's appeals mailing address on one line",
    value: (d) => d.payer.contact.mailingAddress?.split('\n').join(', '),
  },
  'payer.appealFax': {
    description: "the payer's appeals fax number",
    value: (d) => d.payer.contact.fax && formatFax(d.payer.contact.fax),
  },
  'provider.name': { description: 'the billing provider', value: (d) => d.parties?.billingProvider.name },
  'provider.npi': { description: "the billing provider's NPI", value: (d) => d.parties?.billingProvider.npi },
  'patient.name': {
    description: 'the patient (the dependent, or the subscriber when they are the patient)',
    value: (d) => personName(patientOf(d)),
  },
  'patient.dateOfBirth': {
    description: "the patient's date of birth",
    value: (d) => patientOf(d)?.dateOfBirth,
  },
  'subscriber.name': {
    description: 'the subscriber (policy holder)',
    value: (d) => personName(d.parties?.subscriber),
  },
  'subscriber.memberId': {
    description: "the subscriber's member id",
    value: (d) => d.parties?.subscriber.memberId,
  },
  'subscriber.dateOfBirth': {
    description: "the subscriber's date of birth",
    value: (d) => d.parties?.subscriber.dateOfBirth,
  },
  'denial.codes': {
    description: 'the denial codes, comma-separated ("CO-197, N386")',
    value: (d) => (d.denial.codes.length > 0 ? d.denial.codes.map((c) => c.code).join(', ') : undefined),
  },
  'denial.primaryCode': {
    description: 'the code that decided the denial',
    value: (d) => d.denial.codes[0]?.code,
  },
  'denial.primaryMeaning': {
    description: "that code's meaning",
    value: (d) => d.denial.codes[0]?.meaning.replace(/^./, (c) => c.toLowerCase()),
  },
  'denial.noticeDate': { description: 'the date on the denial notice', value: (d) => d.denial.noticeDate },
  'denial.source': { description: 'how the denial reached Tickler', value: (d) => d.denial.source },
  'denial.category': { description: "the denial category's title", value: (d) => d.denial.categoryTitle },
  'appeal.level': { description: 'the appeal level (1, 2, ...)', value: (d) => String(d.appeal.level) },
  'appeal.levelName': {
    description: 'the level\'s name in the payer\'s rules ("Redetermination (MAC)")',
    value: levelName,
  },
  'appeal.deadline': {
    description: 'the last day to file this level',
    value: (d) => d.appeal.deadline?.due ?? 'not documented',
  },
  'appeal.deadlineBasis': {
    description: 'how the deadline was computed, with the payer rule set version',
    value: (d) => d.appeal.deadline?.basis ?? "no appeal window is documented in the payer's rules",
  },
  'appeal.deadlineNote': {
    description: '"due in 45 days", "past due by 3 days", or "filed on ..."',
    value: deadlineNote,
  },
  'appeal.ruleSet': { description: "the payer rule set's name", value: (d) => d.appeal.ruleSetName },
  'sender.name': {
    description: "who prepares the appeal (the request's contact, else the signed-in user)",
    value: (d) => d.sender.name,
  },
  'sender.phone': { description: "the sender's phone", value: (d) => d.sender.phone },
  'sender.email': { description: "the sender's e-mail", value: (d) => d.sender.email },
  'enclosures.count': {
    description: 'how many enclosures the checklist lists',
    value: (d) => String(d.checklist.length),
  },
  'enclosures.atHand': {
    description: 'how many of them are at hand',
    value: (d) => String(d.checklist.filter((e) => e.state !== 'needed').length),
  },
  'fax.pages': {
    description: 'pages of the fax, this cover included',
    value: (d) => (d.pages === undefined ? undefined : String(d.pages)),
  },
} satisfies Record<string, { description: string; value: Resolver }>;

export type PlaceholderName = keyof typeof placeholderTable;

export const placeholders: Readonly<Record<PlaceholderName, { description: string; value: Resolver }>> =
  placeholderTable;
export const placeholderNames: readonly string[] = Object.keys(placeholderTable);

/** The blocks a template may place (each alone on its line, as `{{block:<name>}}`). */
export const blocks = {
  letterhead: "the billing provider, its NPI, and the sender's phone and e-mail",
  payer_address: "the payer's name, appeals mailing address and fax",
  claim_facts:
    'a table of the claim: ids, patient, subscriber and member id, dates, amounts, provider and NPI',
  denial_codes: 'a table of the denial codes with their meanings',
  arguments: "the category's argument points, each with its source numbers",
  checklist: 'the enclosures, each ticked when at hand, with what shows it',
  sources: 'the numbered public sources the argument points cite',
  body: "the category template's text (in `_layout.md` only)",
  page_break: 'starts a new page',
} as const;
export type BlockName = keyof typeof blocks;
export const blockNames = Object.keys(blocks) as BlockName[];
