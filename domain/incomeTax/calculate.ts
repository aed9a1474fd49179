// Income tax, Class 4 and Class 2 NICs for one taxpayer's year, from what they submitted. Pure: same input, same answer.
import { calculateClass2 } from './class2';
import { calculateClass4 } from './class4';
import { residentialFinanceCostsRelief, type FinanceCostsClaim } from './financeCosts';
import { chargeDividends, chargeNonSavings, chargeSavings, personalSavingsAllowance } from './bands';
import { relieveSideways, setOffBroughtForward, sidewaysLossReliefCap } from './losses';
import { ceilToPound, floorToPound, sum, takeInOrder, type Pence } from './money';
import { personalAllowanceFor } from './personalAllowance';
import { businessProfit } from './profits';
import { ratesFor } from './rates';
import type {
  IncomeTaxBand,
  IncomeTaxCalculation,
  IncomeTaxInput,
  IncomeTypeTax,
  PropertyBusinessInput,
  PropertyBusinessResult,
  Residency,
  TaxRegime,
} from './types';
import { validateIncomeTaxInput } from './validate';

const TAX_REGIMES: Record<Residency, TaxRegime> = { england: 'uk', 'northern-ireland': 'uk', wales: 'wales', scotland: 'scotland' };

function propertyResult(property: PropertyBusinessInput): PropertyBusinessResult {
  const expenses = property.expenses ?? 0;
  const adjustments = property.adjustments ?? 0;
  const profit = businessProfit(property.income, expenses, property.propertyAllowance ?? 0, adjustments);
  const lossesBroughtForward = ceilToPound(property.lossesBroughtForward ?? 0);
  const setOff = setOffBroughtForward(profit.netProfit, lossesBroughtForward);
  return {
    income: property.income,
    expenses,
    propertyAllowance: profit.allowance,
    adjustments,
    netProfit: profit.netProfit,
    netLoss: profit.netLoss,
    lossesBroughtForward,
    lossesBroughtForwardUsed: setOff.used,
    taxableProfit: setOff.taxableProfit,
    // Property losses only go forward against the same property business (sideways relief is out of scope).
    lossesCarriedForward: setOff.unused + profit.netLoss,
  };
}

function incomeTypeTax(incomeReceived: Pence, lossesAllocated: Pence, personalAllowanceAllocated: Pence, bands: IncomeTaxBand[]): IncomeTypeTax {
  const allowancesAllocated = lossesAllocated + personalAllowanceAllocated;
  return {
    incomeReceived,
    lossesAllocated,
    personalAllowanceAllocated,
    allowancesAllocated,
    taxableIncome: incomeReceived - allowancesAllocated,
    bands,
    incomeTaxAmount: sum(bands.map((band) => band.amount)),
  };
}

function financeCostsClaim(property: PropertyBusinessInput | undefined, result: PropertyBusinessResult | null): FinanceCostsClaim | null {
  if (!property || !result) return null;
  const amountClaimed = ceilToPound((property.residentialFinanceCosts ?? 0) + (property.residentialFinanceCostsBroughtForward ?? 0));
  return { amountClaimed, profit: result.taxableProfit };
}

/**
 * The order follows the reference's computation outline (§2): profits per source, losses of the same source, total
 * income, sideways losses (capped), personal allowance after the taper, bands (non-savings, then savings, then
 * dividends), tax reducers, then Class 4 and Class 2. Throws an IncomeTaxInputError naming the field on bad input,
 * including an unsupported tax year.
 */
