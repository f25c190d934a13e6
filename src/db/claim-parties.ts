import type { ClientScope } from '../auth/actor';
import type { Queryable } from './pool';
import { andClaimInScope } from './scope';

/** A person on a claim, as the claim named them. */
export interface PersonName {
  lastName: string;
  firstName?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
}

/**
 * Who a claim is about and who billed it: what a 276 claim status inquiry carries. PHI, kept in
 * PostgreSQL only.
 */
export interface ClaimParties {
  subscriber: PersonName & { memberId: string };
  /** The patient, when not the subscriber (a dependent). */
  patient?: PersonName;
  billingProvider: { name: string; npi: string };
}

export type PartiesRow = {
  subscriber_last_name: string;
  subscriber_first_name: string | null;
  subscriber_member_id: string;
  subscriber_birth_date: string | null;
  patient_last_name: string | null;
  patient_first_name: string | null;
  patient_birth_date: string | null;
  billing_provider_name: string;
  billing_provider_npi: string;
};

export const partiesColumns = `subscriber_last_name, subscriber_first_name, subscriber_member_id,
  to_char(subscriber_birth_date, 'YYYY-MM-DD') AS subscriber_birth_date, patient_last_name, patient_first_name,
  to_char(patient_birth_date, 'YYYY-MM-DD') AS patient_birth_date, billing_provider_name, billing_provider_npi`;

function person(lastName: string, firstName: string | null, dateOfBirth: string | null): PersonName {
  return {
    lastName,
    ...(firstName === null ? {} : { firstName }),
    ...(dateOfBirth === null ? {} : { dateOfBirth }),
  };
}

export function toClaimParties(row: PartiesRow): ClaimParties {
  return {
    subscriber: {
      ...person(row.subscriber_last_name, row.subscriber_first_name, row.subscriber_birth_date),
      memberId: row.subscriber_member_id,
    },
    ...(row.patient_last_name === null
      ? {}
      : { patient: person(row.patient_last_name, row.patient_first_name, row.patient_birth_date) }),
    billingProvider: { name: row.billing_provider_name, npi: row.billing_provider_npi },
  };
}

const insertParties = `INSERT INTO claim_parties (claim_id, subscriber_last_name, subscriber_first_name,
  subscriber_member_id, subscriber_birth_date, patient_last_name, patient_first_name, patient_birth_date,
  billing_provider_name, billing_provider_npi)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

function partyValues(claimId: string, parties: ClaimParties): unknown[] {
  const { subscriber, patient, billingProvider } = parties;
  return [
    claimId,
    subscriber.lastName,
    subscriber.firstName ?? null,
    subscriber.memberId,
    subscriber.dateOfBirth ?? null,
    patient?.lastName ?? null,
    patient?.firstName ?? null,
    patient?.dateOfBirth ?? null,
    billingProvider.name,
    billingProvider.npi,
  ];
}

/** Records the claim's parties unless it has them already; returns whether this call wrote them. */
export async function insertClaimParties(
  db: Queryable,
  claimId: string,
  parties: ClaimParties,
): Promise<boolean> {
  const result = await db.query(
    `${insertParties}
     ON CONFLICT (claim_id) DO NOTHING`,
    partyValues(claimId, parties),
  );
  return result.rowCount === 1;
}

/** Records or replaces the claim's parties. */
export async function saveClaimParties(db: Queryable, claimId: string, parties: ClaimParties): Promise<void> {
  await db.query(
    `${insertParties}
     ON CONFLICT (claim_id) DO UPDATE SET subscriber_last_name = EXCLUDED.subscriber_last_name,
       subscriber_first_name = EXCLUDED.subscriber_first_name, subscriber_member_id = EXCLUDED.subscriber_member_id,
       subscriber_birth_date = EXCLUDED.subscriber_birth_date, patient_last_name = EXCLUDED.patient_last_name,
       patient_first_name = EXCLUDED.patient_first_name, patient_birth_date = EXCLUDED.patient_birth_date,
       billing_provider_name = EXCLUDED.billing_provider_name, billing_provider_npi = EXCLUDED.billing_provider_npi`,
    partyValues(claimId, parties),
  );
}

export async function findClaimParties(
  db: Queryable,
  claimId: string,
  scope: ClientScope,
): Promise<ClaimParties | undefined> {
  const values: unknown[] = [claimId];
  const { rows } = await db.query<PartiesRow>(
    `SELECT ${partiesColumns} FROM claim_parties WHERE claim_id = $1 ${andClaimInScope(scope, 'claim_id', values)}`,
    values,
  );
  return rows[0] && toClaimParties(rows[0]);
}
