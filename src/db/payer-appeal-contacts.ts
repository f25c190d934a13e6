import type { Queryable } from './pool';

export const appealChannels = ['fax', 'mail', 'portal'] as const;
export type AppealChannel = (typeof appealChannels)[number];

/** Where a payer takes provider appeals, as far as this office knows, and where that comes from. */
export interface PayerAppealContact {
  channel?: AppealChannel;
  /** Ten digits. */
  fax?: string;
  /** Lines separated by newlines. */
  mailingAddress?: string;
  source?: string;
}

type ContactRow = {
  appeal_channel: AppealChannel | null;
  appeal_fax: string | null;
  appeal_mailing_address: string | null;
  appeal_contact_source: string | null;
};

function toContact(row: ContactRow): PayerAppealContact {
  return {
    ...(row.appeal_channel ? { channel: row.appeal_channel } : {}),
    ...(row.appeal_fax ? { fax: row.appeal_fax } : {}),
    ...(row.appeal_mailing_address ? { mailingAddress: row.appeal_mailing_address } : {}),
    ...(row.appeal_contact_source ? { source: row.appeal_contact_source } : {}),
  };
}

/** The payer's appeal contact ({} when none is on file), or undefined when the payer does not exist. */
export async function findPayerAppealContact(
  db: Queryable,
  payerId: string,
): Promise<PayerAppealContact | undefined> {
  const { rows } = await db.query<ContactRow>(
    `SELECT appeal_channel, appeal_fax, appeal_mailing_address, appeal_contact_source FROM payers
     WHERE payer_id = $1`,
    [payerId],
  );
  return rows[0] && toContact(rows[0]);
}

/** Replaces the payer's appeal contact; returns false when the payer does not exist. */
export async function savePayerAppealContact(
  db: Queryable,
  payerId: string,
  contact: PayerAppealContact,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE payers SET appeal_channel = $2, appeal_fax = $3, appeal_mailing_address = $4,
       appeal_contact_source = $5
     WHERE payer_id = $1`,
    [
      payerId,
      contact.channel ?? null,
      contact.fax ?? null,
      contact.mailingAddress ?? null,
      contact.source ?? null,
    ],
  );
  return result.rowCount === 1;
}

/**
 * Seeds appeal contacts that carry a public source, only on payers that have none yet: a contact the
 * office saved (it always names a source) is never overwritten.
 */
export async function seedPayerAppealContacts(
  db: Queryable,
  seeds: readonly { payerId: string; contact: PayerAppealContact & { source: string } }[],
): Promise<void> {
  for (const { payerId, contact } of seeds) {
    await db.query(
      `UPDATE payers SET appeal_channel = $2, appeal_fax = $3, appeal_mailing_address = $4,
         appeal_contact_source = $5
       WHERE payer_id = $1 AND appeal_contact_source IS NULL`,
      [payerId, contact.channel ?? null, contact.fax ?? null, contact.mailingAddress ?? null, contact.source],
    );
  }
}
