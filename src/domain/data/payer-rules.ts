import type { AcknowledgementRule, AppealLevelRule, PayerRuleSet, PaymentDays } from '../payer-rules';

/**
 * Seed payer rule sets. Every figure comes from the Tickler AR follow-up reference
 * (`shared/domain/ar-follow-up-reference.md`) and names the section and the primary sources the reference
 * gives for it; "(3rd-party)" marks figures the reference only has from vendor or blog summaries, and
 * "design default" marks values Tickler chose where the reference has no figure for that payer. Where
 * sources disagree the shorter window is seeded, so a deadline is never later than the payer's.
 *
 * All seeds are version 1, in force from 2026-01-01, the day Tickler adopted the reference's figures (the
 * reference dates few of them). The rule changes it mentions (Cigna 180 -> 90 days in 2011, Humana's older
 * 180-day notice, the ACA's shortening of Medicare's limit) all predate that day, so the current figure is
 * version 1 and no second version is seeded.
 */

const reference = 'shared/domain/ar-follow-up-reference.md';
const effectiveFrom = '2026-01-01';

function cite(section: string, fact: string, ...urls: string[]): string {
  return `${reference} ${section}: ${fact}${urls.length > 0 ? ` (${urls.join(' ; ')})` : ''}`;
}

// Primary sources, as the reference lists them.
const cgsTimelyFiling = 'https://cgsmedicare.com/parta/claims/timely.html';
const palmettoTimelyFiling = 'https://www.dexzcodes.com/palmetto/jmhhh.nsf/DID/AWNPNM6234';
const fcsoAdjustments =
  'https://medicare-prod.fcso.com/claims/claims-adjusting-reopening-cancelling-and-resubmitting';
const cfr405980 = 'http://www.law.cornell.edu/cfr/text/42/405.980';
const ngsAppeals =
  'https://ngsmedicare.com/en/web/ngs/levels-of-appeals-and-time-limits-for-filing?selectedArticleId=2754831';
const cfr405942 = 'https://law.lawstack.com/cfr/42/405.942/';
const cgsLevel3 = 'https://cgsmedicare.com/partb/appeals/level3.html';
const noridianAppeals = 'https://med.noridianmedicare.com/web/jadme/claims-appeals/appeals';
const ngsPaymentFloor = 'https://ngsmedicare.com/web/ngs/medicare-part-b-101-manual?selectedArticleId=623341';
const cgsPaymentFloor = 'https://cgsmedicare.com/mycgs/ssi/financial/payment_floor_status.html';
const paperPaymentFloor =
  'https://medicarepaymentandreimbursement.com/2010/05/medicare-payment-floor-and-payment.html';
const noridianCleanClaims =
  'https://med.noridianmedicare.com/web/jadme/claims-appeals/claim-submission/clean';
const cfr405922 =
  'https://www.govregs.com/regulations/title42_chapterIV_part405_subpartI_subjgrp25_section405.922';
const cmsPartCReconsideration = 'http://www.cms.gov/Medicare/Appeals-and-Grievances/MMCAG/PartCRecon.html';
const omhaPartC = 'https://www.hhs.gov/about/agencies/omha/the-appeals-process/level-1/part-c/index.html';
const bcbsneMaAppeals =
  'https://www.nebraskablue.com/Providers/Policies-and-Procedures/Medicare-Advantage/Non-Contracted-Provider-Appeals';
const bcbsneTimelyFiling =
  'https://www.nebraskablue.com/en/Providers/BCBSNE-Provider-Procedures/General/Timely-Filing-Limit';
const bcbsmaGuidelines = 'https://www.scribd.com/document/698319265/MPC-052218-1H-Timely-Filing-Guidelines';
const bcbsmnManual =
  'https://www.yumpu.com/en/document/view/11449147/name-of-manual-blue-cross-and-blue-shield-of-minnesota/224';
const bcbsilTimelyFiling =
  'https://bcbsil.com/provider/education/education-reference/news/2024/10-28-2024-follow-timely-filing-requirements';
