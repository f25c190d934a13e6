/**
 * The claim lifecycle as pure rules: given a claim's state and an event (a status answer, a remittance,
 * an acknowledgement, a person's action, or the clock), decide the transition. The workflow applies
 * transitions to its state and runs what they ask (checks, resubmissions, next-payer follow-up);
 * activities persist the same transitions. No I/O and no clock: `now` is an argument.
 */
import { type BusinessCalendar, addBusinessDays, nextBusinessDayOnOrAfter } from './business-calendar';
import { type CadencePolicy, firstCheck, nextCheck } from './cadence';
import { type NormalizedStatus, isClaimStatusCategoryCode, normalizeStatus } from './claim-status-codes';
import { type IsoDate, addCalendarDays, atTimeUtc, calendarDaysBetween, isoDateOfEpochMs } from './dates';
import type { Deadline } from './deadline';
import type {
  ClaimFacts,
  ClaimPhase,
  ClaimState,
  ClosedReason,
  Transition,
  WorkItem,
  WorkItemKind,
} from './lifecycle-types';
import { lifecycleRules } from './data/lifecycle-rules';
import {
  acknowledgementDueAt,
  appealDeadline,
  classifyRemittanceEvent,
  statusEscalationDue,
  timelyFilingDeadlines,
  type PayerRules,
  type RemittanceEvent,
} from './lifecycle-rules-adapter';

export type { RemittanceEvent, PayerRules };

export interface LifecycleContext {
  now: number;
  calendar: BusinessCalendar;
  rules: PayerRules;
}

/** A 277 status for the claim, from a scheduled check or an ingested file. */
export interface StatusEvent {
  category: string;
  code?: string;
  paidCents?: number;
  payerClaimNumber?: string;
  /** A channel failure that needs a person (the inquiry could not be made). */
  inquiryFailure?: string;
}

export interface AcknowledgementEvent {
  kind: '999' | '277CA';
  accepted: boolean;
  category?: string;
  code?: string;
}

/** People's actions. Each is an update with a synchronous validator. */
export type ClaimUpdate =
  | { type: 'addNote'; author: string; text: string }
  | { type: 'snooze'; author: string; until: IsoDate; reason: string }
  | { type: 'resume'; author: string }
  | { type: 'reschedule'; author: string; on: IsoDate; reason: string }
  | { type: 'assign'; author: string; owner: string }
  | { type: 'recordCorrectionSubmitted'; author: string; note?: string }
  | { type: 'recordDocumentsSent'; author: string; sentOn: IsoDate; note?: string }
  | { type: 'recordAppealFiled'; author: string; level: number; filedOn: IsoDate }
  | {
      type: 'recordPayment';
      author: string;
      paidCents: number;
      paidOn: IsoDate;
      patientResponsibilityCents?: number;
    }
  | {
      type: 'recordDenial';
      author: string;
      carc: string;
      group: 'CO' | 'PR' | 'OA' | 'PI';
      noticeDate: IsoDate;
      rarcs?: string[];
    }
  | { type: 'flagForReview'; author: string; reason: string; byClient: boolean }
  | { type: 'close'; author: string; reason: ClosedReason; note?: string };

export type UpdateType = ClaimUpdate['type'];

const { slas } = lifecycleRules;
const DAY = 86_400_000;

function today(ctx: LifecycleContext): IsoDate {
  return isoDateOfEpochMs(ctx.now);
}

function isOpen(state: ClaimState): boolean {
  return state.phase !== 'closed';
}

function openItems(state: ClaimState, kind?: WorkItemKind): WorkItem[] {
  return state.workItems.filter((item) => kind === undefined || item.kind === kind);
}

function workItem(
  state: ClaimState,
  workflowId: string,
  kind: WorkItemKind,
  title: string,
  ctx: LifecycleContext,
  dueOn?: IsoDate,
  extraSeq = 0,
): WorkItem {
  const due = dueOn ?? addBusinessDays(today(ctx), slas[kind].businessDays, ctx.calendar);
  return {
    id: `${workflowId}:wi:${state.workItemSeq + 1 + extraSeq}`,
    kind,
    title,
    openedAt: ctx.now,
    dueOn: due,
    escalatesOn: due,
    ...(state.owner ? { owner: state.owner } : {}),
  };
}

/** The state of a claim Tickler has just taken over, and the first check. */
export function startClaim(claim: ClaimFacts, cadence: CadencePolicy, ctx: LifecycleContext): ClaimState {
  const first = firstCheck({
    submittedOn: claim.submittedOn,
    payerClass: claim.payerClass,
    policy: cadence,
    calendar: ctx.calendar,
    now: ctx.now,
  });
  const submittedAt = atTimeUtc(claim.submittedOn, '00:00');
  const ackDueAt = acknowledgementDueAt(submittedAt, ctx.rules, ctx.calendar);
  // An original submitted before the acknowledgement window closed is still awaited; an older one was
  // acknowledged (or not) before Tickler took over, so it is unknown rather than overdue.
  const awaiting = ackDueAt > ctx.now;
  return {
    claim,
    phase: 'submitted',
    checks: 0,
    checksWithoutChange: 0,
    lastStatusChangeAt: submittedAt,
    transientFailures: 0,
    nextCheckAt: first.at,
    workItems: [],
    workItemSeq: 0,
    deadlines: timelyFilingDeadlines(claim, ctx.rules, ctx.calendar),
    submission: {
      attempt: 1,
      kind: 'original',
      submittedAt,
      acknowledgement: awaiting ? 'awaiting' : 'unknown',
      ...(awaiting ? { ackDueAt } : {}),
    },
    paidCents: 0,
    alertsGiven: [],
    seenEvents: [],
    cadence,
    transitions: 0,
  };
}

