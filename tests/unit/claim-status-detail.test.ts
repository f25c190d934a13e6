import { describe, expect, it } from 'vitest';
import { lookupStatusCategory } from '../../src/domain/claim-status-codes';
import {
  describeClaimStatus,
  followUpForClaimStatus,
  lookupClaimStatusCode,
} from '../../src/domain/claim-status-detail';
import { claimStatusCategoryTable } from '../../src/domain/data/claim-status-categories';
import {
  categoryLabelTable,
  claimStatusCodeRangeTable,
  claimStatusCodeTable,
} from '../../src/domain/data/claim-status-codes-508';
import { isIsoDate } from '../../src/domain/dates';

const records = claimStatusCodeTable.records;
const categories = claimStatusCategoryTable.records.map((record) => record.code);

/** The categories a refinement names: '*' for all, a family letter, or one code. */
function categoriesUnder(entry: string): string[] {
  if (entry === '*') return categories;
  if (entry.length === 1) return categories.filter((code) => code.startsWith(entry));
  return categories.filter((code) => code === entry);
}

// The codes Tickler's AR reference (section 1.3) names as common; ranges expanded to the codes that exist
// in list 508 (there is no 43), plus the entity data elements the reference names (name, DOB, policy
// number, member number, dates of service 187, NPI 562).
const expectedCodes = [
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '16', '17', '19', '20', '21', '23', '26', '28'],
  ...['29', '30', '31', '32', '33', '34', '35', '38', '40', '41', '42', '44', '45', '46', '47'],
  ...['52', '54', '56', '65', '67', '68', '78', '84', '85', '88', '89', '90', '91', '95', '101'],
  ...['104', '107', '109', '116', '123', '125', '158', '163', '164', '187', '562', '689'],
];

describe('the claim status code table (code list 508)', () => {
  it('says where it comes from', () => {
    expect(claimStatusCodeTable.source).toContain('code list 508');
    expect(claimStatusCodeTable.source).toContain('section 1.3');
    expect(claimStatusCodeRangeTable.source).toContain('section 1.3');
    expect(categoryLabelTable.source).toContain('507');
  });

  it('holds the common codes of the reference, each once', () => {
    const codes = records.map((record) => record.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...expectedCodes].sort());
  });

  it('resolves every row through lookup, with a short meaning and hint of its own', () => {
    for (const record of records) {
      expect(lookupClaimStatusCode(record.code)).toBe(record);
      expect(record.meaning.length).toBeGreaterThan(5);
      expect(record.meaning.length).toBeLessThanOrEqual(90);
      expect(record.hint.length).toBeGreaterThan(5);
    }
    expect(new Set(records.map((record) => record.meaning)).size).toBe(records.length);
  });

  it('describes every row in one line that names the code and its meaning', () => {
    for (const record of records) {
      const line = describeClaimStatus({ category: 'F2', code: record.code });
      expect(line).toMatch(new RegExp(`^F2:${record.code} — denied, `));
      expect(line.toLowerCase()).toContain(record.meaning.slice(1, 12).toLowerCase());
      expect(line).not.toContain('\n');
    }
  });

  it('names only existing categories or families in its refinements, and each refinement changes something', () => {
    for (const record of records) {
      for (const refinement of 'refinements' in record ? record.refinements : []) {
        const named = refinement.with.flatMap(categoriesUnder);
        for (const entry of refinement.with)
          expect(categoriesUnder(entry), `${record.code}: ${entry}`).not.toEqual([]);
        const changed = named.filter(
          (category) => lookupStatusCategory(category)?.action !== refinement.action,
        );
        expect(changed, `code ${record.code} refines nothing`).not.toEqual([]);
      }
    }
  });

  it('applies every refinement under each category it names, and only there', () => {
    for (const record of records) {
      const refinements = 'refinements' in record ? record.refinements : [];
      const named = new Set(refinements.flatMap((refinement) => refinement.with.flatMap(categoriesUnder)));
      for (const category of categories) {
        const followUp = followUpForClaimStatus({ category, code: record.code });
        const own = lookupStatusCategory(category)?.action;
        if (named.has(category)) {
          expect(followUp.action, `${category}:${record.code}`).toBe(refinements[0]?.action);
        } else {
          expect(followUp.action, `${category}:${record.code}`).toBe(own);
          expect(followUp.basis).toBe('category');
        }
      }
    }
  });

  it('dates every stopped code, so old payer systems can still be read', () => {
    const stopped = records.filter((record) => 'stopped' in record);
    expect(stopped.map((record) => record.code).sort()).toEqual(['28', '4', '5', '67', '68', '7', '8', '9']);
    for (const record of stopped) {
      if ('stopped' in record) expect(isIsoDate(record.stopped)).toBe(true);
      expect(describeClaimStatus({ category: 'P0', code: record.code })).toContain('(code stopped ');
    }
  });

  it('has a short label for every 277 category code', () => {
    for (const category of categories) {
      const label: string = categoryLabelTable.labels[category];
      expect(label.length).toBeGreaterThan(3);
      expect(describeClaimStatus({ category, code: '20' })).toBe(
        `${category}:20 — ${label}, accepted for processing`,
      );
    }
  });
});

