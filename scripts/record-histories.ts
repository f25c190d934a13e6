/**
 * Records one workflow history per lifecycle path into `tests/histories/`, for the replay test
 * (`tests/workflows/replay.test.ts`). Each path is driven the way `tests/workflows/claim-follow-up.test.ts`
 * drives it, on its own time-skipping test server, with the same activity fakes and synthetic claims.
 *
 *   node --import tsx scripts/record-histories.ts            # every path
 *   node --import tsx scripts/record-histories.ts documents  # only the named ones
 *
 * After a workflow change that ships behind `patched()`, keep the files recorded before it (rename them)
 * and record again: see docs/workflow-changes.md.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DefaultLogger,
  Runtime,
  bundleWorkflowCode,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { isoDateOfEpochMs } from '../src/domain/dates';
import {
  type ClaimFollowUpInput,
  acknowledgementReceivedSignal,
  claimStateQuery,
  claimUpdates,
  claimViewQuery,
  remittanceReceivedSignal,
} from '../src/shared/contracts';
import { workflowsPath } from '../src/temporal/claim-worker';
import type { claimFollowUp } from '../src/workflows/claim-follow-up';
import { claimInput, fakeActivities, startClaim, startWorkflowTestEnv } from '../tests/workflows/support';

const historiesDir = path.resolve(__dirname, '../tests/histories');

/** Worker and client identities are `pid@host`: replay ignores them, so the files carry a fixed one. */
const RECORDER_IDENTITY = 'tickler-history-recorder';

const who = { author: 'jane.doe' };

interface Recording {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
}

/**
 * Drives one path to its end and returns the workflow whose history tells it; `runIds` names the runs to
 * keep when there is more than one (the file of run n > 1 is `<path>.run-<n>.json`).
 */
type Path = (r: Recording) => Promise<{ workflowId: string; runIds?: string[] }>;

/** Starts a claim, runs `drive` against it with a worker up, and returns its id. */
async function follow(
  { env, bundle }: Recording,
  fake: ReturnType<typeof fakeActivities>,
  input: ClaimFollowUpInput,
  drive: (handle: WorkflowHandle<typeof claimFollowUp>) => Promise<void>,
) {
  const { run } = await startClaim(env, bundle, fake.activities, input);
  return run(async (handle) => {
    await drive(handle);
    return { workflowId: handle.workflowId };
  });
}

const today = async (env: TestWorkflowEnvironment) => isoDateOfEpochMs(await env.currentTimeMs());