/** Applies a transition; returns a new state (the input is not changed). */
export function applyTransition(state: ClaimState, t: Transition): ClaimState {
  const next: ClaimState = { ...state, transitions: state.transitions + 1 };
  if (t.phase) next.phase = t.phase;
  if (t.closedReason) next.closedReason = t.closedReason;
  if (t.nextCheckAt !== undefined) {
    if (t.nextCheckAt === null) delete next.nextCheckAt;
    else next.nextCheckAt = t.nextCheckAt;
  }
  if (t.snooze !== undefined) {
    if (t.snooze === null) delete next.snooze;
    else next.snooze = t.snooze;
  }
  if (t.owner) next.owner = t.owner;
  if (t.review) next.review = t.review;
  if (t.checked) next.checks = state.checks + 1;
  if (t.lastStatus) next.lastStatus = t.lastStatus;
  if (t.statusChanged !== undefined) {
    next.checksWithoutChange = t.statusChanged ? 0 : state.checksWithoutChange + 1;
    if (t.statusChanged) next.lastStatusChangeAt = t.lastStatus?.at ?? state.lastStatusChangeAt;
  }
  if (t.transient !== undefined) next.transientFailures = t.transient ? state.transientFailures + 1 : 0;
  let items = state.workItems;
  if (t.closeWorkItems?.length) items = items.filter((item) => !t.closeWorkItems!.includes(item.id));
  if (t.escalateWorkItems?.length) {
    items = items.map((item) => {
      const escalation = t.escalateWorkItems!.find((e) => e.id === item.id);
      return escalation ? { ...item, escalatedTo: escalation.to } : item;
    });
  }
  if (t.openWorkItems?.length) {
    items = [...items, ...t.openWorkItems];
    next.workItemSeq = state.workItemSeq + t.openWorkItems.length;
  }
  next.workItems = items;
  if (t.deadlines) next.deadlines = t.deadlines;
  if (t.appeal !== undefined) {
    if (t.appeal === null) delete next.appeal;
    else next.appeal = t.appeal;
  }
  if (t.submission) next.submission = t.submission;
  if (t.payerClaimNumber) next.payerClaimNumber = t.payerClaimNumber;
  if (t.paidCents !== undefined) next.paidCents = t.paidCents;
  if (t.alertsGiven?.length) next.alertsGiven = [...state.alertsGiven, ...t.alertsGiven].slice(-200);
  if (t.seenEvent) next.seenEvents = [...state.seenEvents, t.seenEvent].slice(-200);
  if (t.cadence) next.cadence = t.cadence;
  if (t.lastEvent) next.lastEvent = t.lastEvent;
  return next;
}

function scheduleAfter(
  state: ClaimState,
  status: NormalizedStatus,
  ctx: LifecycleContext,
  transient: boolean,
) {
  return nextCheck({
    status,
    policy: state.cadence,
    calendar: ctx.calendar,
    now: ctx.now,
    transientFailures: transient ? state.transientFailures + 1 : 0,
  });
}

function closeAll(state: ClaimState, kinds?: WorkItemKind[]): string[] {
  return state.workItems.filter((item) => !kinds || kinds.includes(item.kind)).map((item) => item.id);
}

function describe(status: { category: string; code?: string }): string {
  return `${status.category}${status.code ? `:${status.code}` : ''}`;
}

/**
 * Stops scheduled checks and hands the claim to a person: one work item of `kind`, unless one of that
 * kind is already open (a repeated answer does not open a second).
 */
function toPerson(
  state: ClaimState,
  workflowId: string,
  ctx: LifecycleContext,
  base: Transition,
  phase: ClaimPhase,
  kind: WorkItemKind,
  title: string,
): Transition {
  const already = openItems(state, kind).length > 0;
  return {
    ...base,
    phase,
    nextCheckAt: null,
    ...(already ? {} : { openWorkItems: [workItem(state, workflowId, kind, title, ctx)] }),
  };
}

/**
 * The timely-filing deadline again when the payer's rule set has a new version since it was computed,
 * so a rule change reaches running claims at their next check.
 */
function refreshedDeadlines(state: ClaimState, ctx: LifecycleContext): Pick<Transition, 'deadlines'> {
  const current = state.deadlines.find((d) => d.kind === 'timely_filing');
  const rule = current?.rule;
  if (!rule || (rule.ruleSetId === ctx.rules.id && rule.version === ctx.rules.version)) return {};
  const others = state.deadlines.filter((d) => d.kind !== 'timely_filing');
  return { deadlines: [...others, ...timelyFilingDeadlines(state.claim, ctx.rules, ctx.calendar)] };
}

