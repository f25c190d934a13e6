import type { Response } from 'express';
import { noteForAudit } from '../auth/audit';
import { actorOf } from '../auth/middleware';
import { type ClaimRecord, findClaim } from '../db/claims';
import type { Queryable } from '../db/pool';
import { HttpError } from './errors';
import { claimIdParamSchema } from './schemas';

/**
 * The claim a `/claims/:claimId/...` route acts on, read through the caller's client scope: a claim
 * that does not exist and a claim of another client are the same 404, so ids of other clients' claims
 * cannot be probed. Records the claim and its client for the request's audit row.
 */
export async function findClaimInScope(db: Queryable, res: Response, claimId: unknown): Promise<ClaimRecord> {
  const parsed = claimIdParamSchema.shape.claimId.safeParse(claimId);
  const claim = parsed.success ? await findClaim(db, parsed.data, actorOf(res).clients) : undefined;
  if (!claim) throw new HttpError(404, 'not_found', `No claim ${String(claimId)}`);
  noteForAudit(res, { target: claim.claimId, clientId: claim.clientId });
  return claim;
}
