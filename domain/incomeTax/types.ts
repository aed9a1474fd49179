// The contract of the income tax calculation: what a taxpayer's year looks like going in, and the breakdown coming out.
import type { BasisPoints, Pence } from './money';

export type { BasisPoints, Pence } from './money';

/** Where the taxpayer lives for the tax year; it decides the bands and rates on non-savings income. */
export type Residency = 'england' | 'northern-ireland' | 'wales' | 'scotland';

/** HMRC's name for the regime (Individual Calculations `inputs.personalInformation.taxRegime`). */
export type TaxRegime = 'uk' | 'scotland' | 'wales';

/** HMRC's band names (Individual Calculations `taxBands[].name`); Scotland's 48% top rate is HMRC's `additional-rate`. */
export type TaxBandName =
  | 'starter-rate'
  | 'basic-rate'
  | 'intermediate-rate'
  | 'higher-rate'
  | 'advanced-rate'
  | 'additional-rate';

/** The 0% slices of savings and dividends: they still use up the band they sit in, so HMRC names them after it. */
export type NilRateBandName =
  | 'savings-starter-rate'
  | 'allowance-awarded-at-basic-rate'
  | 'allowance-awarded-at-higher-rate'
  | 'allowance-awarded-at-additional-rate';

/** HMRC's Class 4 band names (`nic4Bands[].name`). */
export type Class4BandName = 'zero-rate' | 'basic-rate' | 'higher-rate';

export interface SelfEmploymentInput {
  /** The business id (HMRC's `businessId`, e.g. 'XAIS12345678901'); unique within the input. */
  id: string;
  /** Turnover and other business income for the year. */
  income: Pence;
  /** Allowable expenses. Not with `tradingAllowance`. */
  expenses?: Pence;
  /**
   * Year-end adjustments added to the profit, signed: balancing charges and other additions positive, capital
   * allowances and other deductions negative, accounting adjustments (BSAS) either way.
   */
  adjustments?: Pence;
  /** Trading allowance claimed instead of expenses, at most £1,000 across all the taxpayer's trades. */
  tradingAllowance?: Pence;
  /** Unused losses of this trade from earlier years (HMRC loss type `self-employment`), set against its profits. */
  lossesBroughtForward?: Pence;
  /**
   * Losses of this trade available for Class 4 only (HMRC loss type `self-employment-class4`): losses already relieved
   * against other income for income tax, which Class 4 still carries forward against the trade's profits.
   */
  class4LossesBroughtForward?: Pence;
  /** A claim to set this year's loss of the trade against the year's general income (ITA 2007 s64, `carry-sideways`). */
  carryLossSideways?: boolean;
}

export interface PropertyBusinessInput {
  /** Rents and other property income for the year. */
  income: Pence;
  /** Allowable expenses, excluding residential finance costs. Not with `propertyAllowance`. */
  expenses?: Pence;
  /** Year-end adjustments added to the profit, signed (as for a self-employment). */
  adjustments?: Pence;
  /** Property allowance claimed instead of expenses, at most £1,000 across the UK and foreign property businesses. */
  propertyAllowance?: Pence;
  /** Residential finance costs of the year: relieved as a 20% tax reducer, never deducted from the profit. */
  residentialFinanceCosts?: Pence;
  /** Residential finance costs not yet relieved in earlier years. */
  residentialFinanceCostsBroughtForward?: Pence;
  /** Unused losses of this property business from earlier years (`uk-property` or `foreign-property`). */
  lossesBroughtForward?: Pence;
}

export interface IncomeTaxInput {
  /** 'YYYY-YY', e.g. '2026-27'. */
  taxYear: string;
  residency: Residency;
  selfEmployments?: readonly SelfEmploymentInput[];
  ukProperty?: PropertyBusinessInput;
  foreignProperty?: PropertyBusinessInput;
  /** Gross interest received without tax taken off. */
  savingsInterest?: Pence;
  /** Gross dividends. */
  dividends?: Pence;
  /** Exempt from Class 4, e.g. over State Pension age on 6 April or not resident in the UK. */
  class4Exempt?: boolean;
  /** Pay Class 2 voluntarily; only payable when trading profits are under the Small Profits Threshold. */
  payVoluntaryClass2?: boolean;
}

/** Part of an income type charged at one rate. `bandLimit` is the top of the band in taxable income, null if none. */
export interface ChargedBand<Name extends string> {
  name: Name;
  rate: BasisPoints;
  bandStart: Pence;
  bandLimit: Pence | null;
  income: Pence;
  /** Tax (or NIC) on `income`, rounded down to the penny. */
  amount: Pence;
}

export type IncomeTaxBand = ChargedBand<TaxBandName | NilRateBandName>;
export type Class4Band = ChargedBand<Class4BandName>;

export interface SelfEmploymentResult {
  id: string;
  income: Pence;
  expenses: Pence;
  tradingAllowance: Pence;
  adjustments: Pence;
  /** The year's profit in whole pounds (rounded down), zero if a loss. */
  netProfit: Pence;
  /** The year's loss in whole pounds (rounded up), zero if a profit. */
  netLoss: Pence;
  lossesBroughtForward: Pence;
  lossesBroughtForwardUsed: Pence;
  /** netProfit less brought-forward losses: what the trade adds to total income. */
  taxableProfit: Pence;
  /** This year's loss set against general income under a `carry-sideways` claim. */
  lossUsedSideways: Pence;
  /** Income tax losses of this trade to carry into next year: unused brought-forward losses and this year's rest. */
  lossesCarriedForward: Pence;
  class4LossesBroughtForward: Pence;
  class4LossesBroughtForwardUsed: Pence;
  /** Class 4-only losses to carry forward, on top of `lossesCarriedForward` (which count for Class 4 too). */
  class4LossesCarriedForward: Pence;
}