/** Decides what a status answer (277) means for the claim. */
export function onStatus(
  state: ClaimState,
  workflowId: string,
  event: StatusEvent,
  cadence: CadencePolicy,
  ctx: LifecycleContext,
): Transition {
  const withCadence: ClaimState = { ...state, cadence };
  const base: Pick<Transition, 'checked' | 'cadence' | 'deadlines'> = {
    checked: true,
    cadence,
    ...refreshedDeadlines(state, ctx),
  };
  if (event.inquiryFailure || !isClaimStatusCategoryCode(event.category)) {
    const reason = event.inquiryFailure ?? `unknown status category "${event.category}"`;
    const status = normalizeStatus({ category: 'E0' });
    const next = scheduleAfter(withCadence, status, ctx, false);
    const hasItem = openItems(state, 'inquiry_problem').length > 0;
    return {
      ...base,
      event: {
        kind: 'status_checked',
        actor: `payer:${state.claim.payerId}`,
        summary: `Status inquiry failed: ${reason}`,
      },
      nextCheckAt: next?.at ?? null,
      transient: false,
      ...(hasItem
        ? {}
        : {
            openWorkItems: [
              workItem(state, workflowId, 'inquiry_problem', `Status inquiry failed: ${reason}`, ctx),
            ],
          }),
    };
  }

  const status = normalizeStatus(event);
  const at = ctx.now;
  const changed = state.lastStatus?.category !== status.category || state.lastStatus?.code !== status.code;
  const common: Transition = {
    ...base,
    event: {
      kind: 'status_checked',
      actor: `payer:${state.claim.payerId}`,
      summary: `Payer answered ${describe(status)} (${status.meaning})`,
      data: { category: status.category, code: status.code ?? null, action: status.action },
    },
    lastStatus: { category: status.category, at, ...(status.code ? { code: status.code } : {}) },
    lastEvent: {
      kind:
        status.action === 'correct_and_resubmit'
          ? 'rejection'
          : status.group === 'request_for_information'
            ? 'request_for_information'
            : 'status',
      on: today(ctx),
      code: describe(status),
      description: status.meaning,
    },
    statusChanged: changed,
    transient: status.transient,
    ...(event.payerClaimNumber ? { payerClaimNumber: event.payerClaimNumber } : {}),
  };

  if (status.paid) {
    const paid = event.paidCents ?? state.claim.billedCents;
    return settle(state, workflowId, { ...common }, paid, 0, ctx, `${describe(status)} paid`);
  }

  switch (status.action) {
    case 'correct_and_resubmit':
    case 'replacement_claim':
      return toPerson(
        state,
        workflowId,
        ctx,
        { ...common, submission: { ...state.submission, acknowledgement: 'rejected' } },
        'needs_correction',
        status.action === 'replacement_claim' ? 'replacement_claim' : 'correction',
        `Correct the claim (${describe(status)}: ${status.meaning})`,
      );
    case 'send_documentation':
    case 'patient_outreach':
      return toPerson(
        state,
        workflowId,
        ctx,
        common,
        'needs_documentation',
        status.action === 'patient_outreach' ? 'patient_outreach' : 'documentation',
        `Send what the payer asked for (${describe(status)}: ${status.meaning})`,
      );
    case 'appeal':
      return deny(state, workflowId, common, { code: describe(status), noticeDate: today(ctx) }, ctx);
    default: {
      const next = scheduleAfter({ ...state, cadence }, status, ctx, status.transient);
      // Only A2 or a payer's own status (pending, finalized, a request) says the claim was accepted;
      // A0/A1 (received, forwarded) and inquiry errors leave the claim where it was.
      const accepted =
        status.category === 'A2' || !['acknowledgement', 'error', 'not_found'].includes(status.group);
      const phase: ClaimPhase = state.phase === 'appealed' || !accepted ? state.phase : 'in_adjudication';
      return {
        ...common,
        phase,
        nextCheckAt: next?.at ?? null,
        ...(accepted && state.submission.acknowledgement !== 'accepted'
          ? { submission: { ...state.submission, acknowledgement: 'accepted' } }
          : {}),
      };
    }
  }
}

