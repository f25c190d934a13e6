/**
 * Appeal packets, as one use case shared by the API and the CLI: for a denied claim, read the claim, its
 * parties, its latest denial and deadlines (timeline and projection), the payer, its appeal contact and
 * rule set; choose the template by denial category and appeal level; decide which enclosures are at
 * hand; render the letter (and a fax cover when the payer's appeals are faxed) as PDF and HTML; and
 * store the packet with an `appeal_packet_generated` timeline row, all in one transaction.
 *
 * Packets hold PHI: they are stored in PostgreSQL and served through the claim's routes only. Nothing
 * here logs, and error messages name claims, codes and templates, never patient data.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, ClientScope } from '../auth/actor';
import { findClaimParties } from '../db/claim-parties';
import { type ClaimRecord, findClaim, findClaimState } from '../db/claims';
import {
  type AppealPacketFormat,
  type AppealPacketRecord,
  findAppealPacketDocument,
  insertAppealPacket,
  listAppealPackets,
} from '../db/appeal-packets';
import { findPayerAppealContact } from '../db/payer-appeal-contacts';
import { type Db, type Queryable, withTransaction } from '../db/pool';
import { currentPayerRules, findPayer } from '../db/reference-data';
import { type TimelineEvent, appendTimelineEvent, listTimeline } from '../db/timeline';
import {
  type AppealCategory,
  type AppealCategoryDecision,
  appealCategoryOf,
  notAppealableReason,
} from '../domain/appeal-category';
import { federalCalendar } from '../domain/business-calendar';
import { type IsoDate, calendarDaysBetween, isoDateOfEpochMs } from '../domain/dates';
import type { Deadline } from '../domain/deadline';
import { appealDeadlines, timelyFilingDeadline } from '../domain/deadlines';
import type { PayerRuleSet } from '../domain/payer-rules';
import {
  type AttachmentKind,
  type ChecklistState,
  type ClaimEvidence,
  evaluateChecklist,
  isAtHand,
} from './checklist';
import { denialCodeLines, renderPacket } from './document';
import { writeHtml } from './html';
import { writePdf } from './pdf';
import type { PacketData } from './placeholders';
import { loadTemplateSet } from './template';
import {
  type DenialOnFile,
  appealFiledAfter,
  firstAcceptance,
  lastDocumentsSent,
  lastRemittance,
  latestDenial,
  payerClaimNumberOf,
} from './timeline-facts';

export { TemplateError } from './template';

/** Why a packet cannot be made or found; the edges map each kind to a status. */
export class AppealPacketError extends Error {
  constructor(
    readonly kind: 'not_found' | 'not_denied' | 'not_appealable' | 'no_such_level',
    message: string,
  ) {
    super(message);
    this.name = 'AppealPacketError';
  }
}

/** What a stored packet says about itself, without its documents or patient data. */
export interface AppealPacketSummary {
  levelName: string;
  categoryTitle: string;
  /** Why this category: "CO-197: authorization", or who chose it. */
  categoryReason: string;
  denial: { noticeDate: IsoDate; source: string; codes: string[] };
  deadline: { due: IsoDate; basis: string; daysLeft: number } | null;
  filedOn: IsoDate | null;
  faxCover: boolean;
  /** The payer's appeals fax number (ten digits) when the packet has a fax cover. */
  faxNumber: string | null;
  pages: number;
  checklist: { item: AttachmentKind; label: string; state: ChecklistState; note: string }[];
  /** Values the letter could not fill (shown as "(not on file)"), named without their content. */
  warnings: string[];
}

export interface AppealPacketView extends AppealPacketSummary {
  packetId: string;
  claimId: string;
  level: number;
  category: string;
  template: { id: string; version: number; sha256: string };
  createdBy: string;
  createdAt: string;
  links: { pdf: string; html: string };
}

export interface GeneratePacketRequest {
  claimId: string;
  /** Who asks: their id is the packet's author and the timeline actor; their clients bound the claim. */
  actor: Actor;
  /** The appeal level; default the level the claim's denial opened. */
  level?: number;
  /** The denial category; default decided from the denial codes. */
  category?: AppealCategory;
  /** Enclosures the person has at hand that the claim's records cannot show (an authorization, records). */
  atHand?: readonly AttachmentKind[];
  /** Who signs and whom the payer calls back; default the actor's id. */
  sender?: { name?: string; phone?: string; email?: string };
}