/** The paths of issue 4, point 1, by file name. */
const paths: Record<string, Path> = {
  'pending-paid': async (r) => {
    const fake = fakeActivities([
      { category: 'P1', code: '20' },
      { category: 'P1', code: '20' },
      { category: 'F1', code: '65' },
    ]);
    return follow(r, fake, await claimInput(r.env, { daysAgo: 0 }), async (handle) => {
      assert.equal((await handle.result()).closedReason, 'paid_in_full');
    });
  },

  'rejection-correction-paid': async (r) => {
    const fake = fakeActivities((seq) =>
      seq === 1 ? { category: 'A7', code: '21' } : { category: 'F1', code: '65' },
    );
    return follow(r, fake, await claimInput(r.env), async (handle) => {
      await r.env.sleep('10 days');
      assert.equal((await handle.query(claimViewQuery)).phase, 'needs_correction');
      await handle.executeUpdate(claimUpdates.recordCorrectionSubmitted, {
        args: [{ ...who, note: 'fixed NPI' }],
      });
      await handle.signal(acknowledgementReceivedSignal, {
        idempotencyKey: 'ack-1',
        kind: '277CA',
        accepted: true,
        category: 'A1',
      });
      assert.equal((await handle.result()).closedReason, 'paid_in_full');
    });
  },

  documents: async (r) => {
    const fake = fakeActivities((seq) => (seq === 1 ? { category: 'R4', code: '294' } : { category: 'F1' }));
    const input = await claimInput(r.env, {
      claim: { payerId: 'sim-commercial', payerClass: 'commercial' },
      rules: 'commercial-default',
    });
    return follow(r, fake, input, async (handle) => {
      await r.env.sleep('20 days');
      assert.equal((await handle.query(claimViewQuery)).phase, 'needs_documentation');
      await handle.executeUpdate(claimUpdates.recordDocumentsSent, {
        args: [{ ...who, sentOn: await today(r.env) }],
      });
      assert.equal((await handle.result()).closedReason, 'paid_in_full');
    });
  },

  'denial-appeal-paid': async (r) => {
    const fake = fakeActivities((seq) => (seq <= 1 ? { category: 'P1' } : { category: 'F1' }));
    return follow(r, fake, await claimInput(r.env), async (handle) => {
      await handle.executeUpdate(claimUpdates.recordDenial, {
        args: [{ ...who, carc: '197', group: 'CO', noticeDate: await today(r.env) }],
      });
      await r.env.sleep('118 days');
      assert.equal(fake.events().filter((e) => e.kind === 'reminder').length, 2);
      await handle.executeUpdate(claimUpdates.recordAppealFiled, {
        args: [{ ...who, level: 1, filedOn: await today(r.env) }],
      });
      assert.equal((await handle.result()).closedReason, 'paid_in_full');
    });
  },

  'appeal-upheld-written-off': async (r) => {
    const fake = fakeActivities([{ category: 'P1' }]);
    return follow(r, fake, await claimInput(r.env), async (handle) => {
      await handle.executeUpdate(claimUpdates.recordDenial, {
        args: [{ ...who, carc: '50', group: 'CO', noticeDate: await today(r.env) }],
      });
      await handle.executeUpdate(claimUpdates.recordAppealFiled, {
        args: [{ ...who, level: 1, filedOn: await today(r.env) }],
      });
      await r.env.sleep('30 days');
      await handle.executeUpdate(claimUpdates.recordDenial, {
        args: [{ ...who, carc: '50', group: 'CO', noticeDate: await today(r.env) }],
      });
      assert.equal((await handle.query(claimStateQuery)).appeal?.level, 2);
      await handle.executeUpdate(claimUpdates.close, {
        args: [{ ...who, reason: 'written_off', note: 'upheld at level 1' }],
      });
      assert.equal((await handle.result()).closedReason, 'written_off');
    });
  },

  'replacement-claim': async (r) => {
    const fake = fakeActivities([{ category: 'P1' }]);
    const input = await claimInput(r.env, {
      claim: { payerId: 'sim-commercial', payerClass: 'commercial' },
      rules: 'commercial-default',
    });
    return follow(r, fake, input, async (handle) => {
      await handle.signal(remittanceReceivedSignal, {
        idempotencyKey: '835:1001:CLM',
        clp02: '4',
        chargeCents: 48_000,
        paidCents: 0,
        adjustments: [{ group: 'CO', carc: '4', amountCents: 48_000 }],
        remarks: [],
        payerClaimNumber: 'PCN-7781',
        paidOn: await today(r.env),
      });
      await handle.executeUpdate(claimUpdates.recordCorrectionSubmitted, {
        args: [{ ...who, note: 'modifier fixed' }],
      });
      assert.equal(fake.submissions[0]?.frequencyCode, '7');
      await handle.terminate('history recorded');
    });
  },

  underpayment: async (r) => {
    const fake = fakeActivities([{ category: 'P1' }]);
    return follow(r, fake, await claimInput(r.env, { claim: { expectedCents: 40_000 } }), async (handle) => {
      const view = await handle.executeUpdate(claimUpdates.recordPayment, {
        args: [{ ...who, paidCents: 30_000, paidOn: await today(r.env) }],
      });
      assert.equal(view.phase, 'underpaid');
      await handle.terminate('history recorded');
    });
  },

  'zero-pay-contractual': async (r) => {
    const fake = fakeActivities([{ category: 'P1' }]);
    return follow(r, fake, await claimInput(r.env, { claim: { expectedCents: 0 } }), async (handle) => {
      await handle.signal(remittanceReceivedSignal, {
        idempotencyKey: '835:2002:CLM',
        clp02: '1',
        chargeCents: 48_000,
        paidCents: 0,
        adjustments: [{ group: 'CO', carc: '45', amountCents: 48_000 }],
        remarks: [],
        paidOn: await today(r.env),
      });
      assert.equal((await handle.result()).closedReason, 'written_off');
    });
  },

  'acknowledgement-overdue': async (r) => {
    const fake = fakeActivities((seq) => (seq === 1 ? { category: 'A6' } : { category: 'P1' }));
    return follow(r, fake, await claimInput(r.env), async (handle) => {
      await r.env.sleep('10 days');
      await handle.executeUpdate(claimUpdates.recordCorrectionSubmitted, { args: [who] });
      await r.env.sleep('5 days');
      const waiting = await handle.query(claimViewQuery);
      assert.ok(waiting.openWorkItems.some((w) => w.kind === 'confirm_submission'));
      await handle.signal(acknowledgementReceivedSignal, {
        idempotencyKey: 'ack-r',
        kind: '277CA',
        accepted: false,
        category: 'A3',
        code: '21',
      });
      assert.equal((await handle.query(claimViewQuery)).phase, 'needs_correction');
      await handle.terminate('history recorded');
    });
  },

  'secondary-payer': async (r) => {
    const fake = fakeActivities([{ category: 'P1' }]);
    const input = await claimInput(r.env, {
      claim: { nextPayers: [{ order: 'secondary', payerId: 'sim-commercial' }] },
    });
    return follow(r, fake, input, async (handle) => {
      await handle.executeUpdate(claimUpdates.recordPayment, {
        args: [{ ...who, paidCents: 38_400, paidOn: await today(r.env) }],
      });
      assert.equal((await handle.result()).closedReason, 'paid_in_full');
      assert.equal(fake.nextPayers.length, 1);
      await r.env.client.workflow.getHandle(`claim-${input.claim.claimId}.S`).terminate('history recorded');
    });
  },

  'status-escalation': async (r) => {
    const fake = fakeActivities([{ category: 'P1', code: '20' }]);
    return follow(r, fake, await claimInput(r.env, { daysAgo: 0 }), async (handle) => {
      await r.env.sleep('80 days');
      const view = await handle.query(claimViewQuery);
      assert.ok(view.openWorkItems.some((w) => w.kind === 'status_escalation'));
      await handle.terminate('history recorded');
    });
  },

  'timely-filing': async (r) => {
    const fake = fakeActivities([{ category: 'A7' }]);
    return follow(r, fake, await claimInput(r.env, { daysAgo: 300 }), async (handle) => {
      await r.env.sleep('90 days');
      const view = await handle.query(claimViewQuery);
      assert.ok(view.openWorkItems.some((w) => w.kind === 'timely_filing_risk'));
      await handle.terminate('history recorded');
    });
  },

  /** A run that reaches its event limit: the patch marker, the drain and the continue-as-new command. */
  'continue-as-new': async (r) => {
    const fake = fakeActivities(() => ({ category: 'P1', code: '20' }));
    const input = { ...(await claimInput(r.env, { daysAgo: 20 })), continueAsNewAfterEvents: 60 };
    const { run } = await startClaim(r.env, r.bundle, fake.activities, input);
    return run(async (handle) => {
      for (let week = 1; week <= 4; week += 1) {
        await handle.executeUpdate(claimUpdates.addNote, {
          args: [{ ...who, text: `week ${week}: still pending` }],
        });
        await r.env.sleep('7 days');
      }
      const first = r.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
      assert.equal((await first.describe()).status.name, 'CONTINUED_AS_NEW');
      const second = (await handle.describe()).runId;
      await handle.terminate('history recorded');
      // The first run ends in continue-as-new; the second starts from the state it carried.
      return { workflowId: handle.workflowId, runIds: [handle.firstExecutionRunId, second] };
    });
  },
};