const mediCalBulletin = 'https://files.medi-cal.ca.gov/pubsdoco/bulletins/artfull/part1202204.aspx';
const medicaidByState = 'https://arrowhq.com/blog/medicaid-timely-filing-limits-by-state';
const nyFod7001 = 'https://paperzz.com/doc/9194536/fod---7001--submitting-claims-over-90-days-from-date-of';
const ny90DayRule =
  'https://www.oalaw.com/blog/health-law/attention-nys-medicaid-providers-guidance-for-the-use-of-90-day-date-of-service-billing-rule-delay-reason-15-natural-disaster-state-of-emergency/';
const tmhpClaimsFiling =
  'http://www.tmhp.com/Manuals_HTML1/TMPPM/Archive/2016/Vol1_06_Claims_Filing.07.011.html';
const floridaMedicaidLimit = 'https://legalclarity.org/what-is-the-florida-medicaid-timely-filing-limit';
const uhcAgreementClause = 'https://lawinsider.com/clause/time-to-file-claims/_2';
const uhcSummary = 'https://arrowhq.com/blog/unitedhealthcare-timely-filing-limits';
const cignaWhenToFile =
  'https://static.cigna.com/assets/chcp/resourceLibrary/clinicalReimbursementPayment/medicalClinicalReimburseWhenToFile.html';
const cignaLimitChange =
  'https://sfmms.org/news-events/sfmms-blog/cigna-reduces-claim-filing-time-limit-to-90-days.aspx';
const cignaSummary = 'https://arrowhq.com/blog/cigna-timely-filing-limits';
const aetnaProviderAppeals =
  'https://www.aetna.com/health-care-professionals/disputes-appeals/provider-appeals.html';
const aetnaSummary = 'https://medicalbillingcycle.com/?p=349';
const aetnaCorrectedClaims =
  'https://accountinginsights.org/what-is-aetnas-timely-filing-limit-for-corrected-claims';
const humanaClaimPolicies =
  'https://www.humana.com/provider/news/publications/humana-your-practice/online-claim-payment-policies';
const humanaTimelyFiling =
  'https://www.humana.com/provider/support/publications/your-practice-newsletter/timely-filing-policy';
const erisaAppealExample = 'https://amben.com/claims-appeal-procedure.html';
const promptPayByState = 'http://www.healthcarepromptpay.com/';
const promptPayTable = 'http://www.medclaimsint.com/prompt_pay.htm';
const coreBatchResponse = 'https://ediacademy.com/blog/caqh-core-155-batch-response-time/';
const coreRules = 'https://www.caqh.org/taxonomy/term/122';

/** Acknowledgement timing is set by the clearinghouse rules (CAQH CORE), the same for every payer. */
const acknowledgement: AcknowledgementRule = {
  functionalAckHours: 1,
  claimAckBusinessDays: 1,
  investigateAfterBusinessDays: 3,
  source: cite(
    '§0, §6.1, §6.2',
    'CAQH CORE batch rule makes the 999 available within 1 hour; with no 999/277CA, alert at +1 business ' +
      'day and investigate at +3 (a claim never received is not filed) — §6.2 is a design proposal',
    coreBatchResponse,
    coreRules,
  ),
};

/** Commercial prompt pay where the reference has no payer- or state-specific figure. */
const typicalPromptPay: PaymentDays = {
  electronicDays: 30,
  paperDays: 45,
  source: cite(
    '§6.1, §4.4',
    'design default: commercial prompt pay is typically 30 days electronic / 45 paper (15-45 by state); ' +
      'the reference has no figure for this payer',
    promptPayByState,
    promptPayTable,
  ),
};

/** The ERISA floor for a group health plan appeal, for payers with no appeal figure of their own. */
function erisaAppeal(payer: string): AppealLevelRule {
  return {
    level: 1,
    name: 'Internal appeal',
    from: 'notice_date',
    period: { days: 180 },
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§5.3',
      `design default for ${payer}: the reference gives no appeal window for it, so the ERISA minimum ` +
        'applies — at least 180 days after the adverse benefit determination (29 CFR 2560.503-1(h))',
      erisaAppealExample,
    ),
  };
}

