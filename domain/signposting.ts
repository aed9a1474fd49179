// Where a client's income and claims outside Practice Engine's scope are declared, for staff to point the client to.
//
// Practice Engine carries self-employment and property income (quarterly updates, year-end adjustments, losses) and
// the final declaration. Everything else on a Self Assessment return still has to reach HMRC before the final
// declaration (HMRC README §5.3 step 6): through HMRC online services (Income Tax account, or the agent services
// account for a main agent), or through other software that uses HMRC's "Individuals ..." APIs. Some tasks are
// HMRC online services only and no software may do them: changing payments on account, paying, claiming a refund,
// adding or ceasing a business, opting out (service guide "Tasks outside MTD software").

export const OTHER_INCOME_KINDS = [
  'employment',
  'employment-expenses',
  'savings-interest',
  'dividends',
  'capital-gains',
  'pensions',
  'state-benefits',
  'foreign-income',
  'partnership',
  'trust-income',
  'life-insurance-gains',
  'gift-aid',
  'pension-contributions',
  'pension-charges',
  'student-loan',
  'high-income-child-benefit-charge',
  'marriage-allowance',
] as const;

export type OtherIncomeKind = (typeof OTHER_INCOME_KINDS)[number];

export interface Signpost {
  kind: OtherIncomeKind;
  title: string;
  /** Where HMRC receives it for a client in MTD. */
  whereDeclared: string;
  /** What the client or their main agent does, in a sentence or two. */
  howToDeclare: string;
  /** GOV.UK guidance on the income itself or the Self Assessment page that covers it. */
  govukUrl: string;
  /** The HMRC API through which other software can send it, when there is one. */
  hmrcApi: string | null;
}

const WITH_THE_FINAL_DECLARATION =
  "In the client's Self Assessment for the year, before the final declaration: HMRC online services (or the main agent's agent services account), or other software that supports it";