/**
 * The history as `JSON.stringify` writes it (protobufjs JSON: 64-bit ids as strings, enums by name,
 * bytes in base64), read back by `History.fromObject`. Not the SDK's `historyToJSON`: it fails in this
 * install (see docs/workflow-changes.md). Identities are `pid@host`, which replay ignores: fixed here.
 */
function historyFileText(history: temporal.api.history.v1.IHistory): string {
  const fixIdentities = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(fixIdentities);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'identity' && typeof inner === 'string')
          (value as Record<string, unknown>)[key] = RECORDER_IDENTITY;
        else fixIdentities(inner);
      }
    }
  };
  const json = temporal.api.history.v1.History.create(history).toJSON();
  fixIdentities(json);
  return `${JSON.stringify(json, null, 2)}\n`;
}

async function main(names: string[]): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const unknown = names.filter((name) => !(name in paths));
  if (unknown.length > 0)
    throw new Error(`unknown paths: ${unknown.join(', ')}; known: ${Object.keys(paths).join(', ')}`);
  const bundle = await bundleWorkflowCode({ workflowsPath });
  for (const name of names.length > 0 ? names : Object.keys(paths)) {
    const env = await startWorkflowTestEnv();
    try {
      const { workflowId, runIds = [undefined] } = await paths[name]!({ env, bundle });
      for (const [i, runId] of runIds.entries()) {
        const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        const file = path.join(historiesDir, `${name}${i === 0 ? '' : `.run-${i + 1}`}.json`);
        await writeFile(file, historyFileText(history));
        console.log(
          `${name}: ${history.events?.length ?? 0} events -> ${path.relative(process.cwd(), file)}`,
        );
      }
    } finally {
      await env.teardown();
    }
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
