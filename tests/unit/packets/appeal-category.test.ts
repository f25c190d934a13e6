import { describe, expect, it } from 'vitest';
import { appealCategoryOf, notAppealableReason } from '../../../src/domain/appeal-category';

const denial = (codes: string, remarks: string[] = []) => ({
  adjustments: codes
    .split(' ')
    .filter(Boolean)
    .map((code) => {
      const [group, carc] = code.split('-');
      return { group: group!, carc: carc! };
    }),
  remarks,
});

describe('the appeal category of a denial', () => {
  it.each([
    ['CO-197', [], 'authorization'],
    ['CO-198', [], 'authorization'],
    ['CO-50', [], 'medical_necessity'],
    ['CO-151', [], 'medical_necessity'],
    ['CO-50', ['N386'], 'medical_necessity'],
    ['CO-96', ['N386'], 'medical_necessity'],
    ['CO-4', [], 'coding'],
    ['CO-167', [], 'coding'],
    ['CO-16', ['M51'], 'coding'],
    ['CO-97', [], 'bundling'],
    ['CO-16', ['N20'], 'bundling'],
    ['CO-29', [], 'timely_filing'],
    ['CO-22', [], 'coordination_of_benefits'],
    ['CO-16', ['MA04'], 'coordination_of_benefits'],
    ['OA-18', [], 'duplicate'],
    ['CO-16', ['M86'], 'duplicate'],
    ['CO-27', [], 'eligibility'],
    ['CO-31', [], 'eligibility'],
    ['CO-A1', ['N382'], 'eligibility'],
    ['CO-96', ['N30'], 'eligibility'],
    ['CO-96', [], 'non_covered'],
    ['CO-119', [], 'non_covered'],
    ['CO-16', ['M127'], 'missing_information'],
    ['CO-16', [], 'missing_information'],
    ['CO-252', [], 'missing_information'],
    ['CO-163', [], 'missing_information'],
    ['CO-A1', [], 'general'],
    ['CO-999', [], 'general'],
  ])('when the deciding code is %s with remarks %j, then the category is %s', (codes, remarks, expected) => {
    expect(appealCategoryOf(denial(codes, remarks)).category).toBe(expected);
  });

  it('takes the deciding (first) adjustment, not a later one', () => {
    expect(appealCategoryOf(denial('CO-197 CO-50')).category).toBe('authorization');
    expect(appealCategoryOf(denial('CO-50 CO-197')).category).toBe('medical_necessity');
  });

  it('names the codes that decided it', () => {
    expect(appealCategoryOf(denial('CO-16', ['M51'])).reason).toBe('CO-16 with M51: coding');
    expect(appealCategoryOf(denial('CO-999')).reason).toMatch(/outside Tickler's table/);
  });

  it('without adjustment codes, uses a remark that names a reason, else general', () => {
    expect(appealCategoryOf(denial('', ['N386'])).category).toBe('medical_necessity');
    expect(appealCategoryOf(denial('')).category).toBe('general');
    expect(appealCategoryOf(denial('')).reason).toMatch(/no adjustment reason code/);
  });

  it('when MA130 is among the remarks, then the denial cannot be appealed whatever the CARC; otherwise it can', () => {
    expect(notAppealableReason(denial('CO-16', ['MA130']))).toMatch(/^MA130: .*no appeal rights.*new claim/);
    expect(notAppealableReason(denial('CO-50', ['N386', 'MA130']))).toMatch(/^MA130/);
    expect(notAppealableReason(denial('CO-197', ['N386']))).toBeUndefined();
  });
});
