import { describe, expect, it } from 'vitest';
import {
  isClaimStatusCategoryCode,
  lookupStatusCategory,
  normalizeStatus,
  type ClaimStatusGroup,
} from '../../src/domain/claim-status-codes';
import { claimStatusCategoryTable } from '../../src/domain/data/claim-status-categories';

const records = claimStatusCategoryTable.records;
const codes = records.map((record) => record.code);

// The codes in current use per X12 external code list 507 (Tickler AR follow-up reference, section 1.2).
const expectedCodes = [
  ...['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'],
  ...['P0', 'P1', 'P2', 'P3', 'P4', 'P5'],
  ...['F0', 'F1', 'F2', 'F3', 'F3F', 'F3N', 'F4'],
  ...[
    'R0',
    'R1',
    'R3',
    'R4',
    'R5',
    'R6',
    'R7',
    'R8',
    'R9',
    'R10',
    'R11',
    'R12',
    'R13',
    'R14',
    'R15',
    'R16',
    'R17',
  ],
  ...['E0', 'E1', 'E2', 'E3', 'E4'],
  'D0',
];

describe('the claim status category table', () => {
  it('says where it comes from', () => {
    expect(claimStatusCategoryTable.source).toContain('code list 507');
  });

  it('holds exactly the current codes of list 507, each once', () => {
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...expectedCodes].sort());
  });

  it('resolves every code through lookup and the type guard', () => {
    for (const record of records) {
      expect(lookupStatusCategory(record.code)).toBe(record);
      expect(isClaimStatusCategoryCode(record.code)).toBe(true);
    }
  });

  it.each([
    ['R2', 'not in the list'],
    ['X0', 'retired 2003'],
    ['F5', 'retired 2003'],
    ['RQ', 'retired 2008'],
    ['a3', 'codes are upper case'],
    [' A3', 'no trimming'],
    ['', 'empty'],
  ])('does not know %j (%s)', (code) => {
    expect(lookupStatusCategory(code)).toBeUndefined();
    expect(isClaimStatusCategoryCode(code)).toBe(false);
  });

  it('puts each code in the group its first letter names', () => {
    const byLetter: Record<string, ClaimStatusGroup> = {
      A: 'acknowledgement',
      P: 'pending',
      F: 'finalized',
      R: 'request_for_information',
      E: 'error',
      D: 'not_found',
    };
    for (const record of records) expect(record.group).toBe(byLetter[record.code.charAt(0)]);
  });

  it('gives every code a short meaning of its own', () => {
    for (const record of records) {
      expect(record.meaning.length).toBeGreaterThan(5);
      expect(record.meaning.length).toBeLessThanOrEqual(90);
    }
    expect(new Set(records.map((record) => record.meaning)).size).toBe(records.length);
  });

  it.each([
    ['A3', 'correct_and_resubmit', 'returned unprocessable: a new, corrected claim'],
    ['A6', 'correct_and_resubmit', 'rejected for missing information'],
    ['A7', 'correct_and_resubmit', 'rejected for invalid information'],
    ['A8', 'correct_and_resubmit', 'rejected for a relational field error'],
    ['A1', 're_check_later', 'received, not yet accepted'],
    ['P1', 're_check_later', 'in process'],
    ['P3', 'send_documentation', 'waiting on information requested from the provider'],
    ['P4', 'patient_outreach', 'waiting on information requested from the patient'],
    ['F0', 'reconcile_remittance', 'finalized: go to the 835'],
    ['F1', 'reconcile_remittance', 'paid: reconcile the 835 before closing'],
    ['F2', 'appeal', 'denied'],
    ['F3F', 'track_other_payer', 'crossed over to the next payer'],
    ['R4', 'send_documentation', 'supporting documentation requested'],
    ['E0', 'fix_inquiry', 'the 276 was wrong, not the claim'],
    ['E1', 'retry_inquiry', 'payer system unavailable'],
    ['E2', 'retry_inquiry', 'information holder not responding'],
    ['D0', 'fix_inquiry', 'search with other identifiers'],
  ])('when the payer answers %s, the engine will %s (%s)', (code, action) => {
    expect(lookupStatusCategory(code)?.action).toBe(action);
  });

  it('marks only E1 and E2 as transient', () => {
    expect(records.filter((record) => record.transient).map((record) => record.code)).toEqual(['E1', 'E2']);
  });

  it('marks every finalized code and every pre-adjudication rejection as terminal, and nothing pending', () => {
    for (const record of records) {
      if (record.group === 'finalized') expect(record.terminal).toBe(true);
      if (['pending', 'request_for_information', 'error', 'not_found'].includes(record.group)) {
        expect(record.terminal).toBe(false);
      }
    }
    for (const code of ['A3', 'A6', 'A7', 'A8']) expect(lookupStatusCategory(code)?.terminal).toBe(true);
    for (const code of ['A1', 'A2', 'A4']) expect(lookupStatusCategory(code)?.terminal).toBe(false);
  });
});

describe('normalizeStatus', () => {
  it('an F1 answer is paid and terminal, and keeps its status code', () => {
    expect(normalizeStatus({ category: 'F1', code: '65' })).toEqual({
      category: 'F1',
      code: '65',
      meaning: 'Finalized: paid',
      group: 'finalized',
      action: 'reconcile_remittance',
      transient: false,
      paid: true,
      terminal: true,
    });
  });

  it('only F1 counts as paid', () => {
    const paid = codes.filter((category) => normalizeStatus({ category }).paid);
    expect(paid).toEqual(['F1']);
  });

  it('a P1 answer without a status code stays open for a later check and carries no code field', () => {
    const status = normalizeStatus({ category: 'P1' });
    expect(status).toMatchObject({
      group: 'pending',
      action: 're_check_later',
      paid: false,
      terminal: false,
    });
    expect('code' in status).toBe(false);
  });

  it('an E1 answer is a transient inquiry failure', () => {
    expect(normalizeStatus({ category: 'E1', code: '689' })).toMatchObject({
      transient: true,
      action: 'retry_inquiry',
      terminal: false,
    });
  });

  it('an unknown category throws an error naming the category, the status code and the code list', () => {
    expect(() => normalizeStatus({ category: 'R2', code: '21' })).toThrow(
      /Unknown claim status category "R2" \(status code "21"\).*code list 507/,
    );
    expect(() => normalizeStatus({ category: 'X0' })).toThrow(/"X0"/);
  });
});
