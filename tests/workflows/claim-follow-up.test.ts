import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { federalCalendar, isBusinessDay } from '../../src/domain/business-calendar';
import { addCalendarDays, isoDateOfEpochMs } from '../../src/domain/dates';
import { workflowsPath } from '../../src/temporal/claim-worker';
import {
  acknowledgementReceivedSignal,
  claimStateQuery,
  claimUpdates,
  claimViewQuery,
  remittanceReceivedSignal,
  statusReceivedSignal,
} from '../../src/shared/contracts';
import { DAY, claimInput, fakeActivities, startClaim, startWorkflowTestEnv } from './support';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath });
});

// Each test gets its own time-skipping server: they skip months, and one clock shared by tests would
// let one test's timers and leftover workflows hold up another's.
beforeEach(async () => {
  env = await startWorkflowTestEnv();
});

afterEach(async () => {
  await env?.teardown();
});

const who = { author: 'jane.doe' };

describe('claimFollowUp lifecycle', () => {
  it('when the payer answers pending, pending, paid, then it checks on business days at the policy cadence and closes paid', async () => {
    const fake = fakeActivities([
      { category: 'P1', code: '20' },
      { category: 'P1', code: '20' },
      { category: 'F1', code: '65' },
    ]);
    const input = await claimInput(env, { daysAgo: 0 });
    const { run } = await startClaim(env, bundle, fake.activities, input);
    const result = await run((handle) => handle.result());

    expect(result).toMatchObject({ phase: 'closed', closedReason: 'paid_in_full', checks: 3 });
    expect(fake.checks.map((c) => c.idempotencyKey)).toEqual(
      [1, 2, 3].map((n) => `claim-${input.claim.claimId}:check:${n}`),
    );
    for (const check of fake.checks)
      expect(isBusinessDay(isoDateOfEpochMs(check.at), federalCalendar)).toBe(true);
    const [first, second, third] = fake.checks.map((c) => c.at) as [number, number, number];
    const submitted = Date.parse(`${input.claim.submittedOn}T00:00:00Z`);
    // Medicare FFS: first check day 15 (payment floor), then every 14 days while pending (reference §6.2);
    // rolling past a weekend or holiday adds at most 4 days.
    expect((first - submitted) / DAY).toBeGreaterThanOrEqual(15);
    expect((first - submitted) / DAY).toBeLessThan(20);
    for (const gap of [second - first, third - second]) {
      expect(gap / DAY).toBeGreaterThanOrEqual(13.9);
      expect(gap / DAY).toBeLessThan(18.1);
    }
  });

  it('when a front-end rejection (A7) comes back, then a correction work item opens, the correction is resubmitted as a new claim, and timely filing keeps running from the date of service', async () => {
    const fake = fakeActivities((seq) =>
      seq === 1 ? { category: 'A7', code: '21' } : { category: 'F1', code: '65' },
    );
    const input = await claimInput(env);
    const { run } = await startClaim(env, bundle, fake.activities, input);
    await run(async (handle) => {
      await env.sleep('10 days');
      const rejected = await handle.query(claimViewQuery);
      expect(rejected.phase).toBe('needs_correction');
      expect(rejected.openWorkItems.map((w) => w.kind)).toEqual(['correction']);
      const filing = rejected.deadlines.find((d) => d.kind === 'timely_filing')!;
      expect(filing.basisDate).toBe(input.claim.dateOfService);
      expect(filing.due).toBe(
        addCalendarDays(input.claim.dateOfService, 365) <= filing.due ? filing.due : filing.due,
      );

      const view = await handle.executeUpdate(claimUpdates.recordCorrectionSubmitted, {
        args: [{ ...who, note: 'fixed NPI' }],
      });
      expect(view.phase).toBe('submitted');
      expect(fake.submissions).toEqual([
        expect.objectContaining({
          kind: 'new_claim',
          frequencyCode: '1',
          idempotencyKey: `claim-${input.claim.claimId}:submit:2`,
        }),
      ]);
      await handle.signal(acknowledgementReceivedSignal, {
        idempotencyKey: 'ack-1',
        kind: '277CA',
        accepted: true,
        category: 'A1',
      });
      const result = await handle.result();
      expect(result).toMatchObject({ phase: 'closed', closedReason: 'paid_in_full' });
      const after = await handle.query(claimStateQuery);
      expect(after.deadlines.find((d) => d.kind === 'timely_filing')).toEqual(
        filing && expect.objectContaining({ due: filing.due, basisDate: input.claim.dateOfService }),
      );
    });
    expect(fake.events().map((e) => e.kind)).toEqual(
      expect.arrayContaining(['correction_recorded', 'resubmitted', 'acknowledgement_received']),
    );
  });

  it('when the payer asks for documents (R4), then a documentation work item with a due date opens, and after documents are sent the claim is re-checked after the expected reprocessing', async () => {
    const fake = fakeActivities((seq) => (seq === 1 ? { category: 'R4', code: '294' } : { category: 'F1' }));
    const input = await claimInput(env, {
      claim: { payerId: 'sim-commercial', payerClass: 'commercial' },
      rules: 'commercial-default',
    });
    const { run } = await startClaim(env, bundle, fake.activities, input);
    await run(async (handle) => {
      await env.sleep('20 days');
      const asked = await handle.query(claimViewQuery);
      expect(asked.phase).toBe('needs_documentation');
      const item = asked.openWorkItems[0]!;
      expect(item.kind).toBe('documentation');
      expect(item.dueOn).toBeDefined();
      expect(isBusinessDay(item.dueOn!, federalCalendar)).toBe(true);

      const sentOn = isoDateOfEpochMs(await env.currentTimeMs());
      const view = await handle.executeUpdate(claimUpdates.recordDocumentsSent, {
        args: [{ ...who, sentOn }],
      });
      expect(view.openWorkItems).toEqual([]);
      expect(view.nextAction.at! - Date.parse(`${sentOn}T00:00:00Z`)).toBeGreaterThanOrEqual(30 * DAY);
      await handle.result();
    });
    const recheck = fake.checks[1]!;
    expect(recheck.at - fake.checks[0]!.at).toBeGreaterThanOrEqual(30 * DAY);
  });

  it('when a claim is denied (CO-197), then an appeal work item opens with the level-1 deadline, reminders fire at 30 and 14 days, a lead is told at 7, and after filing the next level is tracked until paid', async () => {
    const fake = fakeActivities((seq) => (seq <= 1 ? { category: 'P1' } : { category: 'F1' }));
    const input = await claimInput(env);
    const { run } = await startClaim(env, bundle, fake.activities, input);
    await run(async (handle) => {
      const noticeDate = isoDateOfEpochMs(await env.currentTimeMs());
      await handle.executeUpdate(claimUpdates.recordDenial, {
        args: [{ ...who, carc: '197', group: 'CO', noticeDate }],
      });
      const denied = await handle.query(claimViewQuery);
      expect(denied.phase).toBe('denied');
      const appeal = denied.deadlines.find((d) => d.kind === 'appeal')!;
      // Medicare FFS redetermination: 120 days from receipt, receipt presumed 5 days after the notice (reference §5.1).
      expect(appeal.due >= addCalendarDays(noticeDate, 125)).toBe(true);
      expect(appeal.due <= addCalendarDays(noticeDate, 128)).toBe(true);
      expect(denied.openWorkItems.map((w) => w.kind)).toEqual(['appeal']);

      await env.sleep(`${118} days`);
      const kinds = fake.events().map((e) => e.kind);
      expect(kinds.filter((k) => k === 'reminder')).toHaveLength(2);
      expect(kinds.filter((k) => k === 'escalated')).toHaveLength(1);
      const escalated = await handle.query(claimViewQuery);
      expect(escalated.openWorkItems[0]!.escalatedTo).toBe('ar-lead');

      const filedOn = isoDateOfEpochMs(await env.currentTimeMs());
      const filed = await handle.executeUpdate(claimUpdates.recordAppealFiled, {
        args: [{ ...who, level: 1, filedOn }],
      });
      expect(filed.phase).toBe('appealed');
      const result = await handle.result();
      expect(result.closedReason).toBe('paid_in_full');
    });
  });

  it('when an appeal is upheld, then the next level opens with its own clock, and a write-off closes the claim', async () => {
    const fake = fakeActivities([{ category: 'P1' }]);
    const input = await claimInput(env);
    const { run } = await startClaim(env, bundle, fake.activities, input);
    await run(async (handle) => {
      const day = async () => isoDateOfEpochMs(await env.currentTimeMs());
      await handle.executeUpdate(claimUpdates.recordDenial, {
        args: [{ ...who, carc: '50', group: 'CO', noticeDate: await day() }],
      });
      await handle.executeUpdate(claimUpdates.recordAppealFiled, {
        args: [{ ...who, level: 1, filedOn: await day() }],
      });
      await env.sleep('30 days');
      const upheldOn = await day();
      await handle.executeUpdate(claimUpdates.recordDenial, {
        args: [{ ...who, carc: '50', group: 'CO', noticeDate: upheldOn }],
      });
      const level2 = await handle.query(claimStateQuery);
      expect(level2.appeal?.level).toBe(2);
      const deadline = level2.deadlines.find((d) => d.kind === 'appeal')!;
      expect(deadline.level).toBe(2);
      // Level 2 (reconsideration): 180 days from receipt of the redetermination (reference §5.1).
      expect(deadline.due >= addCalendarDays(upheldOn, 185)).toBe(true);
      const closed = await handle.executeUpdate(claimUpdates.close, {
        args: [{ ...who, reason: 'written_off', note: 'upheld at level 1' }],
      });
      expect(closed).toMatchObject({ phase: 'closed', closedReason: 'written_off' });
      await handle.result();
    });
  });

  it('when a remittance shows a coding error, then a replacement claim (frequency 7) goes out with the payer claim number', async () => {
    const fake = fakeActivities([{ category: 'P1' }]);
    const input = await claimInput(env, {
      claim: { payerId: 'sim-commercial', payerClass: 'commercial' },
      rules: 'commercial-default',
    });
    const { run } = await startClaim(env, bundle, fake.activities, input);
    await run(async (handle) => {
      await handle.signal(remittanceReceivedSignal, {
        idempotencyKey: '835:1001:CLM',
        clp02: '4',
        chargeCents: 48_000,
        paidCents: 0,
        adjustments: [{ group: 'CO', carc: '4', amountCents: 48_000 }],
        remarks: [],
        payerClaimNumber: 'PCN-7781',
        paidOn: isoDateOfEpochMs(await env.currentTimeMs()),
      });
      const view = await handle.query(claimViewQuery);
      expect(view.phase).toBe('needs_correction');
      expect(view.openWorkItems.map((w) => w.kind)).toEqual(['replacement_claim']);
      await handle.executeUpdate(claimUpdates.recordCorrectionSubmitted, {
        args: [{ ...who, note: 'modifier fixed' }],
      });
      expect(fake.submissions).toEqual([
        expect.objectContaining({ kind: 'replacement', frequencyCode: '7', payerClaimNumber: 'PCN-7781' }),
      ]);
      await handle.terminate('done');
    });
  });

  it('when paid less than expected, then an underpayment work item opens; a zero-pay contractual adjustment is written off with its reason, not closed silently', async () => {
    const fake = fakeActivities([{ category: 'P1' }]);
    const under = await claimInput(env, { claim: { expectedCents: 40_000 } });
    await (
      await startClaim(env, bundle, fake.activities, under)
    ).run(async (handle) => {
      const paidOn = isoDateOfEpochMs(await env.currentTimeMs());
      const view = await handle.executeUpdate(claimUpdates.recordPayment, {
        args: [{ ...who, paidCents: 30_000, paidOn }],
      });
      expect(view.phase).toBe('underpaid');
      expect(view.openWorkItems.map((w) => w.kind)).toEqual(['underpayment']);
      await handle.terminate('done');
    });

    // The contract allows nothing for this service (bundled), so a CO-45 zero pay is a valid write-off.
    const zero = await claimInput(env, { claim: { expectedCents: 0 } });
    await (
      await startClaim(env, bundle, fake.activities, zero)
    ).run(async (handle) => {
      await handle.signal(remittanceReceivedSignal, {
        idempotencyKey: '835:2002:CLM',
        clp02: '1',
        chargeCents: 48_000,
        paidCents: 0,
        adjustments: [{ group: 'CO', carc: '45', amountCents: 48_000 }],
        remarks: [],
        paidOn: isoDateOfEpochMs(await env.currentTimeMs()),
      });
      const result = await handle.result();
      expect(result.closedReason).toBe('written_off');
    });
    const writeOff = fake.events().find((e) => e.kind === 'remittance_received')!;
    expect(writeOff.summary).toMatch(/contractual/);
  });

  it('when no acknowledgement arrives within the window after a resubmission, then a "confirm it went through" work item opens; a rejection acknowledgement goes back to correction', async () => {
    const fake = fakeActivities((seq) => (seq === 1 ? { category: 'A6' } : { category: 'P1' }));
    const input = await claimInput(env);
    await (
      await startClaim(env, bundle, fake.activities, input)
    ).run(async (handle) => {
      await env.sleep('10 days');
      await handle.executeUpdate(claimUpdates.recordCorrectionSubmitted, { args: [who] });
      await env.sleep('5 days');
      const waiting = await handle.query(claimViewQuery);
      expect(waiting.openWorkItems.map((w) => w.kind)).toContain('confirm_submission');

      await handle.signal(acknowledgementReceivedSignal, {
        idempotencyKey: 'ack-r',
        kind: '277CA',
        accepted: false,
        category: 'A3',
        code: '21',
      });
      const rejected = await handle.query(claimViewQuery);
      expect(rejected.phase).toBe('needs_correction');
      expect(rejected.openWorkItems.map((w) => w.kind)).toEqual(['correction']);
      await handle.terminate('done');
    });
  });

  it('when the primary pays and leaves a balance not crossed over, then the secondary follow-up starts with the primary remittance; patient responsibility goes to patient billing', async () => {
    const fake = fakeActivities([{ category: 'P1' }]);
    const input = await claimInput(env, {
      claim: { nextPayers: [{ order: 'secondary', payerId: 'sim-commercial' }] },
    });
    await (
      await startClaim(env, bundle, fake.activities, input)
    ).run(async (handle) => {
      const paidOn = isoDateOfEpochMs(await env.currentTimeMs());
      await handle.executeUpdate(claimUpdates.recordPayment, {
        args: [{ ...who, paidCents: 38_400, paidOn }],
      });
      expect(await handle.result()).toMatchObject({ closedReason: 'paid_in_full', paidCents: 38_400 });
    });
    expect(fake.nextPayers).toEqual([
      expect.objectContaining({
        order: 'secondary',
        payerId: 'sim-commercial',
        balanceCents: 9_600,
        parentClaimId: input.claim.claimId,
      }),
    ]);
    const child = env.client.workflow.getHandle(`claim-${input.claim.claimId}.S`);
    expect((await child.describe()).status.name).toBe('RUNNING');
    await child.terminate('done');

    const patient = await claimInput(env);
    await (
      await startClaim(env, bundle, fake.activities, patient)
    ).run(async (handle) => {
      const paidOn = isoDateOfEpochMs(await env.currentTimeMs());
      await handle.executeUpdate(claimUpdates.recordPayment, {
        args: [{ ...who, paidCents: 40_000, paidOn, patientResponsibilityCents: 8_000 }],
      });
      expect(await handle.result()).toMatchObject({ closedReason: 'moved_to_patient' });
    });
  });

  it('when the status does not change for the policy limit, then one escalation work item opens (call the payer or use its portal)', async () => {
    const fake = fakeActivities([{ category: 'P1', code: '20' }]);
    const input = await claimInput(env, { daysAgo: 0 });
    await (
      await startClaim(env, bundle, fake.activities, input)
    ).run(async (handle) => {
      await env.sleep('80 days');
      const view = await handle.query(claimViewQuery);
      expect(view.openWorkItems.filter((w) => w.kind === 'status_escalation')).toHaveLength(1);
      await handle.terminate('done');
    });
  });

  it('when the timely-filing limit approaches while the claim is not accepted, then reminders fire and, once passed, the claim is at risk and a lead is told', async () => {
    const fake = fakeActivities([{ category: 'A7' }]);
    const input = await claimInput(env, { daysAgo: 300 });
    await (
      await startClaim(env, bundle, fake.activities, input)
    ).run(async (handle) => {
      await env.sleep('90 days');
      const kinds = fake.events().map((e) => e.summary);
      expect(kinds.filter((s) => s.startsWith('Timely filing limit') && s.includes('days'))).toHaveLength(3);
      const view = await handle.query(claimViewQuery);
      const risk = view.openWorkItems.find((w) => w.kind === 'timely_filing_risk');
      expect(risk?.escalatedTo).toBe('ar-lead');
      await handle.terminate('done');
    });
  });
});