export interface AppealPacketService {
  generate(request: GeneratePacketRequest): Promise<AppealPacketView>;
  list(request: { claimId: string; scope: ClientScope }): Promise<AppealPacketView[]>;
  document(request: {
    claimId: string;
    packetId: string;
    format: AppealPacketFormat;
    scope: ClientScope;
  }): Promise<Buffer | string>;
}

export interface AppealPacketDeps {
  db: Db;
  /** The templates folder (`APPEAL_TEMPLATES_DIR`). */
  templatesDir: string;
  now?: () => number;
}

const APPEAL_PHASES = new Set(['denied', 'appealed']);

function viewOf(record: AppealPacketRecord<AppealPacketSummary>): AppealPacketView {
  const base = `/claims/${encodeURIComponent(record.claimId)}/appeal-packets/${record.packetId}`;
  return {
    packetId: record.packetId,
    claimId: record.claimId,
    level: record.level,
    category: record.category,
    template: { id: record.templateId, version: record.templateVersion, sha256: record.templateSha256 },
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    ...record.summary,
    links: { pdf: `${base}.pdf`, html: `${base}.html` },
  };
}

async function claimInScope(db: Queryable, claimId: string, scope: ClientScope): Promise<ClaimRecord> {
  const claim = await findClaim(db, claimId, scope);
  // A claim outside the caller's clients is answered exactly like a claim that does not exist.
  if (!claim) {
    throw new AppealPacketError('not_found', `No claim ${claimId}`);
  }
  return claim;
}

function isDeadline(value: unknown): value is Deadline {
  return typeof value === 'object' && value !== null && typeof (value as Deadline).due === 'string';
}

function denialSource(denial: DenialOnFile): string {
  const on = isoDateOfEpochMs(denial.recordedAt.getTime());
  switch (denial.source) {
    case 'remittance':
      return `an 835 remittance received on ${on}`;
    case 'status':
      return `the payer's claim status answer of ${on}`;
    case 'recorded':
      return `recorded in Tickler by ${denial.recordedBy} on ${on}`;
  }
}

/** The level to file, checked against the payer's appeal chain. */
function checkedLevel(claimId: string, level: number, rules: PayerRuleSet | undefined): string | undefined {
  if (!rules || rules.appealLevels.length === 0) {
    if (level !== 1) {
      throw new AppealPacketError(
        'no_such_level',
        `Claim ${claimId}: the payer's rules document no appeal levels, so only level 1 can be prepared`,
      );
    }
    return undefined;
  }
  const rule = rules.appealLevels.find((candidate) => candidate.level === level);
  if (!rule) {
    throw new AppealPacketError(
      'no_such_level',
      `Claim ${claimId}: ${rules.name} has ${rules.appealLevels.length} appeal level(s); there is no level ${level}`,
    );
  }
  if (rule.from === 'auto_forwarded') {
    throw new AppealPacketError(
      'no_such_level',
      `Claim ${claimId}: appeal level ${level} (${rule.name}) is forwarded by the payer itself; there is nothing to file`,
    );
  }
  return rule.name;
}

/** The level's deadline: the projection's, else computed from the payer's rules and the notice date. */
function deadlineOf(
  deadlines: readonly unknown[],
  level: number,
  denial: DenialOnFile,
  rules: PayerRuleSet | undefined,
): Deadline | undefined {
  const projected = deadlines.filter(isDeadline).find((d) => d.kind === 'appeal' && d.level === level);
  if (projected) return projected;
  if (!rules || rules.appealLevels.length === 0) return undefined;
  return appealDeadlines({
    noticeDate: denial.noticeDate,
    level,
    ruleSet: rules,
    calendar: federalCalendar,
  })[0];
}

function timelyFilingDue(
  deadlines: readonly unknown[],
  claim: ClaimRecord,
  rules: PayerRuleSet | undefined,
): IsoDate | undefined {
  const projected = deadlines
    .filter(isDeadline)
    .filter((d) => d.kind === 'timely_filing')
    .map((d) => d.due)
    .sort()[0];
  if (projected || !rules) return projected;
  return timelyFilingDeadline({
    dateOfService: claim.dateOfService,
    ...(claim.throughDate ? { throughDate: claim.throughDate } : {}),
    ruleSet: rules,
    calendar: federalCalendar,
  })[0]?.due;
}

