import type { Queryable } from './pool';

/** Storage behind the simulated payer: scripts per claim and a log of every request received. */
export interface SimulatedPayerStore {
  scriptFor(claimId: string): Promise<unknown[] | undefined>;
  recordRequest(request: {
    claimId: string;
    payerId: string;
    idempotencyKey: string;
    response: unknown;
  }): Promise<void>;
}

export function createSimulatedPayerStore(db: Queryable): SimulatedPayerStore {
  return {
    async scriptFor(claimId) {
      const { rows } = await db.query<{ responses: unknown[] }>(
        'SELECT responses FROM sim_payer_scripts WHERE claim_id = $1',
        [claimId],
      );
      return rows[0]?.responses;
    },
    async recordRequest(request) {
      await db.query(
        'INSERT INTO sim_payer_requests (claim_id, payer_id, idempotency_key, response) VALUES ($1, $2, $3, $4)',
        [request.claimId, request.payerId, request.idempotencyKey, JSON.stringify(request.response)],
      );
    },
  };
}

export async function saveSimulatorScript(
  db: Queryable,
  claimId: string,
  responses: unknown[],
): Promise<void> {
  await db.query(
    `INSERT INTO sim_payer_scripts (claim_id, responses) VALUES ($1, $2)
     ON CONFLICT (claim_id) DO UPDATE SET responses = EXCLUDED.responses, updated_at = now()`,
    [claimId, JSON.stringify(responses)],
  );
}

export async function listSimulatorRequests(
  db: Queryable,
  claimId: string,
): Promise<{ idempotencyKey: string; receivedAt: Date; response: unknown }[]> {
  const { rows } = await db.query<{ idempotency_key: string; received_at: Date; response: unknown }>(
    'SELECT idempotency_key, received_at, response FROM sim_payer_requests WHERE claim_id = $1 ORDER BY request_id',
    [claimId],
  );
  return rows.map((row) => ({
    idempotencyKey: row.idempotency_key,
    receivedAt: row.received_at,
    response: row.response,
  }));
}
