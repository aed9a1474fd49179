// A stored calculation as HMRC's Retrieve a Self Assessment Tax Calculation answers it (def3 2025-26, def4 2026-27 on).
import type { ChargedBand, IncomeTaxCalculation, IncomeTypeTax } from '../../../../domain/incomeTax';
import { penceToPounds } from '../../../../domain/money';
import { taxYearEnd, taxYearStart } from '../../../../domain/taxYear';
import type { StoredCalculation } from './store';

const money = (pence: number) => penceToPounds(pence);
/** HMRC writes rates as percentages (20, 8.75); the domain keeps basis points. */
const percent = (basisPoints: number) => basisPoints / 100;

function band(b: ChargedBand<string>) {
  const limit = b.bandLimit === null ? 99999999999 : Math.floor(b.bandLimit / 100);
  return { name: b.name, rate: percent(b.rate), bandLimit: limit, apportionedBandLimit: limit, income: Math.floor(b.income / 100), taxAmount: money(b.amount) };
}

function incomeType(t: IncomeTypeTax) {
  return {
    incomeReceived: Math.floor(t.incomeReceived / 100),
    allowancesAllocated: Math.floor(t.allowancesAllocated / 100),
    taxableIncome: Math.floor(t.taxableIncome / 100),
    incomeTaxAmount: money(t.incomeTaxAmount),
    ...(t.bands.length > 0 ? { taxBands: t.bands.map(band) } : {}),
  };
}

function calculationSection(r: IncomeTaxCalculation, calc: StoredCalculation) {
  const wholePounds = (pence: number) => Math.floor(pence / 100);
  const sources = calc.sources;
  const nameOf = (id: string) => sources.find((s) => s.businessId === id)?.tradingName;
  const business = [
    ...r.selfEmployments.map((s) => ({
      incomeSourceId: s.id,
      incomeSourceType: 'self-employment',
      ...(nameOf(s.id) ? { incomeSourceName: nameOf(s.id) } : {}),
      totalIncome: money(s.income),
      totalExpenses: money(s.expenses),
      netProfit: money(s.netProfit),
      netLoss: money(s.netLoss),
      accountingAdjustments: money(s.adjustments),
      taxableProfit: wholePounds(s.netProfit),
      adjustedIncomeTaxLoss: wholePounds(s.netLoss),
      totalBroughtForwardIncomeTaxLosses: wholePounds(s.lossesBroughtForward),
      broughtForwardIncomeTaxLossesUsed: wholePounds(s.lossesBroughtForwardUsed),
      taxableProfitAfterIncomeTaxLossesDeduction: wholePounds(s.taxableProfit),
    })),
    ...(['ukProperty', 'foreignProperty'] as const).flatMap((key) => {
      const p = r[key];
      const source = sources.find((s) => s.typeOfBusiness === (key === 'ukProperty' ? 'uk-property' : 'foreign-property'));
      if (!p || !source) return [];
      return [
        {
          incomeSourceId: source.businessId,
          incomeSourceType: source.typeOfBusiness,
          totalIncome: money(p.income),
          totalExpenses: money(p.expenses),
          netProfit: money(p.netProfit),
          netLoss: money(p.netLoss),
          accountingAdjustments: money(p.adjustments),
          taxableProfit: wholePounds(p.netProfit),
          adjustedIncomeTaxLoss: wholePounds(p.netLoss),
          totalBroughtForwardIncomeTaxLosses: wholePounds(p.lossesBroughtForward),
          broughtForwardIncomeTaxLossesUsed: wholePounds(p.lossesBroughtForwardUsed),
          taxableProfitAfterIncomeTaxLossesDeduction: wholePounds(p.taxableProfit),
        },
      ];
    }),
  ];
  const rfc = r.incomeTax.residentialFinanceCosts;
  const nics = r.nics;
  const class4 = {
    totalIncomeLiableToClass4Charge: wholePounds(nics.class4.totalIncomeLiableToClass4Charge),
    totalIncomeChargeableToClass4: wholePounds(nics.class4.totalIncomeChargeableToClass4),
    totalAmount: money(nics.class4.totalAmount),
    nic4Bands: nics.class4.bands.map((b) => ({
      name: b.name,
      rate: percent(b.rate),
      ...(b.bandLimit === null ? {} : { threshold: Math.floor(b.bandLimit / 100), apportionedThreshold: Math.floor(b.bandLimit / 100) }),
      income: wholePounds(b.income),
      amount: money(b.amount),
    })),
  };
  const def4 = calc.taxYear >= '2026-27';
  return {
    allowancesAndDeductions: {
      personalAllowance: wholePounds(r.personalAllowance.given),
      ...(r.personalAllowance.taperReduction > 0 ? { reducedPersonalAllowance: wholePounds(r.personalAllowance.given) } : {}),
      ...(r.totals.lossesAppliedToGeneralIncome > 0 ? { lossesAppliedToGeneralIncome: wholePounds(r.totals.lossesAppliedToGeneralIncome) } : {}),
    },
    ...(rfc.relief > 0 || rfc.totalAllowableAmount > 0
      ? {
          reliefs: {
            residentialFinanceCosts: {
              adjustedTotalIncome: money(rfc.adjustedTotalIncome),
              totalAllowableAmount: money(rfc.totalAllowableAmount),
              relievableAmount: money(rfc.relievableAmount),
              rate: percent(rfc.rate),
              totalResidentialFinanceCostsRelief: money(rfc.relief),
            },
          },
        }
      : {}),
    ...(business.length > 0 ? { businessProfitAndLoss: business } : {}),
    incomeSummaryTotals: {
      totalSelfEmploymentProfit: wholePounds(r.totals.selfEmploymentProfit),
      totalPropertyProfit: wholePounds(r.totals.ukPropertyProfit + r.totals.foreignPropertyProfit),
      totalForeignPropertyProfit: wholePounds(r.totals.foreignPropertyProfit),
    },
    taxCalculation: {
      incomeTax: {
        totalIncomeReceivedFromAllSources: wholePounds(r.totals.totalIncomeReceivedFromAllSources),
        totalAllowancesAndDeductions: wholePounds(r.totals.totalAllowancesAndDeductions),
        totalTaxableIncome: wholePounds(r.totals.totalTaxableIncome),
        payPensionsProfit: incomeType(r.incomeTax.payPensionsProfit),
        ...(r.incomeTax.savingsAndGains.incomeReceived > 0 ? { savingsAndGains: incomeType(r.incomeTax.savingsAndGains) } : {}),
        ...(r.incomeTax.dividends.incomeReceived > 0 ? { dividends: incomeType(r.incomeTax.dividends) } : {}),
        incomeTaxCharged: money(r.incomeTax.incomeTaxCharged),
        totalReliefs: money(r.incomeTax.totalReliefs),
        incomeTaxDueAfterReliefs: money(r.incomeTax.incomeTaxDue),
        totalIncomeTaxDue: money(r.incomeTax.incomeTaxDue),
      },
      nics: {
        ...(nics.class2.amount > 0 || nics.class2.voluntary
          ? {
              class2Nics: {
                amount: money(nics.class2.amount),
                weeklyRate: money(nics.class2.weeklyRate),
                weeks: nics.class2.weeks,
                limit: wholePounds(nics.class2.smallProfitsThreshold),
                apportionedLimit: wholePounds(nics.class2.smallProfitsThreshold),
                underSmallProfitThreshold: nics.class2.underSmallProfitsThreshold,
              },
            }
          : {}),
        ...(nics.class4.bands.length > 0 ? { class4Nics: class4 } : {}),
        ...(def4 ? { nic2Amount: money(nics.class2.amount), nic4Amount: money(nics.class4.totalAmount) } : { nic2NetOfDeductions: money(nics.class2.amount), nic4NetOfDeductions: money(nics.class4.totalAmount) }),
        totalNic: money(nics.totalNic),
      },
      totalIncomeTaxNicsCharged: money(r.incomeTaxAndNicsDue),
      totalIncomeTaxAndNicsDue: money(r.incomeTaxAndNicsDue),
    },
  };
}

