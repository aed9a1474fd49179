// What a self-employment's stored submissions for a tax year come to, in pence, for the calculation (a figure provider).
import { poundsToPence, sumPence, type Pence } from '../../../../domain/money';
import type { EmulatorState } from '../../state';
import { findSourceYear, registerFigureProvider, type SourceFigures } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';
import type { AnnualBody } from './annual';
import type { PeriodBody } from './expenses';

const INCOME = ['turnover', 'other'] as const;

/** Annual adjustments that add to profit; basisAdjustment and averagingAdjustment carry their own sign. */
const ADDITIONS = [
  'basisAdjustment',
  'averagingAdjustment',
  'accountingAdjustment',
  'outstandingBusinessIncome',
  'balancingChargeBpra',
  'balancingChargeOther',
  'goodsAndServicesOwnUse',
  'transitionProfitAmount',
  'transitionProfitAccelerationAmount',
] as const;

/** Annual adjustments that take profit away. adjustmentToProfitsForClass4 is for Class 4 only, so it is in neither list. */
const DEDUCTIONS = ['includedNonTaxableProfits', 'overlapReliefUsed'] as const;

function incomeAndExpenses(body: PeriodBody): { income: Pence; expenses: Pence } {
  const allowable = body.periodExpenses?.consolidatedExpenses !== undefined ? poundsToPence(body.periodExpenses.consolidatedExpenses) : sumPence(body.periodExpenses);
  return { income: sumPence(body.periodIncome, INCOME), expenses: allowable - sumPence(body.periodDisallowableExpenses) };
}

/** Capital allowances (every allowance but the trading allowance, building allowances by amount) reduce profit. */
function capitalAllowances(allowances: AnnualBody['allowances']): Pence {
  if (!allowances) return 0;
  const { tradingIncomeAllowance: _trading, structuredBuildingAllowance = [], enhancedStructuredBuildingAllowance = [], ...pools } = allowances;
  const buildings = [...structuredBuildingAllowance, ...enhancedStructuredBuildingAllowance].reduce((total, b) => total + poundsToPence(b.amount), 0);
  return sumPence(pools) + buildings;
}

export function selfEmploymentFigures(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): SourceFigures | null {
  if (business.typeOfBusiness !== 'self-employment') return null;
  const record = findSourceYear(state, nino, business.businessId, taxYear);
  if (!record) return null;
  // From 2025-26 the latest cumulative summary holds the year to date; before, the year is the sum of its periods.
  const periodic = record.cumulative ? [record.cumulative.body as PeriodBody] : record.periods.map((p) => p.body as PeriodBody);
  const annual = record.annual?.body as AnnualBody | undefined;
  if (periodic.length === 0 && !annual) return null;

  const totals = periodic.map(incomeAndExpenses);
  const adjustments = annual?.adjustments;
  const tradingAllowance = annual?.allowances?.tradingIncomeAllowance;
  return {
    businessId: business.businessId,
    typeOfBusiness: 'self-employment',
    income: totals.reduce((sum, t) => sum + t.income, 0),
    expenses: totals.reduce((sum, t) => sum + t.expenses, 0),
    adjustments: sumPence(adjustments, ADDITIONS) - sumPence(adjustments, DEDUCTIONS) - capitalAllowances(annual?.allowances),
    ...(typeof tradingAllowance === 'number' ? { tradingAllowance: poundsToPence(tradingAllowance) } : {}),
  };
}

registerFigureProvider(selfEmploymentFigures);
