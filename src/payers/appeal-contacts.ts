import type { PayerAppealContact } from '../db/payer-appeal-contacts';

/**
 * Appeal contacts seeded for the catalog's payers, only where the payer publishes them for provider
 * appeals of its commercial plans; each names its source. The others stay empty until the office fills
 * them in (`PUT /payers/{payerId}/appeal-contact`): Medicare's address depends on the MAC jurisdiction,
 * Medicaid programs and UnitedHealthcare send paper requests to the address on the remittance.
 */
export const seedPayerAppealContactList: readonly {
  payerId: string;
  contact: PayerAppealContact & { source: string };
}[] = [
  {
    payerId: 'sim-aetna',
    contact: {
      channel: 'fax',
      fax: '8594558650',
      mailingAddress: 'Aetna Provider Resolution Team\nPO Box 14020\nLexington, KY 40512',
      source:
        'Address: Aetna, Disputes and appeals overview (https://www.aetna.com/health-care-professionals/disputes-appeals/disputes-appeals-overview.html). ' +
        "Fax: the national fax number on Aetna's Practitioner and Provider Complaint and Appeal Request form GR-69140 (3-17) " +
        '(copy at https://fill.io/Practitioner-and-Provider-Complaint-and-Appeal-Request-84d9cb32, 3rd-party).',
    },
  },
  {
    payerId: 'sim-cigna',
    contact: {
      channel: 'mail',
      mailingAddress:
        'Cigna Healthcare Inc.\nNational Appeals Unit (NAO)\nPO Box 188011\nChattanooga, TN 37422',
      source:
        'Cigna Healthcare, How to Submit Appeals, "for all other appeals" ' +
        '(https://www.cigna.com/health-care-providers/coverage-and-claims/appeals-disputes/how-to-submit).',
    },
  },
  {
    payerId: 'sim-uhc',
    contact: {
      channel: 'portal',
      source:
        'UnitedHealthcare, Claim Reconsideration Request: the Claims Reconsideration application on Link is the preferred ' +
        'method; paper requests go to the address on the EOB or provider remittance advice ' +
        '(https://www.unitedhealthcareonline.com/b2c/CmaAction.do?channelId=1873b55e335a9110VgnVCM1000007740dc0a____).',
    },
  },
];
