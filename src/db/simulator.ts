import type { ClientScope } from '../auth/actor';
import type { Queryable } from './pool';
import { andClaimInScope } from './scope';

/** A stored script: answers to status inquiries and, optionally, to submissions. */
export interface StoredSimulatorScript {
  responses: unknown[];
  submissions?: unknown[] | null;
}

/** What the simulated payer needs to answer one request, read in one round trip. */
export interface SimulatorScenario {
  claimScript?: StoredSimulatorScript;
  payerScript?: StoredSimulatorScript;
  behaviour?: unknown;
  /** The claim's billed amount when it is registered (for answers scripted as a percentage paid). */
  billedCents?: number;
  /** Submissions of the claim accepted so far (each starts the script's next part). */
  acceptedSubmissions: number;
  /** The last inquiry's sequence number when the latest accepted submission arrived (0 if none). */
  resubmittedAfterSeq: number;
  /** Other submissions of the claim received before (distinct idempotency keys). */
  earlierSubmissions: number;
  /** The answer already given to a submission with this idempotency key, if any. */
  earlierReceipt?: unknown;
}

export interface SimulatorRequestRecord {
  kind: 'status' | 'submission';
  claimId: string;
  payerId: string;
  idempotencyKey: string;
  /** Status inquiries: their sequence number. */
  seq?: number;
  /** Submissions: whether the answer accepted it into adjudication (absent for a fault). */
  accepted?: boolean;
  /** What was asked, without PHI (ids, kind, frequency code). */
  request?: unknown;
  response: unknown;
}

/** Storage behind the simulated payer: scripts per claim and per payer, behaviour per payer, and a log of every request. */
export interface SimulatedPayerStore {
  scenarioFor(request: {
    claimId: string;
    payerId: string;
    idempotencyKey: string;
  }): Promise<SimulatorScenario>;
  recordRequest(request: SimulatorRequestRecord): Promise<void>;
}

export function createSimulatedPayerStore(db: Queryable): SimulatedPayerStore {
  return {
    async scenarioFor({ claimId, payerId, idempotencyKey }) {
      const { rows } = await db.query<{
        claim_script: StoredSimulatorScript | null;
        payer_script: StoredSimulatorScript | null;
        behaviour: unknown;
        billed_cents: string | null;
        accepted_submissions: string;
        resubmitted_after_seq: number | null;
        earlier_submissions: string;
        earlier_receipt: unknown;
      }>(
        `SELECT
           (SELECT jsonb_build_object('responses', responses, 'submissions', submissions)
              FROM sim_payer_scripts WHERE claim_id = $1) AS claim_script,
           (SELECT jsonb_build_object('responses', responses, 'submissions', submissions)
              FROM sim_payer_payer_scripts WHERE payer_id = $2) AS payer_script,
           (SELECT behaviour FROM sim_payer_behaviours WHERE payer_id = $2) AS behaviour,
           (SELECT billed_cents FROM claims WHERE claim_id = $1) AS billed_cents,
           r.accepted_submissions, r.resubmitted_after_seq, r.earlier_submissions, r.earlier_receipt
         FROM (
           SELECT
             count(DISTINCT idempotency_key) FILTER (WHERE kind = 'submission' AND accepted) AS accepted_submissions,
             max(seq) FILTER (WHERE kind = 'submission' AND accepted) AS resubmitted_after_seq,
             count(DISTINCT idempotency_key) FILTER (WHERE kind = 'submission' AND idempotency_key <> $3)
               AS earlier_submissions,
             (array_agg(response ORDER BY request_id)
               FILTER (WHERE kind = 'submission' AND idempotency_key = $3 AND accepted IS NOT NULL))[1]
               AS earlier_receipt
           FROM sim_payer_requests WHERE claim_id = $1
         ) r`,
        [claimId, payerId, idempotencyKey],
      );
      const row = rows[0];
      if (!row) throw new Error('simulator scenario query returned no row');
      const scenario: SimulatorScenario = {
        acceptedSubmissions: Number(row.accepted_submissions),
        resubmittedAfterSeq: row.resubmitted_after_seq ?? 0,
        earlierSubmissions: Number(row.earlier_submissions),
      };
      if (row.claim_script) scenario.claimScript = row.claim_script;
      if (row.payer_script) scenario.payerScript = row.payer_script;
      if (row.behaviour !== null) scenario.behaviour = row.behaviour;
      if (row.billed_cents !== null) scenario.billedCents = Number(row.billed_cents);
      if (row.earlier_receipt !== null) scenario.earlierReceipt = row.earlier_receipt;
      return scenario;
    },
    async recordRequest(request) {
      await db.query(
        `INSERT INTO sim_payer_requests (kind, claim_id, payer_id, idempotency_key, seq, accepted, request, response)
         VALUES ($1, $2, $3, $4,
           CASE WHEN $1 = 'submission'
             THEN (SELECT coalesce(max(seq), 0) FROM sim_payer_requests WHERE claim_id = $2 AND kind = 'status')
             ELSE $5::integer END,
           $6, $7, $8)`,
        [
          request.kind,
          request.claimId,
          request.payerId,
          request.idempotencyKey,
          request.seq ?? null,
          request.accepted ?? null,
          request.request === undefined ? null : JSON.stringify(request.request),
          JSON.stringify(request.response),
        ],
      );
    },
  };
}

