// The figures behind a quarter's income and expenses: /v2/accounting/trial_balance/summary, /v2/accounting/profit_and_loss/summary,
// /v2/accounting/transactions and /v2/categories, all computed from the company's ledger postings.
import { Hono } from 'hono';
import { penceToDecimal } from '../../integrations/freeagent/decimal';
import { badRequest } from './errors';
import { companyOf, type PipelineDeps, type PipelineEnv } from './pipeline';
import type { CategoryGroup, Posting, StoredCategory, StoredCompany } from './state';

export interface AccountingDeps extends PipelineDeps {
  baseUrl: () => string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkDate(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) throw badRequest(`${name} must be a date as YYYY-MM-DD, got '${value}'`);
  return value;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

/** The accounting year (first and last day) that contains a date. */
export function accountingYearContaining(company: StoredCompany, date: string): { from: string; to: string } {
  let from = `${date.slice(0, 4)}-${company.accountingYearStartsOn}`;
  if (from > date) from = addYears(from, -1);
  return { from, to: addDays(addYears(from, 1), -1) };
}

/** Profit and loss categories run from 001 to 599; 600 and above are the balance sheet. */
export function isProfitAndLoss(nominalCode: string): boolean {
  return Number(nominalCode.split('-')[0]) < 600;
}

/** Income categories (001-049) and other income (050-095) are credits; the rest of the P&L are costs. */
function isIncome(nominalCode: string): boolean {
  return Number(nominalCode.split('-')[0]) < 96;
}

function postingsIn(company: StoredCompany, from: string, to: string, nominalCode?: string): Posting[] {
  return company.postings.filter((p) => p.datedOn >= from && p.datedOn <= to && (nominalCode === undefined || p.nominalCode === nominalCode));
}

function categoryName(company: StoredCompany, code: string): string {
  return company.categories.get(code)?.description ?? `Category ${code}`;
}

const GROUP_KEYS: Record<CategoryGroup, string> = {
  income: 'income_categories',
  cost_of_sales: 'cost_of_sales_categories',
  admin_expenses: 'admin_expenses_categories',
  general: 'general_categories',
};

function serialiseCategory(baseUrl: string, category: StoredCategory): Record<string, unknown> {
  return {
    url: `${baseUrl}/v2/categories/${category.nominalCode}`,
    description: category.description,
    nominal_code: category.nominalCode,
    ...(category.allowableForTax === undefined ? {} : { allowable_for_tax: category.allowableForTax }),
    ...(category.taxReportingName ? { tax_reporting_name: category.taxReportingName } : {}),
  };
}

export function createAccountingRoutes(deps: AccountingDeps): Hono<PipelineEnv> {
  const today = () => new Date(deps.now()).toISOString().slice(0, 10);

  return new Hono<PipelineEnv>()
    .get('/accounting/trial_balance/summary', (c) => {
      const company = companyOf(c);
      const fromDate = checkDate('from_date', c.req.query('from_date'));
      const toDate = checkDate('to_date', c.req.query('to_date')) ?? today();
      // Only to_date (or nothing): from the start of the accounting period containing it.
      const from = fromDate ?? accountingYearContaining(company, toDate).from;
      if (from > toDate) throw badRequest(`from_date ${from} is after to_date ${toDate}`);
      const totals = new Map<string, number>();
      for (const p of postingsIn(company, from, toDate)) totals.set(p.nominalCode, (totals.get(p.nominalCode) ?? 0) + p.debitValue);
      const rows = [...totals.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, total]) => ({
          category: `${deps.baseUrl()}/v2/categories/${code.split('-')[0]}`,
          nominal_code: code,
          display_nominal_code: code,
          name: categoryName(company, code),
          total: penceToDecimal(total),
        }));
      return c.json({ trial_balance_summary: rows });
    })
    .get('/accounting/profit_and_loss/summary', (c) => {
      const company = companyOf(c);
      const period = c.req.query('accounting_period');
      let from: string;
      let to: string;
      if (period !== undefined) {
        const match = /^(\d{4})\/(\d{2})$/.exec(period);
        if (!match || (Number(match[1]) + 1) % 100 !== Number(match[2])) throw badRequest(`accounting_period must look like 2025/26, got '${period}'`);
        ({ from, to } = accountingYearContaining(company, `${match[1]}-${company.accountingYearStartsOn}`));
      } else {
        const current = accountingYearContaining(company, today());
        from = checkDate('from_date', c.req.query('from_date')) ?? current.from;
        to = checkDate('to_date', c.req.query('to_date')) ?? today();
      }
      if (from > to) throw badRequest(`from_date ${from} is after to_date ${to}`);
      const year = accountingYearContaining(company, from);
      if (to > year.to && to >= addYears(from, 1)) throw badRequest('Requested date periods must be equal to or less than 12 months or be contained within a single accounting year');
      let income = 0;
      let expenses = 0;
      for (const p of postingsIn(company, from, to)) {
        if (!isProfitAndLoss(p.nominalCode)) continue;
        if (isIncome(p.nominalCode)) income -= p.debitValue;
        else expenses += p.debitValue;
      }
      const profit = income - expenses;
      return c.json({
        profit_and_loss_summary: {
          from,
          to,
          income: penceToDecimal(income),
          expenses: penceToDecimal(expenses),
          operating_profit: penceToDecimal(profit),
          less: ['Corp. Tax', 'Dividends', 'Adjustments'].map((title) => ({ title, total: '0.0' })),
          retained_profit: penceToDecimal(profit),
          retained_profit_brought_forward: '0.0',
          retained_profit_carried_forward: penceToDecimal(profit),
        },
      });
    })
    .get('/accounting/transactions', (c) => {
      const company = companyOf(c);
      const current = accountingYearContaining(company, today());
      const from = checkDate('from_date', c.req.query('from_date')) ?? current.from;
      const to = checkDate('to_date', c.req.query('to_date')) ?? today();
      const transactions = postingsIn(company, from, to, c.req.query('nominal_code')).map((p) => ({
        url: `${deps.baseUrl()}/v2/accounting/transactions/${p.id}`,
        dated_on: p.datedOn,
        category: `${deps.baseUrl()}/v2/categories/${p.nominalCode.split('-')[0]}`,
        category_name: categoryName(company, p.nominalCode),
        nominal_code: p.nominalCode,
        debit_value: penceToDecimal(p.debitValue),
        description: p.description,
      }));
      return c.json({ transactions });
    })
    .get('/categories', (c) => {
      const company = companyOf(c);
      const body: Record<string, unknown[]> = { admin_expenses_categories: [], cost_of_sales_categories: [], income_categories: [], general_categories: [] };
      for (const category of [...company.categories.values()].sort((a, b) => a.nominalCode.localeCompare(b.nominalCode))) {
        body[GROUP_KEYS[category.group]]!.push(serialiseCategory(deps.baseUrl(), category));
      }
      return c.json(body);
    });
}
