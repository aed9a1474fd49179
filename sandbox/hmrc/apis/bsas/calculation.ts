// The adjustable summary calculation: totals, profit or loss, and the same after accounting adjustments, in pence inside
// and HMRC's decimal numbers in the body.
import { penceToPounds, type Pence } from '../../../../domain/money';
import { taxYearStartYear } from '../../../../domain/taxYear';
import { emptyFigures, sumFigures } from './sources';
import type { Amounts, BsasKind, Deltas, Figures, Units } from './store';

type Json = Record<string, unknown>;

/** Residential finance costs are relieved as a tax reduction, not deducted from the profit (HMRC's property calculation). */
const NOT_DEDUCTED = new Set(['residentialFinancialCost', 'broughtFwdResidentialFinancialCost']);

const total = (amounts: Amounts, skip: Set<string> = new Set()): Pence =>
  Object.entries(amounts).reduce((sum, [field, pence]) => (skip.has(field) ? sum : sum + pence), 0);

function withDeltas(amounts: Amounts, deltas: Amounts): Amounts {
  const out = { ...amounts };
  for (const [field, pence] of Object.entries(deltas)) out[field] = (out[field] ?? 0) + pence;
  return out;
}

export function applyDeltas(figures: Figures, deltas: Deltas): Figures {
  return {
    ...figures,
    income: withDeltas(figures.income, deltas.income),
    expenses: withDeltas(figures.expenses, deltas.expenses),
    additions: withDeltas(figures.additions, deltas.additions),
  };
}

export function emptyDeltas(): Deltas {
  return { income: {}, expenses: {}, additions: {} };
}

export function deltasTotal(list: Deltas[]): Deltas {
  return list.reduce((sum, d) => ({ income: withDeltas(sum.income, d.income), expenses: withDeltas(sum.expenses, d.expenses), additions: withDeltas(sum.additions, d.additions) }), emptyDeltas());
}

const isEmpty = (amounts: Amounts) => Object.keys(amounts).length === 0;

export function money(amounts: Amounts): Record<string, number> | undefined {
  const entries = Object.entries(amounts);
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([field, pence]) => [field, penceToPounds(pence)]));
}

