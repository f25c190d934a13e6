import { describe, expect, it } from 'vitest';
import { federalCalendar } from '../../src/domain/business-calendar';
import { defaultCadencePolicy } from '../../src/domain/data/cadence-policies';
import { seedPayerRuleSets } from '../../src/domain/data/payer-rules';
import { addCalendarDays, atTimeUtc } from '../../src/domain/dates';
import {
  type LifecycleContext,
  applyTransition,
  nextWakeAt,
  onClock,
  onRemittance,
  onStatus,
  onUpdate,
  startClaim,
  validateUpdate,
} from '../../src/domain/lifecycle';
import type { ClaimFacts } from '../../src/domain/lifecycle-types';

const rules = seedPayerRuleSets.find((r) => r.id === 'commercial-default')!;
const wf = 'claim-T1';

function claim(dateOfService: string, submittedOn: string): ClaimFacts {
  return {
    claimId: 'T1',
    clientId: 'c',
    payerId: 'sim-commercial',
    payerClass: 'commercial',
    payerOrder: 'primary',
    dateOfService,
    submittedOn,
    billedCents: 50_000,
    keyAccount: false,
    nextPayers: [],
  };
}

const at = (date: string): LifecycleContext => ({
  now: atTimeUtc(date, '15:00'),
  calendar: federalCalendar,
  rules,
});

describe('claim lifecycle rules', () => {
  it('for a claim taken over after several timely-filing reminders were due, gives only the latest reminder once', () => {
    // commercial-default: 90 days from the date of service (reference §4.3); 2026-09-01 + 90 = 2026-11-30.
    const ctx = at('2026-11-25');
    let state = startClaim(claim('2026-09-01', '2026-09-03'), defaultCadencePolicy, ctx);
    // The overdue first check goes first: its answer may settle what the alarms warn about.
    expect(onClock(state, wf, ctx)).toEqual({ kind: 'check' });
    // A1: received but not accepted, so the timely-filing clock still matters.
    state = applyTransition(state, onStatus(state, wf, { category: 'A1' }, defaultCadencePolicy, ctx));
    const given: string[] = [];
    for (let due = onClock(state, wf, ctx); due?.kind === 'transition'; due = onClock(state, wf, ctx)) {
      given.push(due.transition.event.summary);
      state = applyTransition(state, due.transition);
    }
    const reminders = given.filter((summary) => summary.startsWith('Timely filing limit'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain('in 7 days');
    // Its status just changed, so nothing is "stuck" yet.
    expect(given.filter((summary) => summary.startsWith('No status change'))).toEqual([]);
  });

  it('wakes for the earliest of the next check and the next reminder, and not at all once closed', () => {
    const ctx = at('2026-10-01');
    const state = startClaim(claim('2026-09-28', '2026-09-30'), defaultCadencePolicy, ctx);
    expect(nextWakeAt(state)).toBe(state.nextCheckAt);
    const closed = applyTransition(
      state,
      onUpdate(state, wf, { type: 'close', author: 'a', reason: 'voided' }, ctx),
    );
    expect(nextWakeAt(closed)).toBeUndefined();
    expect(
      validateUpdate(closed, { type: 'snooze', author: 'a', until: '2026-10-09', reason: 'x' }, ctx.now),
    ).toMatch(/closed/);
  });

  it('refuses a snooze past the nearest hard deadline and a correction when none is pending', () => {
    const ctx = at('2026-10-01');
    const state = startClaim(claim('2026-09-28', '2026-09-30'), defaultCadencePolicy, ctx);
    const filing = state.deadlines.find((d) => d.kind === 'timely_filing')!;
    expect(
      validateUpdate(
        state,
        { type: 'snooze', author: 'a', until: addCalendarDays(filing.due, 1), reason: 'x' },
        ctx.now,
      ),
    ).toMatch(/hard deadline/);
    expect(
      validateUpdate(state, { type: 'snooze', author: 'a', until: '2026-10-09', reason: 'x' }, ctx.now),
    ).toBeUndefined();
    expect(validateUpdate(state, { type: 'recordCorrectionSubmitted', author: 'a' }, ctx.now)).toMatch(
      /no correction/,
    );
  });

  it('sends a remittance coding error to a replacement claim that carries the payer claim number', () => {
    const ctx = at('2026-10-20');
    let state = startClaim(claim('2026-09-28', '2026-09-30'), defaultCadencePolicy, ctx);
    state = applyTransition(
      state,
      onRemittance(
        state,
        wf,
        {
          clp02: '4',
          chargeCents: 50_000,
          paidCents: 0,
          adjustments: [{ group: 'CO', carc: '4', amountCents: 50_000 }],
          remarks: [],
          payerClaimNumber: 'PCN-1',
          paidOn: '2026-10-20',
        },
        ctx,
      ),
    );
    expect(state.phase).toBe('needs_correction');
    const corrected = onUpdate(state, wf, { type: 'recordCorrectionSubmitted', author: 'a' }, ctx);
    expect(corrected.resubmit).toEqual({
      kind: 'replacement',
      frequencyCode: '7',
      payerClaimNumber: 'PCN-1',
    });
  });

  it('counts a repeated identical status as no change, and a new status as a change', () => {
    const ctx = at('2026-10-20');
    let state = startClaim(claim('2026-09-28', '2026-09-30'), defaultCadencePolicy, ctx);
    state = applyTransition(
      state,
      onStatus(state, wf, { category: 'P1', code: '20' }, defaultCadencePolicy, ctx),
    );
    state = applyTransition(
      state,
      onStatus(state, wf, { category: 'P1', code: '20' }, defaultCadencePolicy, ctx),
    );
    expect(state.checksWithoutChange).toBe(1);
    state = applyTransition(state, onStatus(state, wf, { category: 'P2' }, defaultCadencePolicy, ctx));
    expect(state.checksWithoutChange).toBe(0);
    expect(state.checks).toBe(3);
  });
});