const SIGNPOSTS: Readonly<Record<OtherIncomeKind, Omit<Signpost, 'kind'>>> = {
  employment: {
    title: 'Employment income (PAYE)',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. Employers already report pay and tax through PAYE, and HMRC pre-fills it.`,
    howToDeclare: 'Check the pre-filled employments after the year ends; add a missing employment or correct the figures, or ask HMRC to ignore a wrong one, before the final declaration.',
    govukUrl: 'https://www.gov.uk/government/publications/self-assessment-employment-sa102',
    hmrcApi: 'Individuals Employments Income API',
  },
  'employment-expenses': {
    title: 'Employment expenses',
    whereDeclared: WITH_THE_FINAL_DECLARATION,
    howToDeclare: 'Claim job expenses (travel, tools, uniforms, professional subscriptions) after the year ends, before the final declaration.',
    govukUrl: 'https://www.gov.uk/tax-relief-for-employees',
    hmrcApi: 'Individuals Expenses API',
  },
  'savings-interest': {
    title: 'Savings interest',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. Banks report UK interest to HMRC, but the return must still include it.`,
    howToDeclare: 'Enter interest from each UK account and any foreign or securities interest; it can be added during the year.',
    govukUrl: 'https://www.gov.uk/apply-tax-free-interest-on-savings',
    hmrcApi: 'Individuals Savings Income API',
  },
  dividends: {
    title: 'Dividends',
    whereDeclared: WITH_THE_FINAL_DECLARATION,
    howToDeclare: 'Enter UK and foreign dividends (and stock dividends, close company loans written off); they can be added during the year.',
    govukUrl: 'https://www.gov.uk/tax-on-dividends',
    hmrcApi: 'Individuals Dividends Income API',
  },
  'capital-gains': {
    title: 'Capital gains',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. A gain on UK residential property also has its own return and payment within 60 days of completion.`,
    howToDeclare: 'Report UK property disposals through the "Report and pay Capital Gains Tax on UK property" service when they happen; then include all gains and losses for the year, after it ends and before the final declaration.',
    govukUrl: 'https://www.gov.uk/capital-gains-tax',
    hmrcApi: 'Individuals Capital Gains Income API',
  },
  pensions: {
    title: 'Pension income',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. UK pensions paid through PAYE are reported by the payer; foreign pensions must be entered.`,
    howToDeclare: 'Check UK pensions and the State Pension in the pre-filled figures; enter foreign pensions after the year ends.',
    govukUrl: 'https://www.gov.uk/tax-on-pension',
    hmrcApi: 'Individuals Pensions Income API',
  },
  'state-benefits': {
    title: 'Taxable state benefits',
    whereDeclared: WITH_THE_FINAL_DECLARATION,
    howToDeclare: 'Enter taxable benefits such as Jobseeker\'s Allowance, Carer\'s Allowance, Incapacity Benefit or a State Pension lump sum.',
    govukUrl: 'https://www.gov.uk/income-tax/taxfree-and-taxable-state-benefits',
    hmrcApi: 'Individuals State Benefits API',
  },
  'foreign-income': {
    title: 'Foreign income other than property',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. Foreign property is an MTD business and goes through Practice Engine; other foreign income does not.`,
    howToDeclare: 'Enter foreign earnings, interest, dividends and pensions, and claim foreign tax credit relief, before the final declaration.',
    govukUrl: 'https://www.gov.uk/tax-foreign-income',
    hmrcApi: 'Individuals Foreign Income API',
  },
  partnership: {
    title: 'Share of partnership profits',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. Partnerships are not in MTD yet; each partner declares their share from the partnership statement.`,
    howToDeclare: "Take the partner's share of profit from the partnership statement in the partnership return (SA800); HMRC's roadmap lists partner income in HMRC online services as planned, so check where it is accepted before the deadline.",
    govukUrl: 'https://www.gov.uk/government/publications/self-assessment-tax-return-sa100',
    hmrcApi: null,
  },
  'trust-income': {
    title: 'Income from a trust or estate',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. The trustees or personal representatives give the amounts and the tax already paid.`,
    howToDeclare: "Enter the income with the tax credit from the trustees' statement (R185); HMRC's roadmap lists trust income in HMRC online services as planned, so check where it is accepted before the deadline.",
    govukUrl: 'https://www.gov.uk/trusts-taxes',
    hmrcApi: null,
  },
  'life-insurance-gains': {
    title: 'Gains on life insurance policies',
    whereDeclared: WITH_THE_FINAL_DECLARATION,
    howToDeclare: 'Enter chargeable event gains from the insurer\'s certificate (policies, annuities, capital redemption policies, voided ISAs).',
    govukUrl: 'https://www.gov.uk/hmrc-internal-manuals/insurance-policyholder-taxation-manual',
    hmrcApi: 'Individuals Insurance Policies Income API',
  },
  'gift-aid': {
    title: 'Gift Aid donations',
    whereDeclared: WITH_THE_FINAL_DECLARATION,
    howToDeclare: 'Enter Gift Aid payments made in the year (and any carried back) so a higher or additional rate taxpayer gets the extra relief.',
    govukUrl: 'https://www.gov.uk/donating-to-charity/gift-aid',
    hmrcApi: 'Individuals Reliefs API (charitable giving)',
  },
  'pension-contributions': {
    title: 'Pension contributions (relief)',
    whereDeclared: WITH_THE_FINAL_DECLARATION,
    howToDeclare: 'Enter personal pension contributions paid net of basic rate tax, or gross contributions with no relief at source, to claim the rest of the relief.',
    govukUrl: 'https://www.gov.uk/tax-on-your-private-pension/pension-tax-relief',
    hmrcApi: 'Individuals Reliefs API (pensions)',
  },
  'pension-charges': {
    title: 'Pension tax charges',
    whereDeclared: WITH_THE_FINAL_DECLARATION,
    howToDeclare: 'Enter annual allowance charges, unauthorised payments and overseas transfer charges from the scheme\'s statements.',
    govukUrl: 'https://www.gov.uk/government/publications/pensions-tax-charges-on-any-excess-over-the-lifetime-allowance-annual-allowance-special-annual-allowance-and-on-unauthorised-payments-hs345-self',
    hmrcApi: 'Individuals Charges API',
  },
  'student-loan': {
    title: 'Student and postgraduate loan repayments',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. HMRC works out repayments due on income outside PAYE in the calculation.`,
    howToDeclare: 'Tell HMRC the plan type after the year ends, in HMRC online services, so the calculation includes the repayment; it is paid with the balancing payment, not on account.',
    govukUrl: 'https://www.gov.uk/repaying-your-student-loan',
    hmrcApi: null,
  },
  'high-income-child-benefit-charge': {
    title: 'High Income Child Benefit Charge',
    whereDeclared: `${WITH_THE_FINAL_DECLARATION}. It can only be reported after the year ends.`,
    howToDeclare: 'If the client or their partner got Child Benefit and the client has the higher adjusted net income, enter the Child Benefit received after the year ends.',
    govukUrl: 'https://www.gov.uk/child-benefit-tax-charge',
    hmrcApi: null,
  },
  'marriage-allowance': {
    title: 'Marriage Allowance',
    whereDeclared: 'Usually outside the return: the partner who transfers allowance claims it on GOV.UK and HMRC applies it to both tax codes and calculations.',
    howToDeclare: 'The lower-earning partner applies online; a claim can be backdated up to 4 years.',
    govukUrl: 'https://www.gov.uk/marriage-allowance',
    hmrcApi: null,
  },
};

export function isOtherIncomeKind(value: string): value is OtherIncomeKind {
  return (OTHER_INCOME_KINDS as readonly string[]).includes(value);
}

export function signpostFor(kind: OtherIncomeKind): Signpost {
  const signpost = SIGNPOSTS[kind];
  // The type rules this out; the check is for strings that reached here from the API or the database unchecked.
  if (!signpost) throw new RangeError(`unknown income kind '${String(kind)}'; expected one of ${OTHER_INCOME_KINDS.join(', ')}`);
  return { kind, ...signpost };
}