function priorPayerOf(
  claim: ClaimRecord,
  timeline: readonly TimelineEvent[],
): { payerId: string } | undefined {
  if (!claim.parentClaimId) return undefined;
  const intake = timeline.find((event) => event.kind === 'claim_received');
  const remittance = intake?.data.remittance as { payerId?: unknown } | undefined;
  return {
    payerId: typeof remittance?.payerId === 'string' ? remittance.payerId : `of claim ${claim.parentClaimId}`,
  };
}

export function createAppealPacketService(deps: AppealPacketDeps): AppealPacketService {
  const now = deps.now ?? Date.now;

  async function generate(request: GeneratePacketRequest): Promise<AppealPacketView> {
    const at = now();
    const today = isoDateOfEpochMs(at);
    const { actor } = request;
    return withTransaction(deps.db, async (tx) => {
      const claim = await claimInScope(tx, request.claimId, actor.clients);
      const parties = await findClaimParties(tx, claim.claimId, actor.clients);
      const state = await findClaimState(tx, claim.claimId, actor.clients);
      const timeline = await listTimeline(tx, claim.claimId, actor.clients);
      const payer = await findPayer(tx, claim.payerId);
      const contact = (await findPayerAppealContact(tx, claim.payerId)) ?? {};
      const rules = await currentPayerRules(tx, claim.payerId, at);

      const phase = state?.phase ?? 'submitted';
      const denial = latestDenial(timeline);
      if (!denial) {
        throw new AppealPacketError(
          'not_denied',
          `Claim ${claim.claimId} has no denial on its timeline (phase ${phase}): appeal packets are for denied claims`,
        );
      }
      if (!APPEAL_PHASES.has(phase)) {
        const closed = state?.closedReason ? `, ${state.closedReason.replaceAll('_', ' ')}` : '';
        throw new AppealPacketError(
          'not_denied',
          `Claim ${claim.claimId} was denied (notice ${denial.noticeDate}) but is now ${phase.replaceAll('_', ' ')}${closed}: there is no denial to appeal`,
        );
      }
      const blocked = notAppealableReason(denial);
      if (blocked) {
        throw new AppealPacketError(
          'not_appealable',
          `Claim ${claim.claimId} cannot be appealed: ${blocked}`,
        );
      }

      const level = request.level ?? denial.level;
      const ruleLevelName = checkedLevel(claim.claimId, level, rules);
      const deadlines = state?.deadlines ?? [];
      const deadline = deadlineOf(deadlines, level, denial, rules);
      const filed = appealFiledAfter(timeline, denial);
      const decision: AppealCategoryDecision = request.category
        ? { category: request.category, reason: `chosen by ${actor.id}` }
        : appealCategoryOf(denial);
      const templates = await loadTemplateSet(deps.templatesDir, decision.category, level);

      const evidence: ClaimEvidence = {};
      const remittanceOn = lastRemittance(timeline);
      if (remittanceOn) evidence.remittanceOn = remittanceOn;
      const acceptance = firstAcceptance(timeline);
      if (acceptance) evidence.acceptance = acceptance;
      const filingDue = timelyFilingDue(deadlines, claim, rules);
      if (filingDue) evidence.timelyFilingDue = filingDue;
      const documentsSentOn = lastDocumentsSent(timeline);
      if (documentsSentOn) evidence.documentsSentOn = documentsSentOn;
      const priorPayer = priorPayerOf(claim, timeline);
      if (priorPayer) evidence.priorPayerRemittance = priorPayer;
      const checklist = evaluateChecklist(templates.category.checklist, evidence, {
        items: request.atHand ?? [],
        by: actor.id,
      });
      const faxCover = contact.channel === 'fax' && contact.fax !== undefined;
      const payerClaimNumber = payerClaimNumberOf(timeline);
      const data: PacketData = {
        today,
        claim: {
          id: claim.claimId,
          ...(payerClaimNumber ? { payerClaimNumber } : {}),
          dateOfService: claim.dateOfService,
          ...(claim.throughDate ? { throughDate: claim.throughDate } : {}),
          billedCents: claim.billedCents,
          paidCents: state?.paidCents ?? 0,
          submittedOn: claim.submittedOn,
          patientAccountRef: claim.patientAccountRef,
        },
        payer: { id: claim.payerId, name: payer?.name ?? claim.payerId, contact },
        ...(parties ? { parties } : {}),
        denial: {
          codes: denialCodeLines(denial),
          noticeDate: denial.noticeDate,
          source: denialSource(denial),
          category: decision.category,
          categoryTitle: templates.category.title,
        },
        appeal: {
          level,
          ...(ruleLevelName ? { levelName: ruleLevelName } : {}),
          ...(rules ? { ruleSetName: `${rules.name} (rule set ${rules.id} v${rules.version})` } : {}),
          ...(deadline
            ? {
                deadline: {
                  due: deadline.due,
                  basis: deadline.basis,
                  daysLeft: calendarDaysBetween(today, deadline.due),
                },
              }
            : {}),
          ...(filed && filed.level === level ? { filed: { filedOn: filed.filedOn } } : {}),
        },
        sender: {
          name: request.sender?.name ?? actor.id,
          ...(request.sender?.phone ? { phone: request.sender.phone } : {}),
          ...(request.sender?.email ? { email: request.sender.email } : {}),
        },
        checklist,
      };

      const createdAt = new Date(at);
      const footer = `Claim ${claim.claimId}, appeal level ${level}`;
      let rendered = renderPacket(templates, data, { faxCover });
      let written = await writePdf(rendered.document, { createdAt, footer });
      if (faxCover) {
        // The cover states the page count, which is known once the whole packet is laid out.
        rendered = renderPacket(templates, { ...data, pages: written.pages }, { faxCover });
        written = await writePdf(rendered.document, { createdAt, footer });
      }
      const html = writeHtml(rendered.document);

      const packetId = randomUUID();
      const summary: AppealPacketSummary = {
        levelName: ruleLevelName ?? `appeal level ${level}`,
        categoryTitle: templates.category.title,
        categoryReason: decision.reason,
        denial: {
          noticeDate: denial.noticeDate,
          source: data.denial.source,
          codes: data.denial.codes.map((code) => code.code),
        },
        deadline: data.appeal.deadline ?? null,
        filedOn: data.appeal.filed?.filedOn ?? null,
        faxCover,
        faxNumber: faxCover ? (contact.fax ?? null) : null,
        pages: written.pages,
        checklist: checklist.map(({ item, label, state: itemState, note }) => ({
          item,
          label,
          state: itemState,
          note,
        })),
        warnings: rendered.missing.map((name) => `${name} is not on file: the packet shows "(not on file)"`),
      };
      const record: AppealPacketRecord<AppealPacketSummary> = {
        packetId,
        claimId: claim.claimId,
        level,
        category: decision.category,
        templateId: templates.category.id,
        templateVersion: templates.category.version,
        templateSha256: templates.sha256,
        createdBy: actor.id,
        createdAt,
        summary,
      };
      await insertAppealPacket(tx, { ...record, pdf: written.pdf, html });
      const atHand = checklist.filter(isAtHand).length;
      await appendTimelineEvent(tx, {
        eventKey: `${claim.workflowId}:appeal-packet:${packetId}`,
        claimId: claim.claimId,
        kind: 'appeal_packet_generated',
        occurredAt: createdAt,
        actor: actor.id,
        summary:
          `Appeal packet generated for level ${level} (${summary.levelName}), ${templates.category.title.toLowerCase()}: ` +
          `${atHand} of ${checklist.length} enclosures at hand${faxCover ? ', with a fax cover' : ''}`,
        data: {
          packetId,
          level,
          category: decision.category,
          templateId: templates.category.id,
          templateVersion: templates.category.version,
        },
      });
      return viewOf(record);
    });
  }

  return {
    generate,

    async list({ claimId, scope }) {
      const claim = await claimInScope(deps.db, claimId, scope);
      const packets = await listAppealPackets<AppealPacketSummary>(deps.db, claim.claimId);
      return packets.map(viewOf);
    },

    async document({ claimId, packetId, format, scope }) {
      const claim = await claimInScope(deps.db, claimId, scope);
      const document = await findAppealPacketDocument(deps.db, claim.claimId, packetId, format);
      if (document === undefined) {
        throw new AppealPacketError('not_found', `Claim ${claimId} has no appeal packet ${packetId}`);
      }
      return document;
    },
  };
}