/** Medicare levels 3-5 (Medicare Advantage uses them too): 60 days from receipt of the prior decision. */
function medicareLaterLevels(section: string): AppealLevelRule[] {
  const levels: [number, string, string][] = [
    [3, 'ALJ hearing (OMHA)', cgsLevel3],
    [4, 'Medicare Appeals Council review', noridianAppeals],
    [5, 'Judicial review (federal district court)', noridianAppeals],
  ];
  return levels.map(([level, name, url]) => ({
    level,
    name,
    from: 'receipt_of_notice',
    period: { days: 60 },
    presumedReceiptDays: 5,
    rollForwardOnNonBusinessDay: false,
    source: cite(
      section,
      `level ${level}: 60 days from receipt of the prior decision, receipt presumed 5 days after its date`,
      ngsAppeals,
      url,
      cfr405942,
    ),
  }));
}

const medicareFfs: PayerRuleSet = {
  id: 'medicare-ffs',
  version: 1,
  effectiveFrom,
  payerClass: 'medicare_ffs',
  name: 'Medicare fee-for-service, Parts A and B',
  source: cite('§3.3, §4.1, §4.4, §5.1, §6.1', 'Medicare FFS filing, correction, appeal and payment rules'),
  timelyFiling: {
    period: { months: 12 },
    from: { institutional: 'through_date', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: true,
    source: cite(
      '§4.1',
      '12 months after the date of service (42 CFR 424.44); institutional span claims from the Through ' +
        "date, professional from each line's From date; a last day on a weekend or federal non-workday " +
        'moves to the next workday (Palmetto); MSP situations do not extend it',
      cgsTimelyFiling,
      palmettoTimelyFiling,
    ),
  },
  correctedClaim: {
    period: { months: 12 },
    from: 'date_of_service',
    rollForwardOnNonBusinessDay: true,
    source: cite(
      '§3.2, §3.3',
      'adjustment (xx7) and RTP resubmissions within the same 12 months from the date of service as originals',
      cgsTimelyFiling,
      fcsoAdjustments,
    ),
    reopening: {
      period: { months: 12 },
      from: 'adjudication_date',
      goodCausePeriod: { months: 48 },
      rollForwardOnNonBusinessDay: false,
      source: cite(
        '§3.2',
        'clerical errors are reopened, not appealed: within 1 year of the initial determination for any ' +
          'reason, 1-4 years with good cause (42 CFR 405.980)',
        cfr405980,
      ),
    },
  },
  appealLevels: [
    {
      level: 1,
      name: 'Redetermination (MAC)',
      from: 'receipt_of_notice',
      period: { days: 120 },
      presumedReceiptDays: 5,
      rollForwardOnNonBusinessDay: false,
      source: cite(
        '§5.1',
        '120 days from receipt of the initial determination, presumed received 5 days after the notice ' +
          'date (42 CFR 405.942(a)(1)); filed when the contractor receives it',
        ngsAppeals,
        cfr405942,
      ),
    },
    {
      level: 2,
      name: 'Reconsideration (QIC)',
      from: 'receipt_of_notice',
      period: { days: 180 },
      presumedReceiptDays: 5,
      rollForwardOnNonBusinessDay: false,
      source: cite(
        '§5.1',
        '180 days from receipt of the redetermination, receipt presumed 5 days after its date',
        ngsAppeals,
        cfr405942,
      ),
    },
    ...medicareLaterLevels('§5.1'),
  ],
  expectedPayment: {
    floor: {
      electronicDays: 14,
      paperDays: 29,
      source: cite(
        '§6.1',
        'payment floor: a HIPAA-compliant electronic clean claim is payable on day 14 after receipt, paper on day 29',
        ngsPaymentFloor,
        cgsPaymentFloor,
        paperPaymentFloor,
      ),
    },
    promptPay: {
      electronicDays: 30,
      paperDays: 30,
      source: cite(
        '§4.4, §6.1',
        'payment ceiling: clean claims paid or denied within 30 days, interest from day 31',
        noridianCleanClaims,
        cfr405922,
      ),
    },
  },
  acknowledgement,
};

const medicareAdvantageReconsideration = {
  level: 1,
  name: 'Plan reconsideration',
  from: 'notice_date',
  rollForwardOnNonBusinessDay: false,
} as const;

const independentReview: AppealLevelRule = {
  level: 2,
  name: 'Independent review entity (IRE)',
  from: 'auto_forwarded',
  source: cite(
    '§5.2',
    'the plan forwards an unfavourable reconsideration to the Part C IRE itself',
    cmsPartCReconsideration,
    omhaPartC,
  ),
};

const medicareAdvantage: PayerRuleSet = {
  id: 'medicare-advantage',
  version: 1,
  effectiveFrom,
  payerClass: 'medicare_advantage',
  name: 'Generic Medicare Advantage plan',
  source: cite('§4.3, §5.2', 'a Medicare Advantage plan with no contract-specific rules configured'),
  timelyFiling: {
    period: { days: 90 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§4.3',
      'design default: MA limits in the reference run from 90 days (BCBS Massachusetts MA) to 15 months ' +
        '(BCBS Alabama Blue Advantage) and contracts override; the shortest is used, from the first date of service',
      bcbsmaGuidelines,
    ),
  },
  appealLevels: [
    {
      ...medicareAdvantageReconsideration,
      period: { days: 60 },
      source: cite(
        '§5.2',
        'plan reconsideration within 60 calendar days of the organization determination notice',
        cmsPartCReconsideration,
        omhaPartC,
      ),
    },
    independentReview,
    ...medicareLaterLevels('§5.2 (levels 3-5 as FFS), §5.1'),
  ],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const bcbsNebraskaMedicareAdvantage: PayerRuleSet = {
  id: 'bcbs-nebraska-medicare-advantage',
  version: 1,
  effectiveFrom,
  payerClass: 'medicare_advantage',
  name: 'Blue Cross and Blue Shield of Nebraska Medicare Advantage',
  source: cite('§3.3, §4.3, §5.2', 'BCBSNE rules with its Medicare Advantage appeal policy'),
  timelyFiling: {
    period: { days: 120 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    afterPrimaryPayer: {
      period: { days: 120 },
      from: 'primary_eob_date',
      rollForwardOnNonBusinessDay: false,
      source: cite('§4.3', 'BCBSNE: COB claims 120 days from the primary EOB', bcbsneTimelyFiling),
    },
    source: cite(
      '§4.3',
      'BCBSNE: 120 days (or as the contract says); the reference names no product, so it is applied to MA too',
      bcbsneTimelyFiling,
    ),
  },
  correctedClaim: {
    period: { months: 12 },
    from: 'adjudication_date',
    rollForwardOnNonBusinessDay: false,
    source: cite('§3.3', 'BCBSNE: adjustments within 12 months of the last adjudication', bcbsneTimelyFiling),
  },
  appealLevels: [
    {
      ...medicareAdvantageReconsideration,
      period: { days: 65 },
      source: cite(
        '§5.2',
        'BCBSNE policy MA-X-052 (updated 12/2025): reconsideration within 65 calendar days from the remittance',
        bcbsneMaAppeals,
      ),
    },
    independentReview,
    ...medicareLaterLevels('§5.2 (levels 3-5 as FFS), §5.1'),
  ],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const nyMedicaid: PayerRuleSet = {
  id: 'ny-medicaid',
  version: 1,
  effectiveFrom,
  payerClass: 'medicaid',
  name: 'New York Medicaid, eMedNY',
  source: cite('§3.3, §4.2, §5.4', 'eMedNY filing and resubmission rules; no appeal window given'),
  timelyFiling: {
    period: { days: 90 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§4.2',
      '90 days from the date of service; late claims need a delay reason code (not modelled)',
      ny90DayRule,
      nyFod7001,
    ),
  },
  correctedClaim: {
    period: { days: 60 },
    from: 'adjudication_date',
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§3.3, §5.4',
      'rejected or denied claims corrected and resubmitted, and paid claims adjusted, within 60 days of notification',
      nyFod7001,
    ),
  },
  appealLevels: [],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const texasMedicaid: PayerRuleSet = {
  id: 'tx-medicaid',
  version: 1,
  effectiveFrom,
  payerClass: 'medicaid',
  name: 'Texas Medicaid, TMHP',
  source: cite('§4.2, §5.4', 'TMHP claims filing manual'),
  timelyFiling: {
    period: { days: 95 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: true,
    source: cite(
      '§4.2',
      '95 days from each date of service; a deadline on a weekend or holiday moves to the next business day',
      tmhpClaimsFiling,
    ),
  },
  appealLevels: [
    {
      level: 1,
      name: 'Appeal to TMHP',
      from: 'notice_date',
      period: { days: 120 },
      rollForwardOnNonBusinessDay: true,
      source: cite(
        '§4.2, §5.4',
        '120 days from the R&S report disposition date; weekend/holiday deadlines roll forward',
        tmhpClaimsFiling,
      ),
    },
  ],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const mediCal: PayerRuleSet = {
  id: 'medi-cal',
  version: 1,
  effectiveFrom,
  payerClass: 'medicaid',
  name: 'California Medi-Cal fee-for-service',
  source: cite('§3.3, §4.2, §5.4', 'Medi-Cal filing and replacement rules; no appeal window given'),
  timelyFiling: {
    period: { days: 180 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§4.2',
      '~6 months / 180 days from the date of service (3rd-party); 180 days, never later than 6 months, is used',
      medicaidByState,
    ),
  },
  correctedClaim: {
    period: { months: 6 },
    from: 'adjudication_date',
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§3.3, §5.4',
      'electronic replacement (7) or void (8) within 6 months of the prior payment or denial, not while a ' +
        'CIF or appeal is in progress',
      mediCalBulletin,
    ),
  },
  appealLevels: [],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const floridaMedicaid: PayerRuleSet = {
  id: 'fl-medicaid',
  version: 1,
  effectiveFrom,
  payerClass: 'medicaid',
  name: 'Florida Medicaid',
  source: cite('§4.2', 'Florida Medicaid timely filing (3rd-party); no correction or appeal window given'),
  timelyFiling: {
    period: { days: 365 },
    from: { institutional: 'through_date', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§4.2',
      '365 days from the date of service, from the discharge date for inpatient claims (3rd-party)',
      floridaMedicaidLimit,
    ),
  },
  appealLevels: [],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const commercialDefault: PayerRuleSet = {
  id: 'commercial-default',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'Default commercial payer',
  source: cite('§4.3, §5.3, §6.1, §6.2, §10', 'defaults for a commercial payer with no rules of its own'),
  timelyFiling: {
    period: { days: 90 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§4.3, §10',
      'design default: commercial limits are often 90-180 days and contracts override; the shortest ' +
        '(90 days: UnitedHealthcare, Cigna, Humana) is used, from the first date of service',
      uhcAgreementClause,
      cignaWhenToFile,
      humanaClaimPolicies,
    ),
  },
  correctedClaim: {
    period: { months: 6 },
    from: 'adjudication_date',
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§6.2',
      'design default: corrected-claim windows run 6-12 months from the last adjudication; the shorter is used',
    ),
  },
  appealLevels: [
    {
      level: 1,
      name: 'Internal appeal',
      from: 'notice_date',
      period: { days: 180 },
      rollForwardOnNonBusinessDay: false,
      source: cite(
        '§5.3',
        'ERISA group health plans: at least 180 days after the adverse benefit determination ' +
          '(29 CFR 2560.503-1(h)), counted from the notice date',
        erisaAppealExample,
      ),
    },
  ],
  expectedPayment: {
    promptPay: {
      electronicDays: 30,
      paperDays: 45,
      source: cite(
        '§6.1, §4.4',
        'commercial prompt pay is typically 30 days electronic / 45 paper (15-45 by state)',
        promptPayByState,
        promptPayTable,
      ),
    },
  },
  acknowledgement,
};

const unitedHealthcare: PayerRuleSet = {
  id: 'unitedhealthcare',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'UnitedHealthcare commercial',
  source: cite('§4.3, §5.3', 'UnitedHealthcare participation agreement and summaries'),
  timelyFiling: {
    period: { days: 90 },
    from: { institutional: 'through_date', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    afterPrimaryPayer: {
      period: { days: 90 },
      from: 'primary_eob_date',
      rollForwardOnNonBusinessDay: false,
      source: cite(
        '§4.3',
        'as secondary, the clock starts when the primary payer response is received',
        uhcAgreementClause,
      ),
    },
    source: cite(
      '§4.3',
      '90 days from the date of service or discharge (participation agreement), unless law requires longer',
      uhcAgreementClause,
      uhcSummary,
    ),
  },
  appealLevels: [
    {
      level: 1,
      name: 'Appeal',
      from: 'notice_date',
      period: { days: 180 },
      rollForwardOnNonBusinessDay: false,
      source: cite(
        '§5.3',
        '3rd-party summaries disagree: 12 months from the original determination vs 180 days typical for ' +
          'commercial; the shorter is used',
        uhcSummary,
      ),
    },
  ],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const cigna: PayerRuleSet = {
  id: 'cigna',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'Cigna, participating providers',
  source: cite('§3.3, §4.3, §5.3', 'Cigna participating-provider rules (out-of-network is 180 days)'),
  timelyFiling: {
    period: { days: 90 },
    from: { institutional: 'through_date', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    afterPrimaryPayer: {
      period: { days: 90 },
      from: 'primary_eob_date',
      rollForwardOnNonBusinessDay: false,
      source: cite('§4.3', 'COB claims count from the primary EOB/EOP processing date', cignaWhenToFile),
    },
    source: cite(
      '§4.3',
      '90 days from the date of service (since 2011; was 180); consecutive-day stays count from the last ' +
        'date of service; out-of-network 180 days',
      cignaWhenToFile,
      cignaLimitChange,
    ),
  },
  correctedClaim: {
    period: { months: 12 },
    from: 'date_of_service',
    rollForwardOnNonBusinessDay: false,
    source: cite('§3.3', 'corrected claims ~1 year from the date of service (3rd-party)', cignaSummary),
  },
  appealLevels: [
    {
      level: 1,
      name: 'Appeal',
      from: 'notice_date',
      period: { days: 180 },
      rollForwardOnNonBusinessDay: false,
      source: cite('§5.3', '180 days from the denial (3rd-party)', cignaSummary),
    },
  ],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const aetna: PayerRuleSet = {
  id: 'aetna',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'Aetna commercial',
  source: cite('§3.3, §4.3, §5.3', 'Aetna provider dispute policy and summaries'),
  timelyFiling: {
    period: { days: 90 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§4.3',
      'commonly 90-180 days by contract (3rd-party sources say 90, 120 or 180; TX 95 days from 2023-05-01); ' +
        'the shortest is used',
      aetnaSummary,
    ),
  },
  correctedClaim: {
    period: { days: 365 },
    from: 'date_of_service',
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§3.3',
      'corrected claims ~365 days from the date of service (3rd-party)',
      aetnaCorrectedClaims,
    ),
  },
  appealLevels: [
    {
      level: 1,
      name: 'Provider payment dispute',
      from: 'notice_date',
      period: { days: 180 },
      rollForwardOnNonBusinessDay: false,
      source: cite(
        '§5.3',
        '180 days standard; state exceptions (AZ 1 yr, CA HMO 365 d, CO 12 mo, FL 12 mo, GA 24 mo from DOS, ' +
          'IN 2 yrs from payment, KY 2 yrs, MD 365 d, NJ 90 d) are not modelled',
        aetnaProviderAppeals,
      ),
    },
  ],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const humana: PayerRuleSet = {
  id: 'humana',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'Humana commercial',
  source: cite('§4.3', 'Humana claim payment policies'),
  timelyFiling: {
    period: { days: 90 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§4.3',
      "commercial 90 days from the date of service (Humana's clarification; an older notice said 180 days)",
      humanaClaimPolicies,
      humanaTimelyFiling,
    ),
  },
  appealLevels: [erisaAppeal('Humana')],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const bcbsIllinois: PayerRuleSet = {
  id: 'bcbs-illinois',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'Blue Cross and Blue Shield of Illinois commercial PPO',
  source: cite('§4.3, §4.4', 'BCBSIL timely filing notice (2024-10-28); Illinois prompt pay'),
  timelyFiling: {
    period: { days: 180 },
    from: { institutional: 'through_date', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    afterPrimaryPayer: {
      period: { days: 180 },
      from: 'primary_eob_date',
      rollForwardOnNonBusinessDay: false,
      source: cite('§4.3', '180 days from the primary EOB', bcbsilTimelyFiling),
    },
    source: cite('§4.3', '180 days from the date of service or discharge', bcbsilTimelyFiling),
  },
  appealLevels: [erisaAppeal('BCBS Illinois')],
  expectedPayment: {
    promptPay: {
      electronicDays: 30,
      paperDays: 30,
      source: cite('§4.4', 'Illinois prompt pay: 30 days, 9%/yr interest', promptPayByState, promptPayTable),
    },
  },
  acknowledgement,
};

const bcbsMassachusetts: PayerRuleSet = {
  id: 'bcbs-massachusetts',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'Blue Cross Blue Shield of Massachusetts HMO/POS/PPO',
  source: cite('§3.3, §4.3', 'BCBSMA timely filing guidelines (indemnity plans allow 1 year)'),
  timelyFiling: {
    period: { days: 90 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite('§4.3', 'HMO/POS/PPO/MA 90 days; indemnity 1 year', bcbsmaGuidelines),
  },
  correctedClaim: {
    period: { months: 12 },
    from: 'adjudication_date',
    rollForwardOnNonBusinessDay: false,
    source: cite('§3.3', "replacement within 1 year of the original's denial date", bcbsmaGuidelines),
  },
  appealLevels: [erisaAppeal('BCBS Massachusetts')],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const bcbsMinnesota: PayerRuleSet = {
  id: 'bcbs-minnesota',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'Blue Cross and Blue Shield of Minnesota',
  source: cite('§3.3, §4.3, §5.3', 'BCBSMN provider manual'),
  timelyFiling: {
    period: { months: 6 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    source: cite('§4.3', '6 months', bcbsmnManual),
  },
  correctedClaim: {
    period: { months: 6 },
    from: 'adjudication_date',
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§3.3',
      "replacement within 6 calendar months of the predecessor's process date; voids have no limit",
      bcbsmnManual,
    ),
  },
  appealLevels: [
    {
      level: 1,
      name: 'Provider appeal',
      from: 'notice_date',
      period: { days: 90 },
      rollForwardOnNonBusinessDay: false,
      source: cite('§5.3', 'provider appeals 90 days from the claim process date', bcbsmnManual),
    },
  ],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

const bcbsNebraska: PayerRuleSet = {
  id: 'bcbs-nebraska',
  version: 1,
  effectiveFrom,
  payerClass: 'commercial',
  name: 'Blue Cross and Blue Shield of Nebraska',
  source: cite('§3.3, §4.3', 'BCBSNE timely filing limit page'),
  timelyFiling: {
    period: { days: 120 },
    from: { institutional: 'date_of_service', professional: 'date_of_service' },
    rollForwardOnNonBusinessDay: false,
    afterPrimaryPayer: {
      period: { days: 120 },
      from: 'primary_eob_date',
      rollForwardOnNonBusinessDay: false,
      source: cite('§4.3', 'COB/WC claims 120 days from the EOB or carrier letter', bcbsneTimelyFiling),
    },
    source: cite('§4.3', '120 days (or as the contract says)', bcbsneTimelyFiling),
  },
  correctedClaim: {
    period: { months: 12 },
    from: 'adjudication_date',
    rollForwardOnNonBusinessDay: false,
    source: cite(
      '§3.3',
      'adjustments within 12 months of the last adjudication; rejected claims still need resubmission ' +
        'within the 120-day limit',
      bcbsneTimelyFiling,
    ),
  },
  appealLevels: [erisaAppeal('BCBS Nebraska')],
  expectedPayment: { promptPay: typicalPromptPay },
  acknowledgement,
};

/** Every seeded rule set, one version each. */
export const seedPayerRuleSets: readonly PayerRuleSet[] = [
  medicareFfs,
  medicareAdvantage,
  bcbsNebraskaMedicareAdvantage,
  nyMedicaid,
  texasMedicaid,
  mediCal,
  floridaMedicaid,
  commercialDefault,
  unitedHealthcare,
  cigna,
  aetna,
  humana,
  bcbsIllinois,
  bcbsMassachusetts,
  bcbsMinnesota,
  bcbsNebraska,
];