/** The payer paid: close, or open the work that the balance calls for. */
function settle(
  state: ClaimState,
  workflowId: string,
  base: Transition,
  paidCents: number,
  patientResponsibilityCents: number,
  ctx: LifecycleContext,
  what: string,
): Transition {
  const claim = state.claim;
  base = { ...base, lastEvent: { kind: 'payment', on: today(ctx), description: `${cents(paidCents)} paid` } };
  const totalPaid = state.paidCents + paidCents;
  const expected = claim.expectedCents ?? claim.billedCents;
  const balance = Math.max(0, claim.billedCents - totalPaid - patientResponsibilityCents);
  const closeWork = closeAll(state);
  if (claim.expectedCents !== undefined && totalPaid < expected) {
    return {
      ...base,
      phase: 'underpaid',
      paidCents: totalPaid,
      nextCheckAt: null,
      closeWorkItems: closeWork,
      openWorkItems: [
        workItem(
          { ...state },
          workflowId,
          'underpayment',
          `Paid ${cents(totalPaid)} of the expected ${cents(expected)}: review the underpayment`,
          ctx,
        ),
      ],
    };
  }
  const next = claim.nextPayers[0];
  if (balance > 0 && next) {
    return {
      ...base,
      phase: 'closed',
      closedReason: 'paid_in_full',
      paidCents: totalPaid,
      nextCheckAt: null,
      closeWorkItems: closeWork,
      event: {
        ...base.event,
        summary: `${base.event.summary}; balance ${cents(balance)} goes to the ${next.order} payer`,
      },
      startNextPayer: {
        order: next.order,
        payerId: next.payerId,
        balanceCents: balance,
        remittance: { paidCents: totalPaid, patientResponsibilityCents, payerId: claim.payerId, what },
      },
    };
  }
  if (patientResponsibilityCents > 0) {
    return {
      ...base,
      phase: 'closed',
      closedReason: 'moved_to_patient',
      paidCents: totalPaid,
      nextCheckAt: null,
      closeWorkItems: closeWork,
      openWorkItems: [
        workItem(
          state,
          workflowId,
          'patient_billing',
          `Bill the patient ${cents(patientResponsibilityCents)}`,
          ctx,
        ),
      ],
    };
  }
  return {
    ...base,
    phase: 'closed',
    closedReason: 'paid_in_full',
    paidCents: totalPaid,
    nextCheckAt: null,
    closeWorkItems: closeWork,
  };
}

/** A denial: the appeal clock starts from the notice, with a work item and reminders. */
function deny(
  state: ClaimState,
  workflowId: string,
  base: Transition,
  denial: { code: string; noticeDate: IsoDate; reason?: string },
  ctx: LifecycleContext,
): Transition {
  const level = state.appeal?.filedOn ? state.appeal.level + 1 : (state.appeal?.level ?? 1);
  const deadline = appealDeadline(denial.noticeDate, level, ctx.rules, ctx.calendar);
  if (!deadline) {
    return {
      ...base,
      phase: 'denied',
      nextCheckAt: null,
      openWorkItems: [
        workItem(
          state,
          workflowId,
          'appeal',
          `Denied ${denial.code} at the last appeal level: decide write-off`,
          ctx,
        ),
      ],
    };
  }
  const deadlines = [...state.deadlines.filter((d) => d.kind !== 'appeal'), deadline];
  return {
    ...base,
    lastEvent: {
      kind: 'denial',
      on: denial.noticeDate,
      code: denial.code,
      description: denial.reason ?? 'denied',
    },
    phase: 'denied',
    nextCheckAt: null,
    deadlines,
    appeal: { level, noticeDate: denial.noticeDate, deniedCode: denial.code },
    closeWorkItems: closeAll(state, ['appeal']),
    openWorkItems: [
      {
        ...workItem(
          state,
          workflowId,
          'appeal',
          `File appeal level ${level} (denied ${denial.code}${denial.reason ? `: ${denial.reason}` : ''})`,
          ctx,
          deadline.due,
        ),
        escalatesOn: addCalendarDays(deadline.due, -lifecycleRules.appealReminderDays.at(-1)!),
      },
    ],
  };
}

/** Decides what a remittance (835 claim payment) means for the claim. */
export function onRemittance(
  state: ClaimState,
  workflowId: string,
  remit: RemittanceEvent,
  ctx: LifecycleContext,
): Transition {
  const decision = classifyRemittanceEvent(remit, state.claim.expectedCents);
  const base: Transition = {
    event: {
      kind: 'remittance_received',
      actor: `payer:${state.claim.payerId}`,
      summary: `Remittance ${decision.outcome.replace(/_/g, ' ')}: paid ${cents(remit.paidCents)} of ${cents(remit.chargeCents)}; ${decision.reasons.join('; ')}`,
      data: { outcome: decision.outcome, route: decision.route, reasons: decision.reasons },
    },
    ...(remit.payerClaimNumber ? { payerClaimNumber: remit.payerClaimNumber } : {}),
  };
  const why = decision.reasons.join('; ');
  switch (decision.route) {
    case 'appeal':
      return deny(
        state,
        workflowId,
        base,
        { code: decision.code ?? 'denial', noticeDate: remit.paidOn, reason: decision.reasons[0] },
        ctx,
      );
    case 'corrected_claim':
      return toPerson(
        state,
        workflowId,
        ctx,
        base,
        'needs_correction',
        'replacement_claim',
        `Correct and resubmit as a replacement (${why})`,
      );
    case 'new_claim':
      return toPerson(
        state,
        workflowId,
        ctx,
        base,
        'needs_correction',
        'correction',
        `Correct and resubmit as a new claim (${why})`,
      );
    case 'send_documentation':
      return toPerson(
        state,
        workflowId,
        ctx,
        base,
        'needs_documentation',
        'documentation',
        `Send documentation (${why})`,
      );
    case 'underpayment_review':
      return toPerson(
        state,
        workflowId,
        ctx,
        { ...base, paidCents: state.paidCents + remit.paidCents },
        'underpaid',
        'underpayment',
        `Review underpayment (${why})`,
      );
    case 'hand_to_person':
      return toPerson(
        state,
        workflowId,
        ctx,
        base,
        decision.outcome === 'denied' ? 'denied' : state.phase,
        'zero_pay_review',
        `Review the remittance (${why})`,
      );
    case 'write_off_contractual':
      return {
        ...base,
        phase: 'closed',
        closedReason: 'written_off',
        nextCheckAt: null,
        closeWorkItems: closeAll(state),
        event: { ...base.event, summary: `${base.event.summary}; written off as a contractual adjustment` },
      };
    case 'reconcile_reversal':
      return {
        ...base,
        phase: 'in_adjudication',
        paidCents: Math.max(0, state.paidCents - Math.abs(remit.paidCents)),
        nextCheckAt: scheduleAfter(state, normalizeStatus({ category: 'P1' }), ctx, false)?.at ?? null,
      };
    default:
      return settle(
        state,
        workflowId,
        base,
        remit.paidCents,
        remit.patientResponsibilityCents ?? 0,
        ctx,
        decision.outcome,
      );
  }
}

