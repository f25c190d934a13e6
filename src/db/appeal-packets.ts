import type { Queryable } from './pool';

/** One stored appeal packet without its documents; `summary` is what lists show (no patient data). */
export interface AppealPacketRecord<Summary = unknown> {
  packetId: string;
  claimId: string;
  level: number;
  category: string;
  templateId: string;
  templateVersion: number;
  templateSha256: string;
  createdBy: string;
  createdAt: Date;
  summary: Summary;
}

export type AppealPacketFormat = 'pdf' | 'html';

type PacketRow = {
  packet_id: string;
  claim_id: string;
  level: number;
  category: string;
  template_id: string;
  template_version: number;
  template_sha256: string;
  created_by: string;
  created_at: Date;
  summary: unknown;
};

const packetColumns = `packet_id, claim_id, level, category, template_id, template_version, template_sha256,
  created_by, created_at, summary`;

function toPacket<Summary>(row: PacketRow): AppealPacketRecord<Summary> {
  return {
    packetId: row.packet_id,
    claimId: row.claim_id,
    level: row.level,
    category: row.category,
    templateId: row.template_id,
    templateVersion: row.template_version,
    templateSha256: row.template_sha256,
    createdBy: row.created_by,
    createdAt: row.created_at,
    summary: row.summary as Summary,
  };
}

export async function insertAppealPacket<Summary>(
  db: Queryable,
  packet: AppealPacketRecord<Summary> & { pdf: Buffer; html: string },
): Promise<void> {
  await db.query(
    `INSERT INTO appeal_packets (packet_id, claim_id, level, category, template_id, template_version,
       template_sha256, created_by, created_at, summary, pdf, html)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      packet.packetId,
      packet.claimId,
      packet.level,
      packet.category,
      packet.templateId,
      packet.templateVersion,
      packet.templateSha256,
      packet.createdBy,
      packet.createdAt,
      JSON.stringify(packet.summary),
      packet.pdf,
      packet.html,
    ],
  );
}

/** A claim's packets, newest first, without their documents. */
export async function listAppealPackets<Summary>(
  db: Queryable,
  claimId: string,
): Promise<AppealPacketRecord<Summary>[]> {
  const { rows } = await db.query<PacketRow>(
    `SELECT ${packetColumns} FROM appeal_packets WHERE claim_id = $1 ORDER BY created_at DESC, packet_id`,
    [claimId],
  );
  return rows.map((row) => toPacket<Summary>(row));
}

/** One packet's document in one format, or undefined when the claim has no such packet. */
export async function findAppealPacketDocument(
  db: Queryable,
  claimId: string,
  packetId: string,
  format: AppealPacketFormat,
): Promise<Buffer | string | undefined> {
  const { rows } = await db.query<{ document: Buffer | string }>(
    `SELECT ${format === 'pdf' ? 'pdf' : 'html'} AS document FROM appeal_packets
     WHERE claim_id = $1 AND packet_id = $2`,
    [claimId, packetId],
  );
  return rows[0]?.document;
}
