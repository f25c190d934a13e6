import { randomUUID } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTimeSkippingServer } from '../../src/dev/temporal-binaries';
import { searchAttributeKeys } from '../../src/shared/search-attributes';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ClaimActivities } from '../../src/activities';
import { federalCalendar } from '../../src/domain/business-calendar';
import { defaultCadencePolicy } from '../../src/domain/data/cadence-policies';
import { seedPayerRuleSets } from '../../src/domain/data/payer-rules';
import { addCalendarDays, isoDateOfEpochMs } from '../../src/domain/dates';
import { type StatusEvent, onStatus } from '../../src/domain/lifecycle';
import type { ClaimFacts } from '../../src/domain/lifecycle-types';
import type { PayerRuleSet } from '../../src/domain/payer-rules';
import {
  type CheckClaimStatusInput,
  type ClaimFollowUpInput,
  type RecordTransitionsInput,
  type RegisterNextPayerClaimInput,
  type SubmitClaimInput,
  claimWorkflowId,
} from '../../src/shared/contracts';

export const DAY = 86_400_000;

const indexedTypes: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/** A time-skipping test server that knows Tickler's search attributes, as a real cluster would. */
export async function startWorkflowTestEnv(): Promise<TestWorkflowEnvironment> {
  const { env } = await startTimeSkippingServer();
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(
      Object.values(searchAttributeKeys).map((key) => [key.name, indexedTypes[key.type]!]),
    ),
  });
  return env;
}

export function ruleSet(id: string): PayerRuleSet {
  const found = seedPayerRuleSets.filter((r) => r.id === id).sort((a, b) => b.version - a.version)[0];
  if (!found) throw new Error(`no seeded rule set ${id}`);
  return found;
}

/**
 * Activity fakes typed as the real factory's return type. The status check answers from a script and
 * decides with the real lifecycle rules at the (skipped) time the server scheduled it; the rest record
 * what the workflow asked for.
 */
export function fakeActivities(script: StatusEvent[] | ((seq: number) => StatusEvent)) {
  const checks: (CheckClaimStatusInput & { at: number })[] = [];
  const recorded: RecordTransitionsInput['items'] = [];
  const submissions: SubmitClaimInput[] = [];
  const nextPayers: RegisterNextPayerClaimInput[] = [];
  const answer = (seq: number): StatusEvent =>
    typeof script === 'function' ? script(seq) : script[Math.min(seq, script.length) - 1]!;
  const activities: ClaimActivities = {
    async checkClaimStatus(input) {
      const at = activityInfo().currentAttemptScheduledTimestampMs;
      checks.push({ ...input, at });
      const transition = onStatus(input.state, input.workflowId, answer(input.seq), input.state.cadence, {
        now: at,
        calendar: federalCalendar,
        rules: ruleSet(input.rulesRef.id),
      });
      return { transition };
    },
    async recordTransitions(input) {
      recorded.push(...input.items);
    },
    async submitClaim(input) {
      submissions.push(input);
    },
    async registerNextPayerClaim(input) {
      nextPayers.push(input);
      return {
        claim: {
          ...baseClaim('CHILD', '2026-01-01'),
          claimId: `${input.parentClaimId}.S`,
          payerId: input.payerId,
          payerClass: 'commercial',
          payerOrder: input.order,
          billedCents: input.balanceCents,
        },
        cadence: defaultCadencePolicy,
        rules: ruleSet('commercial-default'),
      };
    },
  };
  const events = () => recorded.map((item) => item.transition.event);
  return { activities, checks, recorded, submissions, nextPayers, events };
}

export function baseClaim(
  claimId: string,
  submittedOn: string,
  overrides: Partial<ClaimFacts> = {},
): ClaimFacts {
  return {
    claimId,
    clientId: 'northside-clinic',
    payerId: 'sim-medicare',
    payerClass: 'medicare_ffs',
    payerOrder: 'primary',
    dateOfService: addCalendarDays(submittedOn, -3),
    submittedOn,
    billedCents: 48_000,
    keyAccount: false,
    nextPayers: [],
    ...overrides,
  };
}

/** A claim submitted `daysAgo` days before the test server's current time, and its workflow input. */
export async function claimInput(
  env: TestWorkflowEnvironment,
  options: { daysAgo?: number; claim?: Partial<ClaimFacts>; rules?: string } = {},
): Promise<ClaimFollowUpInput> {
  const now = await env.currentTimeMs();
  const claimId = `CLM-${randomUUID().slice(0, 8)}`;
  const submittedOn = isoDateOfEpochMs(now - (options.daysAgo ?? 10) * DAY);
  return {
    claim: baseClaim(claimId, submittedOn, options.claim),
    cadence: defaultCadencePolicy,
    rules: ruleSet(options.rules ?? 'medicare-ffs'),
  };
}

export async function startClaim(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundleWithSourceMap,
  activities: ClaimActivities,
  input: ClaimFollowUpInput,
) {
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  return {
    worker,
    run: <T>(fn: (handle: Awaited<ReturnType<typeof env.client.workflow.start>>) => Promise<T>) =>
      worker.runUntil(async () => {
        const handle = await env.client.workflow.start('claimFollowUp', {
          workflowId: claimWorkflowId(input.claim.claimId),
          taskQueue,
          args: [input],
        });
        return fn(handle);
      }),
  };
}