/** Decides what a 999 or 277CA acknowledgement means. */
export function onAcknowledgement(
  state: ClaimState,
  workflowId: string,
  ack: AcknowledgementEvent,
  ctx: LifecycleContext,
): Transition {
  const what = `${ack.kind}${ack.category ? ` ${describe({ category: ack.category, ...(ack.code ? { code: ack.code } : {}) })}` : ''}`;
  if (ack.accepted) {
    return {
      event: {
        kind: 'acknowledgement_received',
        actor: 'clearinghouse',
        summary: `Submission ${state.submission.attempt} accepted (${what})`,
      },
      submission:
        ack.kind === '277CA' ? { ...state.submission, acknowledgement: 'accepted' } : state.submission,
      closeWorkItems: ack.kind === '277CA' ? closeAll(state, ['confirm_submission']) : [],
    };
  }
  return {
    event: {
      kind: 'acknowledgement_received',
      actor: 'clearinghouse',
      summary: `Submission ${state.submission.attempt} rejected (${what}): it does not count as filed`,
    },
    phase: 'needs_correction',
    nextCheckAt: null,
    submission: { ...state.submission, acknowledgement: 'rejected' },
    closeWorkItems: closeAll(state, ['confirm_submission']),
    openWorkItems: [
      workItem(state, workflowId, 'correction', `Correct the rejected submission (${what})`, ctx),
    ],
  };
}

/** Why an update cannot be applied now, or `undefined` when it can. Synchronous: used by validators. */
export function validateUpdate(state: ClaimState, update: ClaimUpdate, now: number): string | undefined {
  if (!isOpen(state) && update.type !== 'addNote')
    return `The claim is closed (${state.closedReason ?? 'closed'})`;
  const day = isoDateOfEpochMs(now);
  switch (update.type) {
    case 'snooze': {
      if (update.until <= day) return 'snooze until must be after today';
      const hard = state.deadlines
        .filter((d) => d.hard && d.due >= day)
        .sort((a, b) => (a.due < b.due ? -1 : 1))[0];
      if (hard && update.until >= hard.due) {
        return `cannot snooze past the hard deadline ${hard.label} due ${hard.due}; payer deadlines keep running`;
      }
      return undefined;
    }
    case 'resume':
      return state.snooze ? undefined : 'the claim is not snoozed';
    case 'reschedule':
      return update.on < day ? 'the next check cannot be in the past' : undefined;
    case 'recordCorrectionSubmitted':
      return state.phase === 'needs_correction'
        ? undefined
        : `no correction is pending (phase ${state.phase})`;
    case 'recordDocumentsSent':
      return state.phase === 'needs_documentation'
        ? undefined
        : `no documentation is pending (phase ${state.phase})`;
    case 'recordAppealFiled': {
      if (!state.appeal || state.phase !== 'denied') return `no appeal is due (phase ${state.phase})`;
      if (update.level !== state.appeal.level)
        return `the appeal due is level ${state.appeal.level}, not ${update.level}`;
      if (update.filedOn > day) return 'filedOn cannot be in the future';
      return undefined;
    }
    case 'recordPayment':
      return update.paidOn > day ? 'paidOn cannot be in the future' : undefined;
    case 'recordDenial':
      return update.noticeDate > day ? 'noticeDate cannot be in the future' : undefined;
    default:
      return undefined;
  }
}