describe('codes the table knows only through a range (124–187 entity data elements)', () => {
  it.each(['124', '150', '186'])('%s gets the generic data-element meaning', (code) => {
    expect(lookupClaimStatusCode(code)).toMatchObject({ code, kind: 'data_element', range: '124-187' });
    expect(describeClaimStatus({ category: 'A7', code })).toBe(
      `A7:${code} — rejected, field: a claim data element (code list 508 names which one)`,
    );
  });

  it('a listed code inside the range keeps its own row', () => {
    expect(lookupClaimStatusCode('187')).toMatchObject({ meaning: 'The date(s) of service' });
    expect(lookupClaimStatusCode('187')).not.toHaveProperty('range');
  });

  it.each(['122', '188', '0124', '124 ', 'abc', ''])('%j is not known', (code) => {
    expect(lookupClaimStatusCode(code)).toBeUndefined();
  });
});

describe('describeClaimStatus', () => {
  it.each([
    ['A7', '21', 'A7:21 — rejected, missing or invalid information', '§1.3 row 21, 277CA reject'],
    [
      'A7',
      '562',
      "A7:562 — rejected, field: the entity's National Provider Identifier (NPI)",
      '§1.3 row 562',
    ],
    ['A2', '20', 'A2:20 — accepted for adjudication, accepted for processing', '§1.3 row 20, 277CA accept'],
    [
      'E1',
      '689',
      'E1:689 — no status, payer system unavailable, the entity did not answer in the expected time',
      '§1.3 row 689',
    ],
    ['A4', '35', 'A4:35 — not found by the payer, the payer has no record of the claim', '§1.3 row 35'],
    ['F2', '1', 'F2:1 — denied, details are in the remittance advice', '§1.3 row 1'],
  ])('%s:%s reads %j (%s)', (category, code, line) => {
    expect(describeClaimStatus({ category, code })).toBe(line);
  });

  it('without a status code gives the category meaning', () => {
    expect(describeClaimStatus({ category: 'A7' })).toBe(
      'A7 — rejected: information named in the status detail is invalid',
    );
    expect(describeClaimStatus({ category: 'P1', code: '' })).toBe(
      'P1 — pending: in process in the adjudication system',
    );
  });

  it('names an unknown status code as unknown instead of guessing', () => {
    expect(describeClaimStatus({ category: 'A7', code: '9999' })).toBe(
      "A7:9999 — rejected, status code 9999 (not in Tickler's table; see X12 code list 508)",
    );
  });

  it('names an unknown category without throwing', () => {
    expect(describeClaimStatus({ category: 'B1' })).toBe('B1 — unknown claim status category');
    expect(describeClaimStatus({ category: 'B1', code: '21' })).toBe(
      'B1:21 — unknown category B1, missing or invalid information',
    );
  });
});

