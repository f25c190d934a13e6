/**
 * What an appeal packet needs to know from a claim's timeline: its latest denial (codes, notice date,
 * level), the payer's claim number, when the payer first accepted the claim, when documents were sent,
 * whether an 835 is on file and whether the appeal was filed. Pure: it reads the timeline rows the
 * lifecycle wrote (`data.transition` is the transition each row persisted).
 *
 * Denial codes are read from structured data first: a denial event whose data carries `adjustments`
 * ([{ group, carc, amountCents }]) and `remarks` (RARCs). Rows written before that carry them in their
 * words: the remittance's `reasons` ("CO-197 $1250.00: … — a denial", "N386: …"), the recorded denial's
 * code (`appeal.deniedCode` of its transition) and the 277 status (`category`, `code`).
 */
import type { TimelineEvent } from '../db/timeline';
import type { DenialCodes } from '../domain/appeal-category';
import { type IsoDate, isIsoDate, isoDateOfEpochMs } from '../domain/dates';
import { nonDenialReason } from '../domain/remittance';

/** How the denial reached Tickler: an 835, a 277 status answer, or a person who recorded it. */
export type DenialSource = 'remittance' | 'status' | 'recorded';

export interface DenialOnFile extends DenialCodes {
  source: DenialSource;
  /** The timeline row's time and actor (a person for a recorded denial, `payer:<id>` otherwise). */
  recordedAt: Date;
  recordedBy: string;
  /** The date on the denial notice (remittance date, recorded notice date, or the day of the status answer). */
  noticeDate: IsoDate;
  /** The appeal level the denial opened (1 for a first denial, n + 1 after level n was filed and upheld). */
  level: number;
  /** The 277 status, when the denial came from a status answer. */
  status?: { category: string; code?: string };
}

/** The parts of a persisted transition this module reads; every field may be absent. */
interface TransitionData {
  phase?: string;
  appeal?: { level?: number; noticeDate?: string; deniedCode?: string; filedOn?: string } | null;
  lastEvent?: { kind?: string; on?: string };
  payerClaimNumber?: string;
  submission?: { acknowledgement?: string };
}

function transitionOf(event: TimelineEvent): TransitionData | undefined {
  const transition = event.data.transition;
  return typeof transition === 'object' && transition !== null ? transition : undefined;
}