/** Sets a claim's script (answers to inquiries and, optionally, to submissions). */
export function saveSimulatorScript(
  db: Queryable,
  claimId: string,
  responses: unknown[],
  submissions?: unknown[],
): Promise<void> {
  return saveScript(db, { table: 'sim_payer_scripts', key: 'claim_id' }, claimId, responses, submissions);
}

/** Sets a payer's script, used for each of its claims that has no script of its own. */
export function saveSimulatorPayerScript(
  db: Queryable,
  payerId: string,
  responses: unknown[],
  submissions?: unknown[],
): Promise<void> {
  return saveScript(
    db,
    { table: 'sim_payer_payer_scripts', key: 'payer_id' },
    payerId,
    responses,
    submissions,
  );
}

async function saveScript(
  db: Queryable,
  target:
    { table: 'sim_payer_scripts'; key: 'claim_id' } | { table: 'sim_payer_payer_scripts'; key: 'payer_id' },
  id: string,
  responses: unknown[],
  submissions: unknown[] | undefined,
): Promise<void> {
  await db.query(
    `INSERT INTO ${target.table} (${target.key}, responses, submissions) VALUES ($1, $2, $3)
     ON CONFLICT (${target.key}) DO UPDATE
       SET responses = EXCLUDED.responses, submissions = EXCLUDED.submissions, updated_at = now()`,
    [id, JSON.stringify(responses), submissions ? JSON.stringify(submissions) : null],
  );
}

/** Sets a payer's behaviour (latency, fault rates, outage windows); it applies from the next request. */
export async function saveSimulatorBehaviour(
  db: Queryable,
  payerId: string,
  behaviour: unknown,
): Promise<void> {
  await db.query(
    `INSERT INTO sim_payer_behaviours (payer_id, behaviour) VALUES ($1, $2)
     ON CONFLICT (payer_id) DO UPDATE SET behaviour = EXCLUDED.behaviour, updated_at = now()`,
    [payerId, JSON.stringify(behaviour)],
  );
}

export async function findSimulatorBehaviour(db: Queryable, payerId: string): Promise<unknown> {
  const { rows } = await db.query<{ behaviour: unknown }>(
    'SELECT behaviour FROM sim_payer_behaviours WHERE payer_id = $1',
    [payerId],
  );
  return rows[0]?.behaviour;
}

export interface SimulatorRequest {
  kind: 'status' | 'submission';
  claimId: string;
  payerId: string;
  idempotencyKey: string;
  seq: number | null;
  receivedAt: Date;
  request: unknown;
  response: unknown;
}

type RequestRow = {
  kind: 'status' | 'submission';
  claim_id: string;
  payer_id: string;
  idempotency_key: string;
  seq: number | null;
  received_at: Date;
  request: unknown;
  response: unknown;
};

const requestColumns = 'kind, claim_id, payer_id, idempotency_key, seq, received_at, request, response';

function toRequest(row: RequestRow): SimulatorRequest {
  return {
    kind: row.kind,
    claimId: row.claim_id,
    payerId: row.payer_id,
    idempotencyKey: row.idempotency_key,
    seq: row.seq,
    receivedAt: row.received_at,
    request: row.request,
    response: row.response,
  };
}

/** Every request the simulated payer received for a claim, in arrival order. */
export async function listSimulatorRequests(db: Queryable, claimId: string): Promise<SimulatorRequest[]> {
  const { rows } = await db.query<RequestRow>(
    `SELECT ${requestColumns} FROM sim_payer_requests WHERE claim_id = $1 ORDER BY request_id`,
    [claimId],
  );
  return rows.map(toRequest);
}

/**
 * The latest `limit` requests the simulated payer received for a payer, in arrival order; for a caller
 * limited to some clients, only requests about their claims.
 */
export async function listSimulatorPayerRequests(
  db: Queryable,
  payerId: string,
  options: { limit?: number; scope: ClientScope },
): Promise<SimulatorRequest[]> {
  const values: unknown[] = [payerId, options.limit ?? 500];
  const scoped = andClaimInScope(options.scope, 'claim_id', values);
  const { rows } = await db.query<RequestRow>(
    `SELECT ${requestColumns} FROM (
       SELECT request_id, ${requestColumns} FROM sim_payer_requests WHERE payer_id = $1 ${scoped}
       ORDER BY request_id DESC LIMIT $2
     ) latest ORDER BY request_id`,
    values,
  );
  return rows.map(toRequest);
}
