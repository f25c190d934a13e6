import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Router } from 'express';
import { type ClientScope, inScope } from '../auth/actor';
import { noteForAudit } from '../auth/audit';
import { actorOf, requirePermission } from '../auth/middleware';
import { federalCalendar } from '../domain/business-calendar';
import { projectionOf, searchAttributesOf } from '../domain/claim-view';
import { startClaim } from '../domain/lifecycle';
import { isoDateOfEpochMs } from '../domain/dates';
import type { PayerOrder } from '../domain/lifecycle-types';
import {
  type ClaimParties,
  findClaimParties,
  insertClaimParties,
  saveClaimParties,
} from '../db/claim-parties';
import { type ClaimRecord, findClaim, findClaimState, initClaimState, insertClaim } from '../db/claims';
import { type Db, withTransaction } from '../db/pool';
import { currentCadenceFor, currentPayerRules, findPayer } from '../db/reference-data';
import { appendTimelineEvent, listTimeline } from '../db/timeline';
import { listWorkItems } from '../db/work-items';
import { type ClaimFollowUpInput, claimWorkflowId } from '../shared/contracts';
import { typedSearchAttributes } from '../shared/search-attributes';
import type { claimFollowUp } from '../workflows';
import { findClaimInScope } from './claim-access';
import { HttpError } from './errors';
import { type ClaimView, type CreateClaimBody, claimPartiesSchema, createClaimSchema } from './schemas';

export interface ClaimRoutesDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  now: () => number;
}

const registryFields = [
  'clientId',
  'payerId',
  'patientAccountRef',
  'dateOfService',
  'throughDate',
  'billedCents',
  'submittedOn',
  'expectedCents',
  'secondaryPayerId',
  'tertiaryPayerId',
] as const satisfies readonly (keyof CreateClaimBody & keyof ClaimRecord)[];

const partyFields = [
  'subscriber',
  'patient',
  'billingProvider',
] as const satisfies readonly (keyof CreateClaimBody & keyof ClaimParties)[];

/** The claim's parties from an intake body, when it gives them (the schema requires them together). */
function partiesOf(body: CreateClaimBody): ClaimParties | undefined {
  if (!body.subscriber || !body.billingProvider) return undefined;
  return {
    subscriber: body.subscriber,
    ...(body.patient ? { patient: body.patient } : {}),
    billingProvider: body.billingProvider,
  };
}