/** Drops undefined members so the body carries only what there is. */
export function compact(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

export interface Totals {
  totalIncome: Pence;
  totalExpenses: Pence;
  net: Pence;
  totalAdditions: Pence;
  totalDeductions: Pence;
  totalAccountingAdjustments: Pence;
  /** Profit (positive) or loss (negative) after additions, deductions and accounting adjustments. */
  result: Pence;
}

/**
 * Self-employment: income less expenses is the net profit or loss; disallowable expenses, balancing charges and own use
 * are added back (with outstanding business income), allowances deducted, then basis and averaging adjustments applied.
 * Property: the same without the self-employment items; residential finance costs are not deducted.
 * Before 2025-26 HMRC lists outstanding business income among the additions; from 2025-26 beside them.
 */
export function totalsOf(figures: Figures, kind: BsasKind): Totals {
  const totalIncome = total(figures.income);
  const totalExpenses = total(figures.expenses, kind === 'self-employment' ? new Set() : NOT_DEDUCTED);
  const net = totalIncome - totalExpenses;
  const totalAdditions = total(figures.additions);
  const totalDeductions = total(figures.deductions);
  const a = figures.accountingAdjustments;
  const totalAccountingAdjustments = (a.basisAdjustment ?? 0) + (a.accountingAdjustment ?? 0) + (a.averagingAdjustment ?? 0) - (a.overlapReliefUsed ?? 0);
  const result = net + totalAdditions + (figures.outstandingBusinessIncome ?? 0) - totalDeductions + totalAccountingAdjustments;
  return { totalIncome, totalExpenses, net, totalAdditions, totalDeductions, totalAccountingAdjustments, result };
}

/** Taxable profits are whole pounds rounded down; losses whole pounds rounded up (in the taxpayer's favour). */
function profitOrLoss(result: Pence): Json {
  return result >= 0 ? { taxableProfit: Math.floor(result / 100) } : { adjustedIncomeTaxLoss: Math.ceil(-result / 100) };
}

function netProfitOrLoss(net: Pence): Json {
  return net >= 0 ? { netProfit: penceToPounds(net) } : { netLoss: penceToPounds(-net) };
}

/** One calculation block (adjustable or adjusted) as HMRC's retrieve shows it, for every tax year's definition at once. */
export function calculationBody(figures: Figures, kind: BsasKind, taxYear: string): Json {
  const t = totalsOf(figures, kind);
  const common = {
    totalIncome: penceToPounds(t.totalIncome),
    income: money(figures.income),
    totalExpenses: penceToPounds(t.totalExpenses),
    expenses: money(figures.expenses),
    ...netProfitOrLoss(t.net),
    totalAdditions: isEmpty(figures.additions) ? undefined : penceToPounds(t.totalAdditions),
    additions: money(figures.additions),
    totalDeductions: isEmpty(figures.deductions) ? undefined : penceToPounds(t.totalDeductions),
    deductions: money(figures.deductions),
  };
  if (kind !== 'self-employment') return compact({ ...common, ...profitOrLoss(t.result) });
  const outstanding = figures.outstandingBusinessIncome;
  const beforeAdditionsMoved = taxYearStartYear(taxYear) <= 2024;
  const adjustedProfit = t.net + t.totalAdditions + (outstanding ?? 0);
  return compact({
    ...common,
    ...(beforeAdditionsMoved && outstanding !== undefined
      ? { totalAdditions: penceToPounds(t.totalAdditions + outstanding), additions: money({ ...figures.additions, outstandingBusinessIncome: outstanding }) }
      : {}),
    outstandingBusinessIncome: !beforeAdditionsMoved && outstanding !== undefined ? penceToPounds(outstanding) : undefined,
    adjustedProfit: !beforeAdditionsMoved && adjustedProfit > 0 ? penceToPounds(adjustedProfit) : undefined,
    totalAccountingAdjustments: isEmpty(figures.accountingAdjustments) ? undefined : penceToPounds(t.totalAccountingAdjustments),
    accountingAdjustments: money(figures.accountingAdjustments),
    ...profitOrLoss(t.result),
  });
}

/** A country or property block: its calculation, with its adjustments applied when there are any. */
function unitBody(unit: Figures, taxYear: string, change: Deltas | undefined): Json {
  return calculationBody(change ? applyDeltas(unit, change) : unit, 'foreign-property', taxYear);
}

/**
 * A foreign property business's calculation, with a block per country (`countryLevelDetail`); from 2026-27 the figures
 * are per property, so each country lists its properties (`propertyLevelDetail`), placed by the country their details
 * give. When a property's country is not known the countries are left out (HMRC's schema makes them optional).
 */
export function foreignCalculationBody(
  figures: Figures,
  units: Units | undefined,
  taxYear: string,
  countryOf: (propertyId: string) => string | undefined,
  deltas: { key: string; deltas: Deltas }[] = [],
): Json {
  const body = calculationBody(figures, 'foreign-property', taxYear);
  if (!units || units.list.length === 0) return body;
  const changeOf = (key: string) => deltas.find((d) => d.key === key)?.deltas;
  const unitOf = (key: string): Figures => units.list.find((u) => u.key === key) ?? emptyFigures();
  const keys = [...new Set([...units.list.map((u) => u.key), ...deltas.map((d) => d.key)])];
  if (units.kind === 'country') {
    return { ...body, countryLevelDetail: keys.map((countryCode) => ({ countryCode, ...unitBody(unitOf(countryCode), taxYear, changeOf(countryCode)) })) };
  }
  const countries = new Map<string, string[]>();
  for (const propertyId of keys) {
    const country = countryOf(propertyId);
    if (!country) return body;
    countries.set(country, [...(countries.get(country) ?? []), propertyId]);
  }
  const countryLevelDetail = [...countries].map(([countryCode, propertyIds]) => {
    const adjusted = propertyIds.map((id) => {
      const change = changeOf(id);
      return change ? applyDeltas(unitOf(id), change) : unitOf(id);
    });
    return {
      countryCode,
      ...calculationBody(sumFigures(adjusted), 'foreign-property', taxYear),
      propertyLevelDetail: propertyIds.map((propertyId) => ({ propertyId, ...unitBody(unitOf(propertyId), taxYear, changeOf(propertyId)) })),
    };
  });
  return { ...body, countryLevelDetail };
}
