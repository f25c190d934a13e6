import { denialCodeLines } from '../../../src/packets/document';
import { evaluateChecklist } from '../../../src/packets/checklist';
import type { PacketData } from '../../../src/packets/placeholders';
import type { TemplateSet } from '../../../src/packets/template';

/** Packet data with every value on file, for rendering every template with every placeholder. */
export function fullPacketData(templates: TemplateSet, overrides: Partial<PacketData> = {}): PacketData {
  return {
    today: '2026-11-20',
    claim: {
      id: 'CLM-7788',
      payerClaimNumber: '22126300123456',
      dateOfService: '2026-10-01',
      throughDate: '2026-10-03',
      billedCents: 125_000,
      paidCents: 0,
      submittedOn: '2026-10-05',
      patientAccountRef: 'PA-55120',
    },
    payer: {
      id: 'sim-aetna',
      name: 'Aetna (simulated)',
      contact: {
        channel: 'fax',
        fax: '8594558650',
        mailingAddress: 'Aetna Provider Resolution Team\nPO Box 14020\nLexington, KY 40512',
        source: 'test',
      },
    },
    parties: {
      subscriber: { lastName: 'DOE', firstName: 'JOHN', memberId: 'XJH900112233', dateOfBirth: '1975-02-11' },
      patient: { lastName: 'DOE', firstName: 'JANE', dateOfBirth: '2010-04-02' },
      billingProvider: { name: 'NORTHSIDE CLINIC', npi: '1234567893' },
    },
    denial: {
      codes: denialCodeLines({ adjustments: [{ group: 'CO', carc: '197' }], remarks: ['N386'] }),
      noticeDate: '2026-11-02',
      source: 'an 835 remittance received on 2026-11-02',
      category: templates.category.id,
      categoryTitle: templates.category.title,
    },
    appeal: {
      level: templates.category.level ?? 1,
      levelName: 'Redetermination (MAC)',
      ruleSetName: 'Medicare fee-for-service (rule set medicare-ffs v1)',
      deadline: { due: '2027-03-09', basis: '120 days after receipt', daysLeft: 109 },
    },
    sender: { name: 'Jane Specialist', phone: '(555) 010-0100', email: 'jane@northside.example' },
    checklist: evaluateChecklist(
      templates.category.checklist,
      { remittanceOn: '2026-11-02' },
      {
        items: [],
        by: 'jane',
      },
    ),
    pages: 5,
    ...overrides,
  };
}