/** Order-insensitive equality of two JSON-like values (objects from the body and from PostgreSQL). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) =>
    sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

export function claimRoutes(deps: ClaimRoutesDeps): Router {
  const router = Router();

  /**
   * Intake. The registry row and the workflow start are both idempotent, so repeating a request
   * finishes a half-done intake: 201 when this call created the claim, 200 when it already existed
   * with the same body, 409 when the same claim id arrives with a different body.
   */
  router.post('/claims', requirePermission('claims.create'), async (req, res) => {
    const body = createClaimSchema.parse(req.body);
    const actor = actorOf(res);
    noteForAudit(res, { target: body.claimId, clientId: body.clientId });
    if (!inScope(actor.clients, body.clientId)) {
      throw new HttpError(403, 'forbidden', `Claims of client ${body.clientId} are outside your clients`, [
        { field: 'clientId', message: 'not one of your clients' },
      ]);
    }
    const today = isoDateOfEpochMs(deps.now());
    const future = (['dateOfService', 'submittedOn'] as const).filter((field) => body[field] > today);
    if (future.length > 0) {
      throw HttpError.badRequest(
        future.map((field) => ({ field, message: `cannot be after today (${today})` })),
      );
    }
    const payerFields = (['payerId', 'secondaryPayerId', 'tertiaryPayerId'] as const).filter(
      (field) => body[field] !== undefined,
    );
    const payers = await Promise.all(payerFields.map((field) => findPayer(deps.db, body[field]!)));
    const unknown = payerFields.filter((_, i) => !payers[i]);
    if (unknown.length > 0) {
      throw HttpError.badRequest(
        unknown.map((field) => ({ field, message: `unknown payer "${body[field]}"` })),
      );
    }
    const payer = payers[0]!;
    const now = deps.now();
    const cadence = await currentCadenceFor(deps.db, body.clientId);
    const rules = await currentPayerRules(deps.db, payer.payerId, now);
    if (!rules) throw new Error(`Payer ${payer.payerId} has no rule set in force`);
    // A key account is a client with a cadence profile; the effective policy names it when there is one.
    const keyAccount = cadence.profile !== undefined;

    const workflowId = claimWorkflowId(body.claimId);
    const nextPayers: { order: Exclude<PayerOrder, 'primary'>; payerId: string }[] = [];
    if (body.secondaryPayerId) nextPayers.push({ order: 'secondary', payerId: body.secondaryPayerId });
    if (body.tertiaryPayerId) nextPayers.push({ order: 'tertiary', payerId: body.tertiaryPayerId });
    const input: ClaimFollowUpInput = {
      claim: {
        claimId: body.claimId,
        clientId: body.clientId,
        payerId: body.payerId,
        payerClass: payer.payerClass,
        payerOrder: 'primary',
        dateOfService: body.dateOfService,
        ...(body.throughDate ? { throughDate: body.throughDate } : {}),
        submittedOn: body.submittedOn,
        billedCents: body.billedCents,
        ...(body.expectedCents !== undefined ? { expectedCents: body.expectedCents } : {}),
        keyAccount,
        nextPayers,
      },
      cadence,
      rules,
    };
    const firstState = startClaim(input.claim, cadence, { now, calendar: federalCalendar, rules });
    const projection = projectionOf(firstState, now);
    const parties = partiesOf(body);
    const created = await withTransaction(deps.db, async (tx) => {
      if (!(await insertClaim(tx, { ...body, workflowId, keyAccount }))) {
        const [existing, existingParties] = await Promise.all([
          findClaim(tx, body.claimId, actor.clients),
          findClaimParties(tx, body.claimId, actor.clients),
        ]);
        // The id is taken by a claim of a client the caller may not see: say no more than that.
        if (!existing)
          throw new HttpError(409, 'claim_conflict', `Claim id ${body.claimId} is already in use`);
        const differing: string[] = registryFields.filter((field) => existing?.[field] !== body[field]);
        differing.push(...partyFields.filter((field) => !sameValue(existingParties?.[field], body[field])));
        if (differing.length > 0) {
          throw new HttpError(
            409,
            'claim_conflict',
            `Claim ${body.claimId} already exists with a different ${differing.join(', ')}`,
            differing.map((field) => ({ field, message: 'differs from the registered claim' })),
          );
        }
        return false;
      }
      if (parties) await insertClaimParties(tx, body.claimId, parties);
      await initClaimState(tx, body.claimId, projection);
      await appendTimelineEvent(tx, {
        eventKey: `${workflowId}:intake`,
        claimId: body.claimId,
        kind: 'claim_received',
        occurredAt: new Date(now),
        actor: actor.id,
        summary: `Received: ${projection.explanation}`,
        data: {
          payerId: body.payerId,
          cadence: { policyId: cadence.id, version: cadence.version },
          rules: { ruleSetId: rules.id, version: rules.version },
        },
      });
      return true;
    });

    try {
      await deps.temporal.workflow.start<typeof claimFollowUp>('claimFollowUp', {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: typedSearchAttributes(searchAttributesOf(firstState, now)),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    res.status(created ? 201 : 200).json(await claimView(deps.db, body.claimId, actor.clients));
  });

  /**
   * Gives or corrects the subscriber, dependent patient and billing provider of a registered claim (a
   * claim taken in without them, or a member id the payer did not recognise). The next X12 status check
   * reads them; the timeline records that they changed, without their values.
   */
  router.put('/claims/:claimId/parties', requirePermission('claims.parties.write'), async (req, res) => {
    const parties = claimPartiesSchema.parse(req.body);
    const actor = actorOf(res);
    const claimId = await withTransaction(deps.db, async (tx) => {
      const claim = await findClaimInScope(tx, res, req.params.claimId);
      const before = await findClaimParties(tx, claim.claimId, actor.clients);
      const changed = partyFields.filter((field) => !sameValue(before?.[field], parties[field]));
      if (changed.length === 0) return claim.claimId;
      await saveClaimParties(tx, claim.claimId, parties);
      const now = deps.now();
      await appendTimelineEvent(tx, {
        eventKey: `${claim.workflowId}:parties:${now}`,
        claimId: claim.claimId,
        kind: 'parties_updated',
        occurredAt: new Date(now),
        actor: actor.id,
        summary: before
          ? `Claim parties corrected: ${changed.join(', ')}`
          : 'Claim parties recorded: status can now be checked over X12',
        data: { changed },
      });
      return claim.claimId;
    });
    res.json(await claimView(deps.db, claimId, actor.clients));
  });

  router.get('/claims/:claimId', requirePermission('claims.read'), async (req, res) => {
    const claim = await findClaimInScope(deps.db, res, req.params.claimId);
    const view = await claimView(deps.db, claim.claimId, actorOf(res).clients);
    if (!view) throw new HttpError(404, 'not_found', `No claim ${claim.claimId}`);
    res.json(view);
  });

  return router;
}

async function claimView(db: Db, claimId: string, scope: ClientScope): Promise<ClaimView | undefined> {
  const [claim, parties, state, timeline, workItems] = await Promise.all([
    findClaim(db, claimId, scope),
    findClaimParties(db, claimId, scope),
    findClaimState(db, claimId, scope),
    listTimeline(db, claimId, scope),
    listWorkItems(db, claimId, scope),
  ]);
  if (!claim) return undefined;
  return {
    claim: {
      claimId: claim.claimId,
      clientId: claim.clientId,
      payerId: claim.payerId,
      patientAccountRef: claim.patientAccountRef,
      dateOfService: claim.dateOfService,
      billedCents: claim.billedCents,
      submittedOn: claim.submittedOn,
      payerOrder: claim.payerOrder,
      ...(claim.secondaryPayerId ? { secondaryPayerId: claim.secondaryPayerId } : {}),
      ...(claim.tertiaryPayerId ? { tertiaryPayerId: claim.tertiaryPayerId } : {}),
      ...(claim.parentClaimId ? { parentClaimId: claim.parentClaimId } : {}),
      ...(claim.expectedCents !== undefined ? { expectedCents: claim.expectedCents } : {}),
      ...(claim.throughDate ? { throughDate: claim.throughDate } : {}),
      ...parties,
      keyAccount: claim.keyAccount,
      createdAt: claim.createdAt.toISOString(),
    },
    workflowId: claim.workflowId,
    followUp: {
      phase: state?.phase ?? 'submitted',
      checks: state?.checks ?? 0,
      nextCheckAt: state?.nextCheckAt?.toISOString() ?? null,
      lastStatus:
        state?.lastStatusCategory && state.lastCheckedAt
          ? {
              category: state.lastStatusCategory,
              code: state.lastStatusCode,
              checkedAt: state.lastCheckedAt.toISOString(),
            }
          : null,
      closedReason: state?.closedReason ?? null,
      explanation: state?.explanation ?? null,
      nextAction: state?.nextAction ?? null,
      nextActionAt: state?.nextActionAt?.toISOString() ?? null,
      owner: state?.owner ?? null,
      snoozedUntil: state?.snoozedUntil?.toISOString() ?? null,
      flaggedReason: state?.flaggedReason ?? null,
      paidCents: state?.paidCents ?? 0,
      deadlines: (state?.deadlines ?? []) as Record<string, unknown>[],
    },
    workItems: workItems.map((item) => ({ ...item, openedAt: new Date(item.openedAt).toISOString() })),
    timeline: timeline.map((event) => ({
      kind: event.kind,
      occurredAt: event.occurredAt.toISOString(),
      actor: event.actor,
      summary: event.summary,
      data: event.data,
    })),
  };
}