/** Decides what a person's action does. Call {@link validateUpdate} first. */
export function onUpdate(
  state: ClaimState,
  workflowId: string,
  update: ClaimUpdate,
  ctx: LifecycleContext,
): Transition {
  const actor = update.author;
  switch (update.type) {
    case 'addNote':
      return { event: { kind: 'note', actor, summary: update.text } };
    case 'snooze':
      return {
        event: { kind: 'snoozed', actor, summary: `Snoozed until ${update.until}: ${update.reason}` },
        snooze: { until: atTimeUtc(update.until, state.cadence.checkTimeUtc), reason: update.reason },
      };
    case 'resume':
      return { event: { kind: 'resumed', actor, summary: 'Snooze lifted' }, snooze: null };
    case 'reschedule': {
      const on = nextBusinessDayOnOrAfter(update.on, ctx.calendar);
      return {
        event: { kind: 'rescheduled', actor, summary: `Next check moved to ${on}: ${update.reason}` },
        nextCheckAt: Math.max(ctx.now, atTimeUtc(on, state.cadence.checkTimeUtc)),
      };
    }
    case 'assign':
      return {
        event: { kind: 'assigned', actor, summary: `Assigned to ${update.owner}` },
        owner: update.owner,
      };
    case 'recordCorrectionSubmitted': {
      const replacement = openItems(state, 'replacement_claim').length > 0;
      return {
        event: {
          kind: 'correction_recorded',
          actor,
          summary: `Correction recorded${update.note ? `: ${update.note}` : ''}; resubmitting as ${replacement ? 'a replacement claim (frequency 7)' : 'a new claim'}`,
        },
        phase: 'submitted',
        nextCheckAt: null,
        closeWorkItems: closeAll(state, ['correction', 'replacement_claim']),
        resubmit: replacement
          ? {
              kind: 'replacement',
              frequencyCode: '7',
              ...(state.payerClaimNumber ? { payerClaimNumber: state.payerClaimNumber } : {}),
            }
          : { kind: 'new_claim', frequencyCode: '1' },
      };
    }
    case 'recordDocumentsSent': {
      const reprocess = addCalendarDays(update.sentOn, lifecycleRules.documentationReprocessingDays);
      const on = nextBusinessDayOnOrAfter(reprocess < today(ctx) ? today(ctx) : reprocess, ctx.calendar);
      return {
        event: {
          kind: 'documents_sent',
          actor,
          summary: `Documents sent on ${update.sentOn}; expected reprocessing by ${reprocess}, next check ${on}`,
        },
        phase: 'in_adjudication',
        lastEvent: {
          kind: 'documents_sent',
          on: update.sentOn,
          description: `reprocessing expected by ${reprocess}`,
        },
        closeWorkItems: closeAll(state, ['documentation', 'patient_outreach']),
        nextCheckAt: Math.max(ctx.now, atTimeUtc(on, state.cadence.checkTimeUtc)),
      };
    }
    case 'recordAppealFiled': {
      const next = scheduleAfter(state, normalizeStatus({ category: 'P2' }), ctx, false);
      return {
        event: {
          kind: 'appeal_filed',
          actor,
          summary: `Appeal level ${update.level} filed on ${update.filedOn}; the next level's clock starts at the decision`,
        },
        phase: 'appealed',
        lastEvent: { kind: 'appeal_filed', on: update.filedOn, description: `level ${update.level}` },
        appeal: { ...state.appeal!, filedOn: update.filedOn },
        deadlines: state.deadlines.filter((d) => d.kind !== 'appeal'),
        closeWorkItems: closeAll(state, ['appeal']),
        nextCheckAt: next?.at ?? null,
      };
    }
    case 'recordPayment':
      return settle(
        state,
        workflowId,
        {
          event: {
            kind: 'payment_recorded',
            actor,
            summary: `Payment of ${cents(update.paidCents)} on ${update.paidOn} recorded`,
          },
        },
        update.paidCents,
        update.patientResponsibilityCents ?? 0,
        ctx,
        'payment recorded',
      );
    case 'recordDenial':
      return deny(
        state,
        workflowId,
        {
          event: {
            kind: 'denial_recorded',
            actor,
            summary: `Denial ${update.group}-${update.carc} recorded (notice ${update.noticeDate})`,
          },
        },
        { code: `${update.group}-${update.carc}`, noticeDate: update.noticeDate },
        ctx,
      );
    case 'flagForReview': {
      const owner = update.byClient ? lifecycleRules.whiteGloveOwner : undefined;
      return {
        event: {
          kind: 'flagged_for_review',
          actor,
          summary: `Flagged for management review${update.byClient ? ' by the client (white-glove: a lead owns it, tighter cadence)' : ''}: ${update.reason}`,
        },
        review: { reason: update.reason, byClient: update.byClient, at: ctx.now },
        ...(owner ? { owner } : {}),
        openWorkItems: [
          {
            ...workItem(state, workflowId, 'management_review', `Management review: ${update.reason}`, ctx),
            ...(owner ? { owner } : {}),
          },
        ],
      };
    }
    case 'close':
      return {
        event: {
          kind: 'closed',
          actor,
          summary: `Closed: ${update.reason.replace(/_/g, ' ')}${update.note ? ` (${update.note})` : ''}`,
        },
        phase: 'closed',
        closedReason: update.reason,
        nextCheckAt: null,
        snooze: null,
        closeWorkItems: closeAll(state),
      };
  }
}

