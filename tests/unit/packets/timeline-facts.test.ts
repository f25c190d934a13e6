import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/db/timeline';
import { federalCalendar } from '../../../src/domain/business-calendar';
import { defaultCadencePolicy } from '../../../src/domain/data/cadence-policies';
import { seedPayerRuleSets } from '../../../src/domain/data/payer-rules';
import { atTimeUtc } from '../../../src/domain/dates';
import {
  type LifecycleContext,
  type RemittanceEvent,
  applyTransition,
  onRemittance,
  onStatus,
  onUpdate,
  startClaim,
} from '../../../src/domain/lifecycle';
import type { ClaimState, Transition } from '../../../src/domain/lifecycle-types';
import {
  appealFiledAfter,
  firstAcceptance,
  lastDocumentsSent,
  lastRemittance,
  latestDenial,
  payerClaimNumberOf,
} from '../../../src/packets/timeline-facts';

const rules = seedPayerRuleSets.find((r) => r.id === 'medicare-ffs')!;
const wf = 'claim-T1';
const at = (date: string): LifecycleContext => ({
  now: atTimeUtc(date, '15:00'),
  calendar: federalCalendar,
  rules,
});

/**
 * Drives the real lifecycle and keeps its transitions as the transition activity writes them: the
 * event, its data and the whole transition, through JSON as PostgreSQL's jsonb keeps them.
 */
class Claim {
  state: ClaimState;
  readonly timeline: TimelineEvent[] = [];

  constructor() {
    this.state = startClaim(
      {
        claimId: 'T1',
        clientId: 'c',
        payerId: 'sim-medicare',
        payerClass: 'medicare_ffs',
        payerOrder: 'primary',
        dateOfService: '2026-09-01',
        submittedOn: '2026-09-03',
        billedCents: 125_000,
        keyAccount: false,
        nextPayers: [],
      },
      defaultCadencePolicy,
      at('2026-09-20'),
    );
  }

  apply(date: string, decide: (state: ClaimState, ctx: LifecycleContext) => Transition): this {
    const ctx = at(date);
    const transition = decide(this.state, ctx);
    this.state = applyTransition(this.state, transition);
    this.timeline.push({
      eventKey: `${wf}:t:${this.timeline.length + 1}`,
      claimId: 'T1',
      kind: transition.event.kind,
      occurredAt: new Date(ctx.now),
      actor: transition.event.actor,
      summary: transition.event.summary,
      data: JSON.parse(JSON.stringify({ ...(transition.event.data ?? {}), transition })),
    });
    return this;
  }

  status(date: string, category: string, code?: string, payerClaimNumber?: string): this {
    return this.apply(date, (state, ctx) =>
      onStatus(
        state,
        wf,
        { category, ...(code ? { code } : {}), ...(payerClaimNumber ? { payerClaimNumber } : {}) },
        defaultCadencePolicy,
        ctx,
      ),
    );
  }

  remittance(date: string, remit: Omit<RemittanceEvent, 'paidOn'>): this {
    return this.apply(date, (state, ctx) => onRemittance(state, wf, { ...remit, paidOn: date }, ctx));
  }

  denialRecorded(date: string, carc: string, noticeDate: string, rarcs?: string[]): this {
    return this.apply(date, (state, ctx) =>
      onUpdate(
        state,
        wf,
        {
          type: 'recordDenial',
          author: 'jane.doe',
          carc,
          group: 'CO',
          noticeDate,
          ...(rarcs ? { rarcs } : {}),
        },
        ctx,
      ),
    );
  }

  appealFiled(date: string, level: number): this {
    return this.apply(date, (state, ctx) =>
      onUpdate(state, wf, { type: 'recordAppealFiled', author: 'jane.doe', level, filedOn: date }, ctx),
    );
  }
}

