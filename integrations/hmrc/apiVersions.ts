// The HMRC APIs the engine calls, with the one version of each it speaks and the Accept header that selects it.

export interface HmrcApiVersion {
  /** HMRC's name for the API (its repository and developer hub slug). */
  name: string;
  version: string;
}

export const HMRC_APIS = {
  createTestUser: { name: 'api-platform-test-user', version: '1.0' },
  testSupport: { name: 'mtd-sa-test-support', version: '1.0' },
  agentAuthorisation: { name: 'agent-authorisation', version: '2.0' },
  individualDetails: { name: 'self-assessment-individual-details', version: '2.0' },
  businessDetails: { name: 'business-details', version: '2.0' },
  obligations: { name: 'obligations', version: '3.0' },
  selfEmployment: { name: 'self-employment-business', version: '5.0' },
  property: { name: 'property-business', version: '6.0' },
  bsas: { name: 'self-assessment-bsas', version: '7.0' },
  lossesTo2025: { name: 'individual-losses', version: '6.0' },
  losses: { name: 'individual-losses', version: '7.0' },
  calculations: { name: 'individual-calculations', version: '8.0' },
  assist: { name: 'self-assessment-assist', version: '1.0' },
  accounts: { name: 'self-assessment-accounts', version: '4.0' },
  fraudPreventionTest: { name: 'txm-fph-validator-api', version: '1.0' },
} as const satisfies Record<string, HmrcApiVersion>;

export type HmrcApiKey = keyof typeof HMRC_APIS;

export function acceptHeader(api: HmrcApiVersion): string {
  return `application/vnd.hmrc.${api.version}+json`;
}

/** Individual Losses 6.0 serves tax years to 2025-26 and 7.0 from 2026-27 (HMRC README §3.6). */
export function lossesApiFor(taxYear: string): HmrcApiVersion {
  return taxYear >= '2026-27' ? HMRC_APIS.losses : HMRC_APIS.lossesTo2025;
}
