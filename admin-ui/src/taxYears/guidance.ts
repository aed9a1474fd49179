// GOV.UK guidance for each kind of step, shown beside it on the timeline so staff (and the clients they forward it to)
// read HMRC's own words. Other income points to the page for each kind of income, from domain/signposting.ts.
import { OTHER_INCOME_KINDS, signpostFor } from '../../../domain/signposting';

export interface GuidanceLink {
  title: string;
  url: string;
}

const MTD_GUIDE = 'https://www.gov.uk/guidance/use-making-tax-digital-for-income-tax';
const FINAL_DECLARATION = { title: 'Submit your final declaration', url: `${MTD_GUIDE}/submit-your-final-declaration` };

export const GUIDANCE: Record<string, GuidanceLink[]> = {
  authorisation: [
    { title: 'Client authorisation: an overview', url: 'https://www.gov.uk/guidance/client-authorisation-an-overview' },
    { title: 'Sign up your client for Making Tax Digital for Income Tax', url: 'https://www.gov.uk/guidance/sign-up-your-client-for-making-tax-digital-for-income-tax' },
  ],
  'income-sources': [{ title: 'Use Making Tax Digital for Income Tax', url: MTD_GUIDE }],
  'quarterly-update': [{ title: 'Send quarterly updates', url: `${MTD_GUIDE}/send-quarterly-updates` }],
  'annual-submission': [{ title: 'Use Making Tax Digital for Income Tax: finalising business income', url: MTD_GUIDE }],
  adjustments: [{ title: 'Use Making Tax Digital for Income Tax: finalising business income', url: MTD_GUIDE }],
  losses: [{ title: 'Losses (HS227 Self Assessment helpsheet)', url: 'https://www.gov.uk/government/publications/losses-hs227-self-assessment-helpsheet' }],
  calculation: [FINAL_DECLARATION],
  'client-confirmation': [FINAL_DECLARATION],
  'final-declaration': [FINAL_DECLARATION],
  payment: [
    { title: 'Pay your Self Assessment tax bill', url: 'https://www.gov.uk/pay-self-assessment-tax-bill' },
    { title: 'Payments on account', url: 'https://www.gov.uk/understand-self-assessment-bill/payments-on-account' },
    { title: 'Penalties and interest for paying late', url: 'https://www.gov.uk/self-assessment-tax-returns/penalties' },
  ],
};

/** Other income: each kind's GOV.UK page (its title and where it is declared are in the signpost). */
export const OTHER_INCOME_GUIDANCE: (GuidanceLink & { kind: string; whereDeclared: string })[] = OTHER_INCOME_KINDS.map((kind) => {
  const signpost = signpostFor(kind);
  return { kind, title: signpost.title, url: signpost.govukUrl, whereDeclared: signpost.whereDeclared };
});

/** The guidance for a step of this kind (other income has its own list: OTHER_INCOME_GUIDANCE). */
export function guidanceFor(kind: string): GuidanceLink[] {
  return GUIDANCE[kind] ?? [{ title: 'Use Making Tax Digital for Income Tax', url: MTD_GUIDE }];
}
