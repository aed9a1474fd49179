// What a property business's submissions come to for a tax year, in pence, for the calculation (a figure provider).
import { poundsToPence, sumPence, type Pence } from '../../../../domain/money';
import type { EmulatorState } from '../../state';
import { findSourceYear, registerFigureProvider, type SourceFigures } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';

type Json = Record<string, unknown>;

/** Income: rents, premiums for the grant of a lease, reverse premiums, other property income and rent-a-room rents. */
const INCOME = ['periodAmount', 'rentAmount', 'premiumsOfLeaseGrant', 'reversePremiums', 'otherIncome', 'otherPropertyIncome'];
/** Allowable expenses; residential finance costs are left out (they are a tax reduction, not a deduction). */
const EXPENSES = ['premisesRunningCosts', 'repairsAndMaintenance', 'financialCosts', 'professionalFees', 'costOfServices', 'other', 'travelCosts', 'consolidatedExpenses'];
const FINANCE_COSTS = ['residentialFinancialCost', 'residentialFinancialCostsCarriedForward', 'broughtFwdResidentialFinancialCost'];
const ADDITIONS = ['balancingCharge', 'privateUseAdjustment', 'businessPremisesRenovationAllowanceBalancingCharges'];
const ALLOWANCES = [
  'annualInvestmentAllowance',
  'businessPremisesRenovationAllowance',
  'otherCapitalAllowance',
  'costOfReplacingDomesticItems',
  'zeroEmissionsCarAllowance',
  'zeroEmissionsGoodsVehicleAllowance',
  'electricChargePointAllowance',
];

interface Totals {
  income: Pence;
  expenses: Pence;
  residentialFinanceCosts: Pence;
}

/** The property parts of a period or annual body: UK (FHL, non-FHL or one UK property), foreign FHL, each entry. */
function propertyParts(body: Json): Json[] {
  const parts: Json[] = [];
  for (const key of ['ukProperty', 'ukFhlProperty', 'ukNonFhlProperty', 'foreignFhlEea']) if (body[key]) parts.push(body[key] as Json);
  for (const key of ['foreignProperty', 'foreignNonFhlProperty']) parts.push(...((body[key] as Json[] | undefined) ?? []));
  return parts;
}

function periodTotals(body: Json): Totals {
  let income = 0;
  let expenses = 0;
  let residentialFinanceCosts = 0;
  for (const part of propertyParts(body)) {
    const inc = part.income as Json | undefined;
    const exp = part.expenses as Json | undefined;
    income += sumPence(inc, INCOME) + sumPence(inc?.rentARoom as Json | undefined, ['rentsReceived']) + sumPence(inc?.rentIncome as Json | undefined, ['rentAmount']);
    // Rent-a-room relief claimed reduces the taxable rents like an expense.
    expenses += sumPence(exp, EXPENSES) + sumPence(exp?.rentARoom as Json | undefined, ['amountClaimed']);
    residentialFinanceCosts += sumPence(exp, FINANCE_COSTS);
  }
  return { income, expenses, residentialFinanceCosts };
}

/** Balancing charges and private use add to profits; capital allowances (buildings included) reduce them. */
function annualTotals(body: Json): { adjustments: Pence; propertyAllowance: Pence | undefined } {
  let adjustments = 0;
  let propertyAllowance: Pence | undefined;
  for (const part of propertyParts(body)) {
    const allowances = part.allowances as Json | undefined;
    adjustments += sumPence(part.adjustments as Json | undefined, ADDITIONS);
    adjustments -= sumPence(allowances, ALLOWANCES);
    for (const kind of ['structuredBuildingAllowance', 'enhancedStructuredBuildingAllowance']) {
      for (const building of (allowances?.[kind] as { amount: number }[] | undefined) ?? []) adjustments -= poundsToPence(building.amount);
    }
    if (typeof allowances?.propertyIncomeAllowance === 'number') propertyAllowance = (propertyAllowance ?? 0) + poundsToPence(allowances.propertyIncomeAllowance);
  }
  return { adjustments, propertyAllowance };
}

export function propertyFigures(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): SourceFigures | null {
  if (business.typeOfBusiness !== 'uk-property' && business.typeOfBusiness !== 'foreign-property') return null;
  const record = findSourceYear(state, nino, business.businessId, taxYear);
  if (!record || (!record.cumulative && record.periods.length === 0 && !record.annual)) return null;
  // The latest cumulative summary is the year to date; before 2025-26 the year is the sum of its periods.
  const totals = record.cumulative
    ? periodTotals(record.cumulative.body)
    : record.periods.map((p) => periodTotals(p.body)).reduce((a, b) => ({ income: a.income + b.income, expenses: a.expenses + b.expenses, residentialFinanceCosts: a.residentialFinanceCosts + b.residentialFinanceCosts }), { income: 0, expenses: 0, residentialFinanceCosts: 0 });
  const annual = record.annual ? annualTotals(record.annual.body) : { adjustments: 0, propertyAllowance: undefined };
  return {
    businessId: business.businessId,
    typeOfBusiness: business.typeOfBusiness,
    income: totals.income,
    expenses: totals.expenses,
    adjustments: annual.adjustments,
    residentialFinanceCosts: totals.residentialFinanceCosts,
    ...(annual.propertyAllowance !== undefined ? { propertyAllowance: annual.propertyAllowance } : {}),
  };
}

registerFigureProvider(propertyFigures);