/** After a resubmission went out: a new claim attempt, awaiting its acknowledgements. */
export function onResubmitted(
  state: ClaimState,
  kind: 'new_claim' | 'replacement',
  ctx: LifecycleContext,
): Transition {
  const ackDueAt = acknowledgementDueAt(ctx.now, ctx.rules, ctx.calendar);
  const first = nextCheck({
    status: normalizeStatus({ category: 'A2' }),
    policy: state.cadence,
    calendar: ctx.calendar,
    now: ctx.now,
  });
  return {
    event: {
      kind: 'resubmitted',
      actor: 'tickler',
      summary: `Resubmitted as ${kind === 'replacement' ? 'a replacement claim (frequency 7)' : 'a new claim'} (attempt ${state.submission.attempt + 1}); acknowledgement due by ${isoDateOfEpochMs(ackDueAt)}`,
    },
    phase: 'submitted',
    lastEvent: {
      kind: 'correction',
      on: today(ctx),
      description: kind === 'replacement' ? 'replacement claim, frequency 7' : 'new claim',
    },
    submission: {
      attempt: state.submission.attempt + 1,
      kind,
      submittedAt: ctx.now,
      acknowledgement: 'awaiting',
      ackDueAt,
    },
    nextCheckAt: first?.at ?? null,
  };
}

interface Alarm {
  at: number;
  key: string;
  /** Reminders of one deadline share a series: when several are overdue, only the latest fires. */
  series?: string;
  fire: (state: ClaimState, workflowId: string, ctx: LifecycleContext) => Transition;
}

/** Every clock the claim has besides the next check: reminders, escalations, acknowledgement waits. */
function alarms(state: ClaimState): Alarm[] {
  if (!isOpen(state)) return [];
  const time = state.cadence.checkTimeUtc;
  const list: Alarm[] = [];
  const given = new Set(state.alertsGiven);
  const add = (alarm: Alarm) => {
    if (!given.has(alarm.key)) list.push(alarm);
  };

  // Acknowledgement: none within the window → confirm the submission went through.
  if (state.submission.acknowledgement === 'awaiting' && state.submission.ackDueAt !== undefined) {
    add({
      at: state.submission.ackDueAt,
      key: `ack:${state.submission.attempt}`,
      fire: (s, wf, ctx) => ({
        event: {
          kind: 'acknowledgement_overdue',
          actor: 'tickler',
          summary: `No acknowledgement for submission ${s.submission.attempt}: confirm it went through (an unacknowledged claim is not filed)`,
        },
        submission: { ...s.submission, acknowledgement: 'overdue' },
        alertsGiven: [`ack:${s.submission.attempt}`],
        openWorkItems: [
          workItem(
            s,
            wf,
            'confirm_submission',
            `Confirm submission ${s.submission.attempt} went through`,
            ctx,
          ),
        ],
      }),
    });
  }

  // Appeal: reminders before the level's deadline, and a lead told at the last one.
  const appeal = state.deadlines.find((d) => d.kind === 'appeal');
  if (appeal && state.phase === 'denied') {
    const reminderDays = lifecycleRules.appealReminderDays;
    for (const days of reminderDays) {
      const key = `appeal:${appeal.level ?? 1}:${appeal.due}:${days}`;
      const last = days === reminderDays.at(-1);
      add({
        at: atTimeUtc(addCalendarDays(appeal.due, -days), time),
        key,
        series: `appeal:${appeal.level ?? 1}:${appeal.due}`,
        fire: (s) => {
          const item = s.workItems.find((w) => w.kind === 'appeal');
          return {
            event: {
              kind: last ? 'escalated' : 'reminder',
              actor: 'tickler',
              summary: `${appeal.label} due ${appeal.due}: ${days} days left${last ? '; not filed, a lead is told' : ''}`,
            },
            alertsGiven: [key],
            ...(last && item
              ? { escalateWorkItems: [{ id: item.id, to: lifecycleRules.escalationOwner }] }
              : {}),
          };
        },
      });
    }
  }

  // Timely filing: while the claim is not accepted, reminders before the limit; past it, at risk.
  const filing = state.deadlines.find((d) => d.kind === 'timely_filing');
  const accepted =
    state.submission.acknowledgement === 'accepted' ||
    ['in_adjudication', 'denied', 'appealed', 'underpaid', 'paid'].includes(state.phase);
  if (filing && !accepted) {
    for (const days of lifecycleRules.timelyFilingReminderDays) {
      const key = `tf:${filing.due}:${days}`;
      add({
        at: atTimeUtc(addCalendarDays(filing.due, -days), time),
        key,
        series: `tf:${filing.due}`,
        fire: () => ({
          event: {
            kind: 'reminder',
            actor: 'tickler',
            summary: `Timely filing limit ${filing.due} in ${days} days and the claim is not accepted (${filing.basis})`,
          },
          alertsGiven: [key],
        }),
      });
    }
    const key = `tf:${filing.due}:past`;
    add({
      at: atTimeUtc(addCalendarDays(filing.due, 1), '00:00'),
      key,
      fire: (s, wf, ctx) => ({
        event: {
          kind: 'escalated',
          actor: 'tickler',
          summary: `Timely filing limit ${filing.due} passed before the claim was accepted: at risk, a lead is told`,
        },
        alertsGiven: [key],
        openWorkItems: [
          {
            ...workItem(
              s,
              wf,
              'timely_filing_risk',
              `Timely filing passed on ${filing.due}: prove timely filing or write off`,
              ctx,
            ),
            escalatedTo: lifecycleRules.escalationOwner,
          },
        ],
      }),
    });
  }

  // Work items left open past their due date go to a lead, once.
  for (const item of state.workItems) {
    if (!item.escalatesOn || item.escalatedTo || item.kind === 'appeal') continue;
    const key = `wi:${item.id}`;
    add({
      at: atTimeUtc(item.escalatesOn, time) + DAY,
      key,
      fire: () => ({
        event: {
          kind: 'escalated',
          actor: 'tickler',
          summary: `Work item "${item.title}" is past due (${item.dueOn}): a lead is told`,
        },
        alertsGiven: [key],
        escalateWorkItems: [{ id: item.id, to: lifecycleRules.escalationOwner }],
      }),
    });
  }

  // No status change for too long while waiting on the payer: call the payer or use its portal.
  const stuck = statusEscalationDue(state);
  if (stuck && openItems(state, 'status_escalation').length === 0) {
    const key = `stuck:${state.lastStatusChangeAt}`;
    add({
      at: stuck.at,
      key,
      fire: (s, wf, ctx) => ({
        event: { kind: 'escalated', actor: 'tickler', summary: `No status change: ${stuck.reason}` },
        alertsGiven: [key],
        openWorkItems: [
          workItem(s, wf, 'status_escalation', `Call the payer or check its portal: ${stuck.reason}`, ctx),
        ],
      }),
    });
  }
  return list;
}