export interface PropertyBusinessResult {
  income: Pence;
  expenses: Pence;
  propertyAllowance: Pence;
  adjustments: Pence;
  netProfit: Pence;
  netLoss: Pence;
  lossesBroughtForward: Pence;
  lossesBroughtForwardUsed: Pence;
  taxableProfit: Pence;
  lossesCarriedForward: Pence;
}

/** Income tax on one income type: HMRC's `payPensionsProfit`, `savingsAndGains` or `dividends`. */
export interface IncomeTypeTax {
  /** Income of this type after brought-forward losses. */
  incomeReceived: Pence;
  /** Losses set sideways against this type. */
  lossesAllocated: Pence;
  personalAllowanceAllocated: Pence;
  /** lossesAllocated + personalAllowanceAllocated. */
  allowancesAllocated: Pence;
  taxableIncome: Pence;
  bands: IncomeTaxBand[];
  incomeTaxAmount: Pence;
}

export interface SavingsTax extends IncomeTypeTax {
  /** What is left of the £5,000 starting-rate band after taxable non-savings income. */
  startingRateBandAvailable: Pence;
  /** £1,000, £500 or £0 by the highest rate at which any income is taxed. */
  personalSavingsAllowance: Pence;
}

export interface DividendsTax extends IncomeTypeTax {
  dividendAllowance: Pence;
}

export interface PersonalAllowanceResult {
  /** The year's standard personal allowance. */
  standard: Pence;
  /** £1 for every £2 of adjusted net income over £100,000, in whole pounds. */
  taperReduction: Pence;
  /** The allowance given: standard less taper. */
  given: Pence;
  /** The part of `given` set against income (non-savings first, then savings, then dividends). */
  used: Pence;
}

export interface ResidentialFinanceCostsBusiness {
  /** This year's finance costs plus those brought forward, in whole pounds (rounded up). */
  amountClaimed: Pence;
  /** The lower of `amountClaimed` and the business's profit after its brought-forward losses. */
  allowableAmount: Pence;
  /** Finance costs to carry into next year. */
  carryForwardAmount: Pence;
}

/** The 20% tax reducer for residential finance costs (HMRC's `reliefs.residentialFinanceCosts`). */
export interface ResidentialFinanceCostsRelief {
  /** Net income after losses, less savings and dividends, less the personal allowance (not below zero). */
  adjustedTotalIncome: Pence;
  totalAllowableAmount: Pence;
  /** The lower of `totalAllowableAmount` and `adjustedTotalIncome`. */
  relievableAmount: Pence;
  rate: BasisPoints;
  /** rate x relievableAmount, but never more than the income tax charged. */
  relief: Pence;
  ukProperty: ResidentialFinanceCostsBusiness | null;
  foreignProperty: ResidentialFinanceCostsBusiness | null;
}

export interface Class4Result {
  exempt: boolean;
  /** Total taxable trading profits after income tax losses brought forward. */
  totalIncomeLiableToClass4Charge: Pence;
  /** Class 4-only brought-forward losses and this year's sideways-claimed losses, set against trading profits. */
  adjustmentToProfitsForClass4: Pence;
  totalIncomeChargeableToClass4: Pence;
  bands: Class4Band[];
  totalAmount: Pence;
  /** Class 4-only losses to carry into next year, across all trades. */
  lossesCarriedForward: Pence;
}

export interface Class2Result {
  smallProfitsThreshold: Pence;
  weeklyRate: Pence;
  weeks: number;
  /** Profits tested against the threshold: those chargeable to Class 4 before the lower profits limit. */
  profits: Pence;
  /** Below the threshold a year is only credited if Class 2 is paid voluntarily; at or above it, it is credited free. */
  underSmallProfitsThreshold: boolean;
  voluntary: boolean;
  amount: Pence;
}

export interface IncomeTaxCalculation {
  taxYear: string;
  taxRegime: TaxRegime;
  selfEmployments: SelfEmploymentResult[];
  ukProperty: PropertyBusinessResult | null;
  foreignProperty: PropertyBusinessResult | null;
  totals: {
    selfEmploymentProfit: Pence;
    ukPropertyProfit: Pence;
    foreignPropertyProfit: Pence;
    savingsInterest: Pence;
    dividends: Pence;
    /** All income after brought-forward losses, before sideways losses and the personal allowance. */
    totalIncomeReceivedFromAllSources: Pence;
    /** Income before any loss relief: the base of the cap on sideways relief (s24A "adjusted total income"). */
    totalIncomeBeforeLossRelief: Pence;
    /** Greater of £50,000 or 25% of totalIncomeBeforeLossRelief (rounded down to the pound). */
    sidewaysLossReliefCap: Pence;
    lossesAppliedToGeneralIncome: Pence;
    netIncome: Pence;
    adjustedNetIncome: Pence;
    /** Sideways losses plus the personal allowance used. */
    totalAllowancesAndDeductions: Pence;
    totalTaxableIncome: Pence;
  };
  personalAllowance: PersonalAllowanceResult;
  incomeTax: {
    payPensionsProfit: IncomeTypeTax;
    savingsAndGains: SavingsTax;
    dividends: DividendsTax;
    incomeTaxCharged: Pence;
    residentialFinanceCosts: ResidentialFinanceCostsRelief;
    totalReliefs: Pence;
    incomeTaxDue: Pence;
  };
  nics: {
    class2: Class2Result;
    class4: Class4Result;
    totalNic: Pence;
  };
  incomeTaxAndNicsDue: Pence;
}