describe('followUpForClaimStatus', () => {
  it.each([
    ['A7', '21', 'correct_and_resubmit', 'category', '§1.3 row 21: 277CA reject, fix and resubmit'],
    ['A7', '562', 'correct_and_resubmit', 'category', '§1.3 row 562: fix the billing NPI'],
    ['A3', '0', 'hand_to_person', 'status_code', '§1.3 row 0: with A3, phone or portal'],
    ['F2', '1', 'reconcile_remittance', 'status_code', '§1.3 row 1, §1.2 F2: 835 before appeal'],
    ['F1', '65', 'reconcile_remittance', 'category', '§1.3 row 65: paid, reconcile'],
    ['A4', '35', 'hand_to_person', 'category', '§1.3 row 35 with A4: resubmit or prove timely filing'],
    ['E1', '689', 'retry_inquiry', 'category', '§1.3 row 689 with E1: retry later'],
    ['D0', '689', 'retry_inquiry', 'status_code', '§1.3 row 689: holder timed out, retry'],
    ['A1', '19', 're_check_later', 'category', '§1.3 row 19: receipt acknowledged'],
    ['A2', '20', 're_check_later', 'category', '§1.3 row 20: accepted for processing'],
    ['P1', '41', 're_check_later', 'category', '§1.3 rows 40–47: pending'],
    ['P2', '52', 'patient_outreach', 'status_code', '§1.3 row 52: other insurance, update with the patient'],
    ['F4', '84', 'appeal', 'status_code', '§1.3 row 84: authorization denial workflow'],
    ['F2', '84', 'appeal', 'category', '§1.3 row 84: authorization denial workflow'],
    ['F4', '88', 'hand_to_person', 'status_code', '§1.3 rows 88–91: eligibility check'],
    ['F2', '29', 'correct_and_resubmit', 'status_code', '§1.3 rows 29–34: demographics fix'],
    ['A7', '116', 'correct_and_resubmit', 'category', '§1.3 row 116: re-route to the right payer'],
    ['F2', '116', 'correct_and_resubmit', 'status_code', '§1.3 row 116: re-route to the right payer'],
    ['F2', '85', 'hand_to_person', 'status_code', '§1.3 row 85: not primary, COB'],
    ['P3', '95', 'send_documentation', 'category', '§1.3 row 95: send the documents urgently'],
    ['F2', '95', 'send_documentation', 'status_code', '§1.3 row 95: send the documents urgently'],
  ])('%s:%s leads to %s from the %s (%s)', (category, code, action, basis) => {
    expect(followUpForClaimStatus({ category, code })).toMatchObject({ action, basis });
  });

  it('when a payer reports a duplicate (54), the claim goes to a person and is never resubmitted (§1.3 rows 54/78)', () => {
    for (const category of ['A7', 'F2', 'P1']) {
      expect(followUpForClaimStatus({ category, code: '54' })).toMatchObject({
        action: 'hand_to_person',
        doNotResubmit: true,
      });
    }
    expect(followUpForClaimStatus({ category: 'P1', code: '78' })).toMatchObject({
      action: 're_check_later',
      doNotResubmit: true,
    });
  });

  it('when the payer repeats a request for information (4/5) or says it never arrived (95), the task is urgent (§1.3)', () => {
    expect(followUpForClaimStatus({ category: 'R4', code: '4' })).toMatchObject({
      action: 'send_documentation',
      urgent: true,
    });
    expect(followUpForClaimStatus({ category: 'R4', code: '5' }).urgent).toBe(true);
    expect(followUpForClaimStatus({ category: 'P3', code: '95' }).urgent).toBe(true);
    expect(followUpForClaimStatus({ category: 'R4', code: '21' }).urgent).toBe(false);
  });

  it('a retired "may be reconsidered" code (7) does not hold back a denial', () => {
    expect(followUpForClaimStatus({ category: 'F2', code: '7' })).toMatchObject({
      action: 'appeal',
      basis: 'category',
    });
  });

  it('a refinement stays within its categories: code 1 under A1 leaves the wait alone', () => {
    expect(followUpForClaimStatus({ category: 'A1', code: '1' })).toMatchObject({
      action: 're_check_later',
      basis: 'category',
    });
  });

  it('an unknown status code leaves the category action alone', () => {
    expect(followUpForClaimStatus({ category: 'F2', code: '9999' })).toMatchObject({
      action: 'appeal',
      basis: 'category',
    });
  });

  it('an unknown category goes to a person, without throwing, and says why', () => {
    const followUp = followUpForClaimStatus({ category: 'X0', code: '21' });
    expect(followUp).toMatchObject({ action: 'hand_to_person', basis: 'unknown_category' });
    expect(followUp.reason).toContain('"X0"');
  });

  it('every reason names the codes that decided it', () => {
    expect(followUpForClaimStatus({ category: 'F2', code: '1' }).reason).toMatch(/status code 1 under F2/);
    expect(followUpForClaimStatus({ category: 'A7', code: '21' }).reason).toMatch(
      /category A7.*status code 21/,
    );
  });
});
