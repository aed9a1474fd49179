// Business Source Adjustable Summary (BSAS) 7.0: trigger, list, retrieve and adjust end-of-year summaries per business,
// built on what the Self-Employment and Property Business APIs stored; and the adjustments for Individual Calculations.
import type { Pence } from '../../../../domain/money';
import type { EmulatorState } from '../../state';
import type { ApiContext, Route } from '../types';
import { adjustHandler } from './adjust';
import { listHandler } from './list';
import { retrieveHandler } from './retrieve';
import { findSummaries, statusOf, type StoredSummary } from './store';
import { triggerHandler } from './trigger';

const API = 'self-assessment-bsas';
const VERSION = '7.0';
const BASE = '/individuals/self-assessment/adjustable-summary/{nino}';

export function bsasRoutes(ctx: ApiContext): Route[] {
  return [
    [API, VERSION, 'POST', `${BASE}/trigger`, triggerHandler(ctx)],
    [API, VERSION, 'GET', `${BASE}/{taxYear}`, listHandler(ctx)],
    [API, VERSION, 'GET', `${BASE}/self-employment/{calculationId}/{taxYear}`, retrieveHandler(ctx, 'self-employment')],
    [API, VERSION, 'POST', `${BASE}/self-employment/{calculationId}/adjust/{taxYear}`, adjustHandler(ctx, 'self-employment')],
    [API, VERSION, 'GET', `${BASE}/uk-property/{calculationId}/{taxYear}`, retrieveHandler(ctx, 'uk-property')],
    [API, VERSION, 'POST', `${BASE}/uk-property/{calculationId}/adjust/{taxYear}`, adjustHandler(ctx, 'uk-property')],
    [API, VERSION, 'GET', `${BASE}/foreign-property/{calculationId}/{taxYear}`, retrieveHandler(ctx, 'foreign-property')],
    [API, VERSION, 'POST', `${BASE}/foreign-property/{calculationId}/adjust/{taxYear}`, adjustHandler(ctx, 'foreign-property')],
  ];
}

/** The accounting adjustments Individual Calculations applies to a business's figures for a year (signed, in pence). */
export interface BsasAdjustments {
  /** Added to income. */
  incomeAdjustment: Pence;
  /** Added to deductible expenses (so a positive value lowers the profit); residential finance costs are not in it. */
  expensesAdjustment: Pence;
  /** Added to additions (self-employment disallowable expenses added back; a positive value raises the profit). */
  additionsAdjustment: Pence;
  /** Property only: added to residential finance costs, which are relieved as a tax reduction, not deducted. */
  residentialFinanceCostAdjustment: Pence;
  /** The change to the profit: income - expenses + additions. */
  profitAdjustment: Pence;
  /** The summaries the adjustments come from (one, or an FHL and a non-FHL one before 2025-26), and when they were made. */
  calculationIds: string[];
  adjustedOn: string;
}

const sum = (amounts: Record<string, Pence>, only: (field: string) => boolean = () => true) =>
  Object.entries(amounts).reduce((total, [field, pence]) => (only(field) ? total + pence : total), 0);

/**
 * The adjustments of the business's latest summary for the year, when that summary is still valid (not superseded, data
 * unchanged since) and was adjusted; null otherwise. A summary adjusted with `zeroAdjustments` gives zeros, not null.
 * Before 2025-26 a property business could have an FHL and a non-FHL summary: their adjustments are added together.
 */
export function bsasAdjustmentsFor(state: EmulatorState, nino: string, businessId: string, taxYear: string): BsasAdjustments | null {
  const latest = new Map<string, StoredSummary>();
  for (const s of findSummaries(state, nino)) {
    if (s.businessId !== businessId || s.taxYear !== taxYear) continue;
    const current = latest.get(s.typeOfBusiness);
    if (!current || s.seq > current.seq) latest.set(s.typeOfBusiness, s);
  }
  const adjusted = [...latest.values()].filter((s) => s.adjustment && statusOf(state, nino, s) === 'valid');
  if (adjusted.length === 0) return null;
  const result: BsasAdjustments = { incomeAdjustment: 0, expensesAdjustment: 0, additionsAdjustment: 0, residentialFinanceCostAdjustment: 0, profitAdjustment: 0, calculationIds: [], adjustedOn: '' };
  for (const s of adjusted) {
    const { total, adjustedDateTime } = s.adjustment!;
    result.incomeAdjustment += sum(total.income);
    result.expensesAdjustment += sum(total.expenses, (f) => f !== 'residentialFinancialCost');
    result.residentialFinanceCostAdjustment += sum(total.expenses, (f) => f === 'residentialFinancialCost');
    result.additionsAdjustment += sum(total.additions);
    result.calculationIds.push(s.calculationId);
    if (adjustedDateTime > result.adjustedOn) result.adjustedOn = adjustedDateTime;
  }
  result.profitAdjustment = result.incomeAdjustment - result.expensesAdjustment + result.additionsAdjustment;
  return result;
}