/** When the claim next needs the workflow's attention, or `undefined` when only a message can wake it. */
export function nextWakeAt(state: ClaimState): number | undefined {
  const times = alarms(state).map((alarm) => alarm.at);
  const check = checkDueAt(state);
  if (check !== undefined) times.push(check);
  return times.length > 0 ? Math.min(...times) : undefined;
}

function checkDueAt(state: ClaimState): number | undefined {
  if (!isOpen(state) || state.nextCheckAt === undefined) return undefined;
  return state.snooze ? Math.max(state.snooze.until, state.nextCheckAt) : state.nextCheckAt;
}

/** What the clock asks for now: a due alarm's transition, a status check, or nothing. */
export function onClock(
  state: ClaimState,
  workflowId: string,
  ctx: LifecycleContext,
): { kind: 'transition'; transition: Transition } | { kind: 'check' } | undefined {
  // A due status check goes first: its answer may settle what an alarm would warn about.
  const check = checkDueAt(state);
  if (check !== undefined && check <= ctx.now) return { kind: 'check' };
  const overdue = alarms(state)
    .filter((alarm) => alarm.at <= ctx.now)
    .sort((a, b) => a.at - b.at);
  const due = overdue[0];
  if (due) {
    // A claim taken over late may have several reminders of one deadline overdue: give the latest only.
    const series = due.series ? overdue.filter((alarm) => alarm.series === due.series) : [due];
    const latest = series.at(-1)!;
    const transition = latest.fire(state, workflowId, ctx);
    const skipped = series.slice(0, -1).map((alarm) => alarm.key);
    return {
      kind: 'transition',
      transition: { ...transition, alertsGiven: [...skipped, ...(transition.alertsGiven ?? [])] },
    };
  }
  if (state.snooze && state.snooze.until <= ctx.now) {
    return {
      kind: 'transition',
      transition: {
        event: { kind: 'resumed', actor: 'tickler', summary: `Snooze ended: ${state.snooze.reason}` },
        snooze: null,
      },
    };
  }
  return undefined;
}

/** The next thing that will happen and when, for people and worklists. */
export function nextAction(state: ClaimState): { action: string; at?: number } {
  if (!isOpen(state)) return { action: 'none' };
  const item = state.workItems[0];
  if (item)
    return {
      action: item.title,
      at: atTimeUtc(item.dueOn ?? isoDateOfEpochMs(item.openedAt), state.cadence.checkTimeUtc),
    };
  const check = checkDueAt(state);
  if (check !== undefined)
    return {
      action: state.snooze ? `status check after snooze (${state.snooze.reason})` : 'status check',
      at: check,
    };
  return { action: 'wait for the payer' };
}

/** Each deadline with days left to breach (negative once passed). */
export function deadlinesWithTimeToBreach(
  state: ClaimState,
  now: number,
): (Deadline & { daysToBreach: number })[] {
  const day = isoDateOfEpochMs(now);
  return [...state.deadlines]
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
    .map((deadline) => ({ ...deadline, daysToBreach: calendarDaysBetween(day, deadline.due) }));
}

function cents(amount: number): string {
  return `$${(amount / 100).toFixed(2)}`;
}