describe("reading a claim's denial from its timeline", () => {
  it('when nothing was denied, then there is no denial', () => {
    const claim = new Claim().status('2026-09-20', 'P1', '20');
    expect(latestDenial(claim.timeline)).toBeUndefined();
  });

  it('when a person recorded a CO-197 denial, then its code, notice date and level 1 are read', () => {
    const claim = new Claim().status('2026-09-20', 'A2').denialRecorded('2026-10-06', '197', '2026-10-02');
    expect(latestDenial(claim.timeline)).toMatchObject({
      source: 'recorded',
      recordedBy: 'jane.doe',
      noticeDate: '2026-10-02',
      level: 1,
      adjustments: [{ group: 'CO', carc: '197' }],
      remarks: [],
    });
  });

  it('when an 835 denied the claim (CO-50 with N386, beside a PR deductible), then the denying codes are read, the deciding one first', () => {
    const claim = new Claim().remittance('2026-10-15', {
      clp02: '1',
      chargeCents: 125_000,
      paidCents: 0,
      adjustments: [
        { group: 'PR', carc: '1', amountCents: 20_000 },
        { group: 'CO', carc: '16', amountCents: 5_000 },
        { group: 'CO', carc: '50', amountCents: 100_000 },
      ],
      remarks: ['N386'],
      payerClaimNumber: '22126300123456',
    });
    expect(claim.state.phase).toBe('denied');
    expect(latestDenial(claim.timeline)).toMatchObject({
      source: 'remittance',
      noticeDate: '2026-10-15',
      level: 1,
      adjustments: [
        { group: 'CO', carc: '50' },
        { group: 'CO', carc: '16' },
      ],
      remarks: ['N386'],
    });
    expect(payerClaimNumberOf(claim.timeline)).toBe('22126300123456');
    expect(lastRemittance(claim.timeline)).toBe('2026-10-15');
  });

  it('when an 835 denial goes to a person rather than to an appeal (CO-96 with N30), then its codes are still read', () => {
    const claim = new Claim().remittance('2026-10-15', {
      clp02: '1',
      chargeCents: 125_000,
      paidCents: 0,
      adjustments: [{ group: 'CO', carc: '96', amountCents: 125_000 }],
      remarks: ['N30'],
    });
    expect(claim.state.phase).toBe('denied');
    expect(latestDenial(claim.timeline)).toMatchObject({
      source: 'remittance',
      adjustments: [{ group: 'CO', carc: '96' }],
      remarks: ['N30'],
    });
  });

  it('when the payer answered F2 to a status check, then the 277 status is the denial', () => {
    const claim = new Claim().status('2026-09-20', 'P1').status('2026-10-05', 'F2', '85');
    expect(latestDenial(claim.timeline)).toMatchObject({
      source: 'status',
      status: { category: 'F2', code: '85' },
      adjustments: [],
      noticeDate: '2026-10-05',
      level: 1,
    });
  });

  it('when level 1 was filed and the decision upheld the denial, then the new denial opens level 2, and the filing is found', () => {
    const claim = new Claim()
      .denialRecorded('2026-10-06', '50', '2026-10-02')
      .appealFiled('2026-10-20', 1)
      .denialRecorded('2026-12-10', '50', '2026-12-08');
    const denial = latestDenial(claim.timeline)!;
    expect(denial).toMatchObject({ level: 2, noticeDate: '2026-12-08' });
    expect(appealFiledAfter(claim.timeline, denial)).toBeUndefined();

    const filedAgain = claim.appealFiled('2026-12-20', 2);
    expect(appealFiledAfter(filedAgain.timeline, denial)).toEqual({ level: 2, filedOn: '2026-12-20' });
  });

  it('prefers adjustments and remarks carried as data to the words of the summary', () => {
    const event: TimelineEvent = {
      eventKey: 'k',
      claimId: 'T1',
      kind: 'remittance_received',
      occurredAt: new Date('2026-10-15T15:00:00Z'),
      actor: 'payer:sim-medicare',
      summary: 'Remittance denied',
      data: {
        adjustments: [
          { group: 'CO', carc: '45', amountCents: 10_000 },
          { group: 'CO', carc: '197', amountCents: 90_000 },
        ],
        remarks: ['N386'],
        reasons: ['CO-29 $1.00: the time limit for filing has passed — a denial'],
        transition: { phase: 'denied' },
      },
    };
    expect(latestDenial([event])).toMatchObject({
      adjustments: [{ group: 'CO', carc: '197' }],
      remarks: ['N386'],
    });
  });
});

describe('what the timeline says about enclosures', () => {
  it('finds the first day the payer held the claim, the last documents sent and the last remittance', () => {
    const claim = new Claim()
      .status('2026-09-20', 'A1')
      .status('2026-09-25', 'A2')
      .status('2026-10-05', 'R4')
      .apply('2026-10-08', (state, ctx) =>
        onUpdate(state, wf, { type: 'recordDocumentsSent', author: 'jane.doe', sentOn: '2026-10-07' }, ctx),
      );
    expect(firstAcceptance(claim.timeline)).toEqual({
      on: '2026-09-25',
      how: "the payer's status answer A2",
    });
    expect(lastDocumentsSent(claim.timeline)).toBe('2026-10-07');
    expect(lastRemittance(claim.timeline)).toBeUndefined();
  });

  it('has no acceptance while the payer has only received the claim (A1)', () => {
    expect(firstAcceptance(new Claim().status('2026-09-20', 'A1').timeline)).toBeUndefined();
  });
});
