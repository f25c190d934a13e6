import { describe, expect, it } from 'vitest';
import { type ChecklistItemSpec, evaluateChecklist, isAtHand } from '../../../src/packets/checklist';

const none = { items: [], by: 'jane.doe' } as const;

describe('the enclosure checklist', () => {
  it('ticks the remittance when an 835 is on file, and leaves it needed otherwise', () => {
    const item: ChecklistItemSpec = { item: 'remittance_advice', evidence: ['remittance_on_file'] };
    const [onFile] = evaluateChecklist([item], { remittanceOn: '2026-10-15' }, none);
    expect(onFile).toMatchObject({ state: 'on_file', note: '835 remittance received on 2026-10-15' });
    expect(onFile!.label).toMatch(/remittance advice/);
    const [missing] = evaluateChecklist([item], {}, none);
    expect(missing).toMatchObject({ state: 'needed', note: 'still needed' });
    expect(isAtHand(onFile!)).toBe(true);
    expect(isAtHand(missing!)).toBe(false);
  });

  it('ticks proof of timely filing only for an acceptance on or before the limit', () => {
    const item: ChecklistItemSpec = { item: 'proof_of_timely_filing', evidence: ['accepted_in_time'] };
    const acceptance = { on: '2026-09-25', how: "the payer's status answer A2" };
    expect(evaluateChecklist([item], { acceptance, timelyFilingDue: '2026-09-25' }, none)[0]).toMatchObject({
      state: 'on_file',
      note: "the payer held the claim on 2026-09-25 (the payer's status answer A2), within the timely-filing limit of 2026-09-25",
    });
    expect(evaluateChecklist([item], { acceptance, timelyFilingDue: '2026-09-24' }, none)[0]).toMatchObject({
      state: 'needed',
      note: 'the first acceptance on record (2026-09-25) is after the limit of 2026-09-24: find an earlier acceptance report',
    });
    expect(evaluateChecklist([item], { acceptance }, none)[0]!.state).toBe('needed');
  });

  it('marks documents recorded as sent as sent, to enclose a copy', () => {
    const [records] = evaluateChecklist(
      [{ item: 'medical_records', evidence: ['documents_sent'] }],
      { documentsSentOn: '2026-10-07' },
      none,
    );
    expect(records).toMatchObject({ state: 'sent', note: expect.stringContaining('2026-10-07') });
  });

  it("ticks what the person confirmed at hand, but a record on file wins over the person's word", () => {
    const items: ChecklistItemSpec[] = [
      { item: 'authorization', evidence: [] },
      { item: 'remittance_advice', evidence: ['remittance_on_file'] },
      { item: 'medical_records', evidence: ['documents_sent'] },
    ];
    const entries = evaluateChecklist(
      items,
      { remittanceOn: '2026-10-15' },
      { items: ['authorization', 'remittance_advice'], by: 'jane.doe' },
    );
    expect(entries.map((e) => [e.item, e.state])).toEqual([
      ['authorization', 'confirmed'],
      ['remittance_advice', 'on_file'],
      ['medical_records', 'needed'],
    ]);
    expect(entries[0]!.note).toBe('confirmed at hand by jane.doe');
  });

  it('keeps a template label and why over the defaults', () => {
    const [entry] = evaluateChecklist(
      [{ item: 'claim_copy', label: 'The UB-04', why: 'it shows the modifiers', evidence: [] }],
      {},
      none,
    );
    expect(entry).toMatchObject({ label: 'The UB-04', why: 'it shows the modifiers', state: 'needed' });
  });

  it("ticks the prior payer's remittance for a balance moved from another payer", () => {
    const [entry] = evaluateChecklist(
      [{ item: 'primary_eob', evidence: ['prior_payer_remittance'] }],
      { priorPayerRemittance: { payerId: 'sim-medicare' } },
      none,
    );
    expect(entry).toMatchObject({ state: 'on_file', note: expect.stringContaining('sim-medicare') });
  });
});