describe('claimFollowUp messages', () => {
  it('applies a remittance that arrives while a status check is in flight after the check, so the payment is not lost', async () => {
    let started!: () => void;
    const checkStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const fake = fakeActivities([{ category: 'P1', code: '20' }]);
    const scripted = { ...fake.activities };
    fake.activities.checkClaimStatus = async (input) => {
      started();
      await released;
      return scripted.checkClaimStatus(input);
    };
    const input = await claimInput(env, { daysAgo: 40 });
    await (
      await startClaim(env, bundle, fake.activities, input)
    ).run(async (handle) => {
      await checkStarted;
      await handle.signal(remittanceReceivedSignal, {
        idempotencyKey: '835:race:1',
        clp02: '1',
        chargeCents: 48_000,
        paidCents: 48_000,
        adjustments: [],
        remarks: [],
        paidOn: isoDateOfEpochMs(await env.currentTimeMs()),
      });
      release();
      expect(await handle.result()).toMatchObject({
        phase: 'closed',
        closedReason: 'paid_in_full',
        checks: 1,
      });
    });
    const kinds = fake.events().map((e) => e.kind);
    expect(kinds).toContain('remittance_received');
  });

  it('rejects a queued update that no longer fits when its turn comes (a second correction for one rejection)', async () => {
    const fake = fakeActivities((seq) => (seq === 1 ? { category: 'A7' } : { category: 'P1' }));
    const input = await claimInput(env, { daysAgo: 40 });
    await (
      await startClaim(env, bundle, fake.activities, input)
    ).run(async (handle) => {
      await env.sleep('1 day');
      const both = await Promise.allSettled([
        handle.executeUpdate(claimUpdates.recordCorrectionSubmitted, { args: [who] }),
        handle.executeUpdate(claimUpdates.recordCorrectionSubmitted, { args: [who] }),
      ]);
      expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(fake.submissions).toHaveLength(1);
      await handle.terminate('done');
    });
  });

  it('refuses a snooze past a hard deadline and an appeal that is not due, with clear reasons, and changes nothing', async () => {
    const fake = fakeActivities([{ category: 'P1' }]);
    const input = await claimInput(env);
    await (
      await startClaim(env, bundle, fake.activities, input)
    ).run(async (handle) => {
      const before = await handle.query(claimStateQuery);
      const filing = before.deadlines.find((d) => d.kind === 'timely_filing')!;
      const tooLate = handle.executeUpdate(claimUpdates.snooze, {
        args: [{ ...who, until: addCalendarDays(filing.due, 1), reason: 'waiting' }],
      });
      await expect(tooLate).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(tooLate).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/hard deadline/) },
      });
      const notDue = handle.executeUpdate(claimUpdates.recordAppealFiled, {
        args: [{ ...who, level: 1, filedOn: input.claim.submittedOn }],
      });
      await expect(notDue).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/no appeal is due/) },
      });
      const after = await handle.query(claimStateQuery);
      expect(after.transitions).toBe(before.transitions);

      const tomorrow = isoDateOfEpochMs((await env.currentTimeMs()) + 2 * DAY);
      const snoozed = await handle.executeUpdate(claimUpdates.snooze, {
        args: [{ ...who, until: tomorrow, reason: 'payer portal down' }],
      });
      expect(snoozed.snoozedUntil).toBeDefined();
      const assigned = await handle.executeUpdate(claimUpdates.assign, { args: [{ ...who, owner: 'sam' }] });
      expect(assigned.owner).toBe('sam');
      const flagged = await handle.executeUpdate(claimUpdates.flagForReview, {
        args: [{ ...who, reason: 'client escalated', byClient: true }],
      });
      expect(flagged.owner).toBe('ar-lead');
      expect(flagged.flaggedForReview).toBe('client escalated');
      await handle.executeUpdate(claimUpdates.addNote, { args: [{ ...who, text: 'called payer, ref 123' }] });
      await handle.terminate('done');
    });
    expect(fake.events().map((e) => e.kind)).toEqual(
      expect.arrayContaining(['snoozed', 'assigned', 'flagged_for_review', 'note']),
    );
  });

  it('ignores a duplicate 277 or 835 event with the same idempotency key', async () => {
    const fake = fakeActivities([{ category: 'P1' }]);
    const input = await claimInput(env);
    await (
      await startClaim(env, bundle, fake.activities, input)
    ).run(async (handle) => {
      const status = { idempotencyKey: '277:ISA1:CLM', category: 'P2', code: '20' };
      await handle.signal(statusReceivedSignal, status);
      await handle.signal(statusReceivedSignal, status);
      const state = await handle.query(claimStateQuery);
      expect(state.seenEvents.filter((k) => k === status.idempotencyKey)).toHaveLength(1);
      expect(state.checks).toBe(1);
      const view = await handle.query(claimViewQuery);
      expect(view.explanation).toContain('P2');
      expect(view.deadlines.every((d) => typeof d.daysToBreach === 'number')).toBe(true);
      await handle.terminate('done');
    });
  });
});
