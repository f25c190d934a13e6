import type {
  CategoryLabelTable,
  ClaimStatusCodeRangeTable,
  ClaimStatusCodeTable,
} from '../claim-status-detail';

/**
 * The common X12 277 Claim Status Codes (external code list 508, STC01-2): what each says and, where it
 * changes the follow-up, which action it calls for under which categories. A refinement applies only
 * under the categories it names (a full category code, or one letter for the whole family), so a code
 * never turns a rejection into a wait or a denial into silence by accident.
 *
 * Not the whole list: 508 has well over a thousand codes and changes several times a year. This is the
 * selection that Tickler's reference calls common; every other code is described as unknown and leaves
 * the category's action alone.
 */
export const claimStatusCodeTable = {
  source:
    'X12 external code list 508, Claim Status Codes (https://x12.org/codes/claim-status-codes); selection, ' +
    'pairings and follow-up from the Tickler AR follow-up reference, section 1.3. Code numbers, and stop dates ' +
    'where a code is no longer current, checked against the list copy in DrBassman/hippo_eyeDoc ' +
    'lib/hippo/code_lists/claim_status_codes.rb. Meanings paraphrased.',
  records: [
    {
      code: '0',
      meaning: 'No further status can be given electronically',
      kind: 'pointer',
      hint: 'call the payer or use its portal',
      refinements: [{ with: ['A3', 'A4', 'A6', 'A7', 'A8'], action: 'hand_to_person' }],
    },
    {
      code: '1',
      meaning: 'Details are in the remittance advice',
      kind: 'pointer',
      hint: 'read the 835 for the amounts and adjustment reasons',
      refinements: [{ with: ['F1', 'F2', 'F4'], action: 'reconcile_remittance' }],
    },
    {
      code: '2',
      meaning: 'Details were sent in a letter',
      kind: 'pointer',
      hint: 'watch the mail or the payer portal for the letter',
      refinements: [{ with: ['A3', 'A4', 'A6', 'A7', 'A8', 'F2', 'F4', 'R'], action: 'hand_to_person' }],
    },
    {
      code: '3',
      meaning: 'Adjudicated; payment waits for the next payment cycle',
      kind: 'adjudicated',
      hint: 'expect the 835 soon',
    },
    {
      code: '4',
      meaning: 'A repeat of an earlier request for information',
      kind: 'information_request',
      hint: 'the payer is asking again: answer first',
      urgent: true,
      stopped: '2008-07-01',
    },
    {
      code: '5',
      meaning: 'The last request for information before the payer decides without it',
      kind: 'information_request',
      hint: 'last call: answer first',
      urgent: true,
      stopped: '2008-07-01',
    },
    {
      code: '6',
      meaning: 'A balance is due from the subscriber',
      kind: 'patient_balance',
      hint: 'bill the patient (or the next payer) once the 835 is posted',
    },
    {
      code: '7',
      meaning: 'The payer may reconsider the claim later',
      kind: 'pending',
      hint: 're-check; the appeal clock still runs on a denial',
      stopped: '2008-07-01',
      note: 'No action refinement on purpose: a retired code must not hold back a denial workflow.',
    },
    {
      code: '8',
      meaning: 'Nothing is due under the contract or plan provisions',
      kind: 'no_payment',
      hint: 'review the denial in the 835',
      stopped: '2008-01-01',
    },
    {
      code: '9',
      meaning: 'The payer will pay nothing on this claim',
      kind: 'no_payment',
      hint: 'review the denial in the 835',
      stopped: '2008-07-01',
    },
    {
      code: '16',
      meaning: 'Forwarded to the entity the entity code names',
      kind: 'forwarded',
      hint: 'track the claim at the payer it went to',
    },
    {
      code: '17',
      meaning: 'A third party forwarded the claim to the named entity',
      kind: 'forwarded',
      hint: 'track the claim at the payer it went to',
    },
    {
      code: '19',
      meaning: 'The entity confirms it received the claim',
      kind: 'acknowledged',
      hint: 'received, not yet accepted',
    },
    {
      code: '20',
      meaning: 'Accepted for processing',
      kind: 'acknowledged',
      hint: 'accepted (277CA): the payer-processing wait starts',
    },
    {
      code: '21',
      meaning: 'Missing or invalid information',
      kind: 'data_error',
      hint: 'another status code in the same answer names the field to fix',
    },
    {
      code: '23',
      meaning: 'Returned to the entity the entity code names',
      kind: 'returned',
      hint: 'a returned claim was never filed: correct it and submit a new claim',
    },
    {
      code: '26',
      meaning: 'The named entity (patient, subscriber, provider) was not found',
      kind: 'identification',
      hint: 'check the identifiers and eligibility, then resubmit',
      refinements: [{ with: ['F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '28',
      meaning: 'Sent to the wrong payer',
      kind: 'wrong_payer',
      hint: 're-route to the payer that covers the patient',
      stopped: '2008-01-01',
      refinements: [{ with: ['A', 'F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '29',
      meaning: 'Subscriber and policy or contract number do not match',
      kind: 'identification',
      hint: 'fix the subscriber demographics',
      refinements: [{ with: ['F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '30',
      meaning: 'Subscriber and subscriber ID do not match',
      kind: 'identification',
      hint: 'fix the subscriber demographics',
      refinements: [{ with: ['F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '31',
      meaning: 'Subscriber and policyholder name do not match',
      kind: 'identification',
      hint: 'fix the subscriber demographics',
      refinements: [{ with: ['F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '32',
      meaning: 'No subscriber found with that policy or contract number',
      kind: 'identification',
      hint: 'fix the subscriber demographics',
      refinements: [{ with: ['F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '33',
      meaning: 'No subscriber found with that subscriber ID',
      kind: 'identification',
      hint: 'fix the subscriber demographics',
      refinements: [{ with: ['F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '34',
      meaning: 'No subscriber found with that policyholder name',
      kind: 'identification',
      hint: 'fix the subscriber demographics',
      refinements: [{ with: ['F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '35',
      meaning: 'The payer has no record of the claim',
      kind: 'not_found',
      hint: 'confirm the 999/277CA acceptance; resubmit if it never arrived and keep proof of timely filing',
    },
    {
      code: '38',
      meaning: 'Waiting for the next scheduled adjudication cycle',
      kind: 'pending',
      hint: 're-check after the cycle',
    },
    {
      code: '40',
      meaning: 'Waiting for final approval',
      kind: 'pending',
      hint: 're-check later',
    },
    {
      code: '41',
      meaning: 'Needs special handling at the payer',
      kind: 'pending',
      hint: 're-check later',
    },
    {
      code: '42',
      meaning: 'Waiting for related charges',
      kind: 'pending',
      hint: 're-check later; related claims may need to be sent',
    },
    {
      code: '44',
      meaning: 'Charges held for a provider audit',
      kind: 'pending',
      hint: 're-check at a longer interval',
    },
    {
      code: '45',
      meaning: 'Waiting for a benefit determination',
      kind: 'pending',
      hint: 're-check later',
    },
    {
      code: '46',
      meaning: 'Under internal review or audit',
      kind: 'pending',
      hint: 're-check at a longer interval',
    },
    {
      code: '47',
      meaning: 'Under internal review or audit, with part already paid',
      kind: 'pending',
      hint: 'post the partial payment; re-check for the rest',
    },
    {
      code: '52',
      meaning: 'The payer is checking whether other insurance exists',
      kind: 'coordination_of_benefits',
      hint: 'ask the patient to update their other-coverage information with the payer',
      refinements: [{ with: ['P', 'F2', 'F4'], action: 'patient_outreach' }],
    },
    {
      code: '54',
      meaning: 'Duplicate of a claim already processed',
      kind: 'duplicate',
      hint: 'do not resubmit: find the original claim and its outcome',
      doNotResubmit: true,
      refinements: [{ with: ['*'], action: 'hand_to_person' }],
    },
    {
      code: '56',
      meaning: 'Waiting for an eligibility determination',
      kind: 'pending',
      hint: 're-check later',
    },
    {
      code: '65',
      meaning: 'The claim or line has been paid',
      kind: 'paid',
      hint: 'reconcile the 835',
    },
    {
      code: '67',
      meaning: 'Paid in full',
      kind: 'paid',
      hint: 'reconcile the 835',
      stopped: '2008-07-01',
    },
    {
      code: '68',
      meaning: 'Partly paid',
      kind: 'paid',
      hint: 'reconcile the 835 and follow up the unpaid part',
      stopped: '2008-07-01',
    },
    {
      code: '78',
      meaning: 'Duplicate of a claim still waiting to be processed',
      kind: 'duplicate',
      hint: 'do not resubmit: the other copy is still in process',
      doNotResubmit: true,
      refinements: [{ with: ['A', 'F'], action: 'hand_to_person' }],
    },
    {
      code: '84',
      meaning: 'The service was not authorized',
      kind: 'authorization',
      hint: 'authorization denial: retro-authorization or appeal with the authorization',
      refinements: [{ with: ['F2', 'F4'], action: 'appeal' }],
    },
    {
      code: '85',
      meaning: 'The named entity is not the primary payer',
      kind: 'coordination_of_benefits',
      hint: 'bill the primary payer first, then this one with its remittance',
      refinements: [{ with: ['A', 'F2', 'F4'], action: 'hand_to_person' }],
    },
    {
      code: '88',
      meaning: 'Not eligible for benefits on the dates of service',
      kind: 'eligibility',
      hint: 're-verify eligibility (270/271); bill the right payer or the patient',
      refinements: [{ with: ['F2', 'F4'], action: 'hand_to_person' }],
    },
    {
      code: '89',
      meaning: 'Not eligible for dental benefits on the dates of service',
      kind: 'eligibility',
      hint: 're-verify eligibility (270/271); bill the right payer or the patient',
      refinements: [{ with: ['F2', 'F4'], action: 'hand_to_person' }],
    },
    {
      code: '90',
      meaning: 'Not eligible for medical benefits on the dates of service',
      kind: 'eligibility',
      hint: 're-verify eligibility (270/271); bill the right payer or the patient',
      refinements: [{ with: ['F2', 'F4'], action: 'hand_to_person' }],
    },
    {
      code: '91',
      meaning: 'Not eligible or not approved for the dates of service',
      kind: 'eligibility',
      hint: 're-verify eligibility (270/271); bill the right payer or the patient',
      refinements: [{ with: ['F2', 'F4'], action: 'hand_to_person' }],
    },
    {
      code: '95',
      meaning: 'Information the payer asked for has not arrived',
      kind: 'information_request',
      hint: 'send the requested documents now',
      urgent: true,
      refinements: [{ with: ['P', 'F2', 'F4'], action: 'send_documentation' }],
    },
    {
      code: '101',
      meaning: 'Processed as an adjustment of an earlier claim',
      kind: 'adjudicated',
      hint: 'link to the original claim before posting',
    },
    {
      code: '104',
      meaning: "Processed under the plan's provisions",
      kind: 'adjudicated',
      hint: 'read the 835 for what the plan allowed',
    },
    {
      code: '107',
      meaning: "Processed under the provider contract's provisions",
      kind: 'adjudicated',
      hint: 'check the payment against the contract',
    },
    {
      code: '109',
      meaning: 'The named entity is not eligible',
      kind: 'eligibility',
      hint: 're-verify eligibility (270/271); bill the right payer or the patient',
      refinements: [{ with: ['F2', 'F4'], action: 'hand_to_person' }],
    },
    {
      code: '116',
      meaning: 'Sent to an incorrect payer',
      kind: 'wrong_payer',
      hint: 're-route to the payer that covers the patient',
      refinements: [{ with: ['A', 'F2', 'F4'], action: 'correct_and_resubmit' }],
    },
    {
      code: '123',
      meaning: 'The payer asked the named entity for more information',
      kind: 'information_request',
      hint: 'send what was asked for (or have the patient send it)',
    },
    {
      code: '125',
      meaning: "The entity's name",
      kind: 'data_element',
      hint: 'fix the name on the claim',
    },
    {
      code: '158',
      meaning: "The entity's date of birth",
      kind: 'data_element',
      hint: 'fix the date of birth on the claim',
    },
    {
      code: '163',
      meaning: "The entity's policy number",
      kind: 'data_element',
      hint: 'fix the policy number on the claim',
    },
    {
      code: '164',
      meaning: "The entity's contract or member number",
      kind: 'data_element',
      hint: 'fix the member ID on the claim',
    },
    {
      code: '187',
      meaning: 'The date(s) of service',
      kind: 'data_element',
      hint: 'fix the dates of service on the claim',
    },
    {
      code: '562',
      meaning: "The entity's National Provider Identifier (NPI)",
      kind: 'data_element',
      hint: 'fix the NPI of the provider the entity code names (85: billing provider)',
      note: 'Seen as A7:562:85 in imsweb/x12-parser src/test/resources/277_5010/x12_277CA_rejected.txt.',
    },
    {
      code: '689',
      meaning: 'The entity did not answer in the expected time',
      kind: 'transient',
      hint: 'retry the inquiry later with backoff',
      refinements: [{ with: ['E', 'D0'], action: 'retry_inquiry' }],
      note: 'Paired with E1 in the Change Healthcare Ruby client tests (reference section 1.3).',
    },
  ],
} as const satisfies ClaimStatusCodeTable;

/**
 * Ranges of 508 whose codes each name one claim data element; a code in a range that the table above
 * does not list gets this generic meaning rather than "unknown".
 */
export const claimStatusCodeRangeTable = {
  source:
    'Tickler AR follow-up reference, section 1.3 ("124–187: entity data elements"). Not every number in the ' +
    'range is a current code, and a few name amounts rather than identifiers; X12 code list 508 names the exact element.',
  ranges: [
    {
      from: 124,
      to: 187,
      meaning: 'A claim data element (code list 508 names which one)',
      kind: 'data_element',
      hint: 'look up the element in code list 508 and fix it on the claim',
    },
  ],
} as const satisfies ClaimStatusCodeRangeTable;

/**
 * Short labels for the 277 category codes (list 507), used only to build one-line descriptions such as
 * "A7:21 — rejected, missing or invalid information". The meanings themselves live in
 * `./claim-status-categories`.
 */
export const categoryLabelTable = {
  source: "Tickler's own wording, one label per code of ./claim-status-categories (X12 code list 507).",
  labels: {
    A0: 'forwarded to another entity',
    A1: 'received, not yet accepted',
    A2: 'accepted for adjudication',
    A3: 'returned as unprocessable',
    A4: 'not found by the payer',
    A5: 'split on acceptance',
    A6: 'rejected',
    A7: 'rejected',
    A8: 'rejected',
    P0: 'pending',
    P1: 'pending, in process',
    P2: 'pending payer review',
    P3: 'pending, waiting on the provider',
    P4: 'pending, waiting on the patient',
    P5: 'pending, payer hold',
    F0: 'finalized',
    F1: 'paid',
    F2: 'denied',
    F3: 'finalized, revised',
    F3F: 'finalized and forwarded to the next payer',
    F3N: 'finalized, not forwarded to the next payer',
    F4: 'finalized, no payment forthcoming',
    R0: 'information requested',
    R1: 'information requested about an entity',
    R3: 'claim information requested',
    R4: 'documentation requested',
    R5: 'more specific information requested',
    R6: 'regulatory information requested',
    R7: 'plan policy information requested',
    R8: 'coverage exception information requested',
    R9: 'medical necessity information requested',
    R10: 'appeal support requested',
    R11: 'pre-payment review information requested',
    R12: 'procedure code justification requested',
    R13: 'repeat request, documents unreadable',
    R14: 'repeat request, wrong documents',
    R15: "workers' compensation information requested",
    R16: 'eligibility information requested',
    R17: 'earlier attachment request replaced',
    E0: 'no status, inquiry data in error',
    E1: 'no status, payer system unavailable',
    E2: 'no status, payer not responding',
    E3: 'no status, inquiry fields disagree',
    E4: 'no status, trading partner requirement not met',
    D0: 'no claim matched the inquiry',
  },
} as const satisfies CategoryLabelTable;