export function retrieveBody(calc: StoredCalculation, nino: string, itsaStatus: string | undefined) {
  const hasErrors = calc.messages.errors.length > 0;
  const messages = Object.fromEntries(Object.entries(calc.messages).filter(([, list]) => list.length > 0));
  return {
    metadata: {
      calculationId: calc.calculationId,
      taxYear: calc.taxYear,
      requestedBy: calc.requestedBy,
      requestedTimestamp: calc.requestedTimestamp,
      calculationReason: 'customer-request',
      calculationTimestamp: calc.calculationTimestamp,
      calculationType: calc.calculationType,
      ...(calc.finalisationTimestamp ? { finalisationTimestamp: calc.finalisationTimestamp } : {}),
      ...(calc.confirmationTimestamp ? { confirmationTimestamp: calc.confirmationTimestamp } : {}),
      periodFrom: taxYearStart(calc.taxYear),
      periodTo: taxYearEnd(calc.taxYear),
    },
    inputs: {
      personalInformation: {
        identifier: nino,
        taxRegime: calc.result?.taxRegime ?? (calc.input.residency === 'scotland' ? 'scotland' : calc.input.residency === 'wales' ? 'wales' : 'uk'),
        ...(itsaStatus ? { itsaStatus } : {}),
      },
      incomeSources: {
        businessIncomeSources: calc.sources.map((s) => ({
          incomeSourceId: s.businessId,
          incomeSourceType: s.typeOfBusiness,
          ...(s.tradingName ? { incomeSourceName: s.tradingName } : {}),
          accountingPeriodStartDate: taxYearStart(calc.taxYear),
          accountingPeriodEndDate: taxYearEnd(calc.taxYear),
          source: 'MTD-SA',
          ...(s.commencementDate ? { commencementDate: s.commencementDate } : {}),
          ...(s.cessationDate ? { cessationDate: s.cessationDate } : {}),
          latestPeriodEndDate: s.latestPeriodEndDate,
          latestReceivedDateTime: s.latestReceivedDateTime,
        })),
      },
    },
    ...(calc.result && !hasErrors ? { calculation: calculationSection(calc.result, calc) } : {}),
    ...(Object.keys(messages).length > 0 ? { messages } : {}),
  };
}