export function calculateIncomeTax(input: IncomeTaxInput): IncomeTaxCalculation {
  const rates = ratesFor(input.taxYear);
  validateIncomeTaxInput(input, rates);
  const taxRegime = TAX_REGIMES[input.residency];

  const trades = (input.selfEmployments ?? []).map((business) => {
    const profit = businessProfit(business.income, business.expenses ?? 0, business.tradingAllowance ?? 0, business.adjustments ?? 0);
    const lossesBroughtForward = ceilToPound(business.lossesBroughtForward ?? 0);
    const class4LossesBroughtForward = ceilToPound(business.class4LossesBroughtForward ?? 0);
    return { business, profit, lossesBroughtForward, class4LossesBroughtForward, setOff: setOffBroughtForward(profit.netProfit, lossesBroughtForward) };
  });
  const ukProperty = input.ukProperty ? propertyResult(input.ukProperty) : null;
  const foreignProperty = input.foreignProperty ? propertyResult(input.foreignProperty) : null;
  const savingsInterest = floorToPound(input.savingsInterest ?? 0);
  const dividends = floorToPound(input.dividends ?? 0);

  const selfEmploymentProfit = sum(trades.map((trade) => trade.setOff.taxableProfit));
  const ukPropertyProfit = ukProperty?.taxableProfit ?? 0;
  const foreignPropertyProfit = foreignProperty?.taxableProfit ?? 0;
  const nonSavingsIncome = selfEmploymentProfit + ukPropertyProfit + foreignPropertyProfit;
  const totalIncomeReceivedFromAllSources = nonSavingsIncome + savingsInterest + dividends;
  const totalIncomeBeforeLossRelief =
    sum(trades.map((trade) => trade.profit.netProfit)) + (ukProperty?.netProfit ?? 0) + (foreignProperty?.netProfit ?? 0) + savingsInterest + dividends;

  const lossReliefCap = sidewaysLossReliefCap(rates, totalIncomeBeforeLossRelief);
  const claimedLosses = trades.map((trade) => (trade.business.carryLossSideways ? trade.profit.netLoss : 0));
  const lossUsedSideways = relieveSideways(claimedLosses, totalIncomeReceivedFromAllSources, lossReliefCap);
  const lossesAppliedToGeneralIncome = sum(lossUsedSideways);
  // The reference sets the personal allowance against non-savings, then savings, then dividends (§2 step 5); we set
  // sideways losses off in the same order, which leaves the lower-taxed dividends for last.
  const [lossesNonSavings = 0, lossesSavings = 0, lossesDividends = 0] = takeInOrder(lossesAppliedToGeneralIncome, [nonSavingsIncome, savingsInterest, dividends]);
  const netIncome = totalIncomeReceivedFromAllSources - lossesAppliedToGeneralIncome;
  // No pension contributions or Gift Aid are in scope, so adjusted net income is net income.
  const adjustedNetIncome = netIncome;

  const allowance = personalAllowanceFor(rates, adjustedNetIncome);
  const nonSavingsAfterLosses = nonSavingsIncome - lossesNonSavings;
  const savingsAfterLosses = savingsInterest - lossesSavings;
  const dividendsAfterLosses = dividends - lossesDividends;
  const [allowanceNonSavings = 0, allowanceSavings = 0, allowanceDividends = 0] = takeInOrder(allowance.given, [
    nonSavingsAfterLosses,
    savingsAfterLosses,
    dividendsAfterLosses,
  ]);
  const personalAllowanceUsed = allowanceNonSavings + allowanceSavings + allowanceDividends;

  const nonSavingsTaxable = nonSavingsAfterLosses - allowanceNonSavings;
  const savingsTaxable = savingsAfterLosses - allowanceSavings;
  const dividendsTaxable = dividendsAfterLosses - allowanceDividends;
  const totalTaxableIncome = nonSavingsTaxable + savingsTaxable + dividendsTaxable;

  const payPensionsProfit = incomeTypeTax(
    nonSavingsIncome,
    lossesNonSavings,
    allowanceNonSavings,
    chargeNonSavings(rates.nonSavingsBands[taxRegime], nonSavingsTaxable),
  );
  const psa = personalSavingsAllowance(rates, totalTaxableIncome);
  const savingsCharge = chargeSavings(rates, nonSavingsTaxable, savingsTaxable, psa);
  const savingsAndGains = {
    ...incomeTypeTax(savingsInterest, lossesSavings, allowanceSavings, savingsCharge.bands),
    startingRateBandAvailable: savingsCharge.startingRateBandAvailable,
    personalSavingsAllowance: psa,
  };
  const dividendsTax = {
    ...incomeTypeTax(dividends, lossesDividends, allowanceDividends, chargeDividends(rates, nonSavingsTaxable + savingsTaxable, dividendsTaxable)),
    dividendAllowance: rates.dividends.allowance,
  };
  const incomeTaxCharged = payPensionsProfit.incomeTaxAmount + savingsAndGains.incomeTaxAmount + dividendsTax.incomeTaxAmount;

  const residentialFinanceCosts = residentialFinanceCostsRelief(
    rates,
    { ukProperty: financeCostsClaim(input.ukProperty, ukProperty), foreignProperty: financeCostsClaim(input.foreignProperty, foreignProperty) },
    // Adjusted total income for the reducer leaves out savings and dividends (HMRC's field description).
    Math.max(0, nonSavingsAfterLosses - allowance.given),
    incomeTaxCharged,
  );
  const totalReliefs = residentialFinanceCosts.relief;
  const incomeTaxDue = incomeTaxCharged - totalReliefs;

  const nic4 = calculateClass4(
    rates,
    trades.map((trade, i) => ({
      taxableProfit: trade.setOff.taxableProfit,
      class4LossesBroughtForward: trade.class4LossesBroughtForward,
      lossUsedSideways: lossUsedSideways[i]!,
    })),
    input.class4Exempt ?? false,
  );
  const class2 = calculateClass2(rates, nic4.class4.totalIncomeChargeableToClass4, input.payVoluntaryClass2 ?? false);
  const totalNic = nic4.class4.totalAmount + class2.amount;

  return {
    taxYear: rates.taxYear,
    taxRegime,
    selfEmployments: trades.map((trade, i) => ({
      id: trade.business.id,
      income: trade.business.income,
      expenses: trade.business.expenses ?? 0,
      tradingAllowance: trade.profit.allowance,
      adjustments: trade.business.adjustments ?? 0,
      netProfit: trade.profit.netProfit,
      netLoss: trade.profit.netLoss,
      lossesBroughtForward: trade.lossesBroughtForward,
      lossesBroughtForwardUsed: trade.setOff.used,
      taxableProfit: trade.setOff.taxableProfit,
      lossUsedSideways: lossUsedSideways[i]!,
      lossesCarriedForward: trade.setOff.unused + trade.profit.netLoss - lossUsedSideways[i]!,
      class4LossesBroughtForward: trade.class4LossesBroughtForward,
      class4LossesBroughtForwardUsed: nic4.trades[i]!.class4LossesBroughtForwardUsed,
      class4LossesCarriedForward: nic4.trades[i]!.class4LossesCarriedForward,
    })),
    ukProperty,
    foreignProperty,
    totals: {
      selfEmploymentProfit,
      ukPropertyProfit,
      foreignPropertyProfit,
      savingsInterest,
      dividends,
      totalIncomeReceivedFromAllSources,
      totalIncomeBeforeLossRelief,
      sidewaysLossReliefCap: lossReliefCap,
      lossesAppliedToGeneralIncome,
      netIncome,
      adjustedNetIncome,
      totalAllowancesAndDeductions: lossesAppliedToGeneralIncome + personalAllowanceUsed,
      totalTaxableIncome,
    },
    personalAllowance: { ...allowance, used: personalAllowanceUsed },
    incomeTax: {
      payPensionsProfit,
      savingsAndGains,
      dividends: dividendsTax,
      incomeTaxCharged,
      residentialFinanceCosts,
      totalReliefs,
      incomeTaxDue,
    },
    nics: { class2, class4: nic4.class4, totalNic },
    incomeTaxAndNicsDue: incomeTaxDue + totalNic,
  };
}