function dayOf(event: TimelineEvent): IsoDate {
  return isoDateOfEpochMs(event.occurredAt.getTime());
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const ADJUSTMENT_REASON = /^(CO|PR|OA|PI|CR)-([A-Z0-9]{1,5}) (-?)\$(\d+(?:\.\d{1,2})?): .* — a denial$/;
const REMARK_REASON = /^([A-Z]{1,2}\d{1,4}): /;
const RECORDED_DENIAL = /^Denial (CO|PR|OA|PI)-([A-Z0-9]{1,5}) recorded/;

type Adjustment = { group: string; carc: string; amountCents: number };

/** The denying adjustments and the remarks of a remittance row, largest denied amount first. */
function remittanceCodes(event: TimelineEvent): { adjustments: Adjustment[]; remarks: string[] } {
  const { adjustments, remarks } = event.data;
  if (Array.isArray(adjustments)) {
    const parsed = adjustments.filter(
      (a): a is Adjustment =>
        typeof a === 'object' &&
        a !== null &&
        typeof (a as Adjustment).group === 'string' &&
        typeof (a as Adjustment).carc === 'string',
    );
    return {
      adjustments: parsed
        .filter((a) => nonDenialReason(a) === undefined)
        .map((a) => ({ group: a.group, carc: a.carc, amountCents: Number(a.amountCents) || 0 })),
      remarks: strings(remarks),
    };
  }
  const found: Adjustment[] = [];
  const remarkCodes: string[] = [];
  for (const reason of strings(event.data.reasons)) {
    const adjustment = ADJUSTMENT_REASON.exec(reason);
    if (adjustment) {
      const cents = Math.round(Number(adjustment[4]) * 100);
      found.push({
        group: adjustment[1]!,
        carc: adjustment[2]!,
        amountCents: adjustment[3] ? -cents : cents,
      });
      continue;
    }
    const remark = REMARK_REASON.exec(reason);
    if (remark && !remarkCodes.includes(remark[1]!)) remarkCodes.push(remark[1]!);
  }
  return { adjustments: found, remarks: remarkCodes };
}

function splitCode(code: string | undefined): { group: string; carc: string } | undefined {
  const match = code ? /^(CO|PR|OA|PI|CR)-([A-Z0-9]{1,5})$/.exec(code) : null;
  return match ? { group: match[1]!, carc: match[2]! } : undefined;
}

/** The deciding code first (the one the lifecycle named), then by denied amount, largest first. */
function ordered(adjustments: Adjustment[], deciding: string | undefined): { group: string; carc: string }[] {
  const sorted = [...adjustments].sort((a, b) => Math.abs(b.amountCents) - Math.abs(a.amountCents));
  const first = sorted.findIndex((a) => `${a.group}-${a.carc}` === deciding);
  if (first > 0) sorted.unshift(...sorted.splice(first, 1));
  const seen = new Set<string>();
  return sorted
    .filter((a) => {
      const key = `${a.group}-${a.carc}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(({ group, carc }) => ({ group, carc }));
}

function isDenialEvent(event: TimelineEvent): boolean {
  return transitionOf(event)?.phase === 'denied' || event.kind === 'denial_recorded';
}

function appealsFiledBefore(events: readonly TimelineEvent[], index: number): number {
  return events.slice(0, index).filter((e) => e.kind === 'appeal_filed').length;
}

/**
 * The claim's latest denial, or undefined when its timeline holds none. `events` in timeline order.
 */
export function latestDenial(events: readonly TimelineEvent[]): DenialOnFile | undefined {
  let index = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (isDenialEvent(events[i]!)) {
      index = i;
      break;
    }
  }
  if (index < 0) return undefined;
  const event = events[index]!;
  const transition = transitionOf(event);
  const appeal = transition?.appeal ?? undefined;
  const base = {
    recordedAt: event.occurredAt,
    recordedBy: event.actor,
    noticeDate:
      [appeal?.noticeDate, transition?.lastEvent?.on, event.data.noticeDate].find(isIsoDate) ?? dayOf(event),
    level: appeal?.level ?? appealsFiledBefore(events, index) + 1,
  };
  if (event.kind === 'remittance_received' || Array.isArray(event.data.adjustments)) {
    const codes = remittanceCodes(event);
    return {
      ...base,
      source: event.kind === 'denial_recorded' ? 'recorded' : 'remittance',
      adjustments: ordered(codes.adjustments, appeal?.deniedCode),
      remarks: codes.remarks,
    };
  }
  if (event.kind === 'status_checked' && typeof event.data.category === 'string') {
    const code = typeof event.data.code === 'string' ? event.data.code : undefined;
    return {
      ...base,
      source: 'status',
      adjustments: [],
      remarks: [],
      status: { category: event.data.category, ...(code ? { code } : {}) },
    };
  }
  const recorded =
    splitCode(appeal?.deniedCode) ??
    (() => {
      const match = RECORDED_DENIAL.exec(event.summary);
      return match ? { group: match[1]!, carc: match[2]! } : undefined;
    })();
  return {
    ...base,
    source: 'recorded',
    adjustments: recorded ? [recorded] : [],
    remarks: strings(event.data.rarcs ?? event.data.remarks),
  };
}

/** The payer's claim number (ICN/DCN), as the latest payer answer gave it. */
export function payerClaimNumberOf(events: readonly TimelineEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const number = transitionOf(events[i]!)?.payerClaimNumber;
    if (typeof number === 'string' && number !== '') return number;
  }
  return undefined;
}

/**
 * The first day the payer is on record as holding the claim: a 277CA acceptance, or a status answer
 * that accepted it (A2) or adjudicated it (pending, finalized, a request for information).
 */
export function firstAcceptance(events: readonly TimelineEvent[]): { on: IsoDate; how: string } | undefined {
  for (const event of events) {
    if (event.kind === 'acknowledgement_received' && /accepted/.test(event.summary)) {
      return { on: dayOf(event), how: `acknowledgement: ${event.summary}` };
    }
    const category = typeof event.data.category === 'string' ? event.data.category : undefined;
    const acceptedByStatus =
      event.kind === 'status_checked' && category !== undefined && /^(A2|P|F|R)/.test(category);
    if (acceptedByStatus || transitionOf(event)?.submission?.acknowledgement === 'accepted') {
      const code = typeof event.data.code === 'string' ? `:${event.data.code}` : '';
      return {
        on: dayOf(event),
        how: category ? `the payer's status answer ${category}${code}` : event.summary,
      };
    }
  }
  return undefined;
}

/** The last day documents were recorded as sent to the payer. */
export function lastDocumentsSent(events: readonly TimelineEvent[]): IsoDate | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.kind !== 'documents_sent') continue;
    const on = transitionOf(event)?.lastEvent?.on;
    return isIsoDate(on) ? on : dayOf(event);
  }
  return undefined;
}

/** The day the latest 835 remittance for the claim was received, if any was. */
export function lastRemittance(events: readonly TimelineEvent[]): IsoDate | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.kind === 'remittance_received') return dayOf(events[i]!);
  }
  return undefined;
}

/** The appeal filed after the denial, if one was: its level and filing date. */
export function appealFiledAfter(
  events: readonly TimelineEvent[],
  denial: DenialOnFile,
): { level: number; filedOn: IsoDate } | undefined {
  const after = events.filter((e) => e.kind === 'appeal_filed' && e.occurredAt >= denial.recordedAt);
  const filed = after.at(-1);
  if (!filed) return undefined;
  const transition = transitionOf(filed);
  const filedOn = [transition?.appeal?.filedOn, transition?.lastEvent?.on].find(isIsoDate) ?? dayOf(filed);
  return { level: transition?.appeal?.level ?? denial.level, filedOn };
}
