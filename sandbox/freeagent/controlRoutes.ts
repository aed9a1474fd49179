// Emulator-only controls under /emulator/: seed account managers, client companies (users, returns, categories, postings,
// bank accounts), set a return's filing status as HMRC's answer would, move the clock, read the ledger of accepted writes
// and the log of API requests, reset.
import { Hono } from 'hono';
import { z } from 'zod';
import { decimalToPence } from '../../integrations/freeagent/decimal';
import { bankAccountSchema, createBankingControlRoutes, seedBankAccount } from './bankingSeeds';
import { documentedReturns, standardCategories } from './fixtures';
import { date, decimal, problems } from './seedSchemas';
import { FILING_STATUSES, nextId, type FreeAgentState, type LedgerEntry, type StoredCompany, type StoredReturn, type StoredUser } from './state';

export interface ControlDeps {
  state: FreeAgentState;
  now: () => number;
  advanceClock: (ms: number) => void;
  reset: () => void;
}

const paymentSchema = z.object({
  label: z.enum(['Payment on Account', 'Balancing Payment']),
  due_on: date,
  amount_due: decimal,
  status: z.enum(['unpaid', 'marked_as_paid', 'paid']).optional(),
});

const returnSchema = z.object({
  period_ends_on: date,
  period_starts_on: date.optional(),
  filing_due_on: date.optional(),
  filing_status: z.enum(FILING_STATUSES).default('unfiled'),
  filed_at: z.string().optional(),
  filed_reference: z.string().optional(),
  payments: z.array(paymentSchema).default([]),
});

const userSchema = z.object({
  id: z.number().int().positive().optional(),
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  email: z.string().email(),
  role: z.string().default('Owner'),
  permission_level: z.number().int().min(0).max(8).default(8),
  unique_tax_reference: z.string().regex(/^\d{10}$/).optional(),
  ni_number: z.string().optional(),
  /** 'documented': the three returns of FreeAgent's own example. */
  self_assessment_returns: z.union([z.literal('documented'), z.array(returnSchema)]).default([]),
});

const categorySchema = z.object({
  nominal_code: z.string().regex(/^\d{3}$/),
  description: z.string().min(1),
  group: z.enum(['income', 'cost_of_sales', 'admin_expenses', 'general']),
  allowable_for_tax: z.boolean().optional(),
  tax_reporting_name: z.string().optional(),
});

const postingSchema = z.object({ dated_on: date, nominal_code: z.string().regex(/^\d{3}(-\d+)?$/), debit_value: decimal, description: z.string().default('') });

const companySchema = z.object({
  subdomain: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens'),
  name: z.string().min(1),
  type: z.string().default('UkSoleTrader'),
  status: z.enum(['active', 'inactive', 'closed']).default('active'),
  account_manager_id: z.number().int().optional(),
  accounting_year_starts_on: z.string().regex(/^\d{2}-\d{2}$/).default('04-06'),
  users: z.array(userSchema).default([]),
  categories: z.array(categorySchema).default([]),
  postings: z.array(postingSchema).default([]),
  bank_accounts: z.array(bankAccountSchema).default([]),
});

const managerSchema = z.object({ name: z.string().min(1), email: z.string().email(), senior: z.boolean().default(false) });

function toReturn(input: z.infer<typeof returnSchema>): StoredReturn {
  const endYear = Number(input.period_ends_on.slice(0, 4));
  return {
    periodEndsOn: input.period_ends_on,
    periodStartsOn: input.period_starts_on ?? `${endYear - 1}-04-06`,
    filingDueOn: input.filing_due_on ?? `${endYear + 1}-01-31`,
    filingStatus: input.filing_status,
    ...(input.filed_at ? { filedAt: input.filed_at } : {}),
    ...(input.filed_reference ? { filedReference: input.filed_reference } : {}),
    payments: input.payments.map((p) => {
      const amountDue = decimalToPence(p.amount_due);
      return { label: p.label, dueOn: p.due_on, amountDue, ...(amountDue > 0 ? { status: p.status ?? 'unpaid' } : {}) };
    }),
  };
}

function addPostings(state: FreeAgentState, company: StoredCompany, postings: z.infer<typeof postingSchema>[]): void {
  for (const p of postings) company.postings.push({ id: nextId(state), datedOn: p.dated_on, nominalCode: p.nominal_code, debitValue: decimalToPence(p.debit_value), description: p.description });
}

export function createControlRoutes(deps: ControlDeps): Hono {
  const { state } = deps;
  return new Hono()
    .post('/account_managers', async (c) => {
      const parsed = managerSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json(problems(parsed.error), 422);
      const id = nextId(state);
      state.accountManagers.set(id, { id, ...parsed.data });
      return c.json({ account_manager: { id, ...parsed.data } }, 201);
    })
    .post('/companies', async (c) => {
      const parsed = companySchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json(problems(parsed.error), 422);
      const input = parsed.data;
      if (state.companies.has(input.subdomain)) return c.json({ errors: { error: { message: `A client with the subdomain '${input.subdomain}' already exists` } } }, 409);
      const managerId = input.account_manager_id ?? [...state.accountManagers.values()].find((m) => m.senior)?.id ?? [...state.accountManagers.keys()][0];
      if (managerId === undefined || !state.accountManagers.has(managerId)) return c.json({ errors: { error: { message: 'Add an account manager first (POST /emulator/account_managers)' } } }, 422);
      const company: StoredCompany = {
        id: nextId(state),
        subdomain: input.subdomain,
        name: input.name,
        type: input.type,
        status: input.status,
        accountManagerId: managerId,
        accountingYearStartsOn: input.accounting_year_starts_on,
        createdAt: new Date(deps.now()).toISOString(),
        users: new Map(),
        categories: new Map([...standardCategories(), ...input.categories.map((k) => ({ nominalCode: k.nominal_code, description: k.description, group: k.group, allowableForTax: k.allowable_for_tax, taxReportingName: k.tax_reporting_name }))].map((k) => [k.nominalCode, k])),
        postings: [],
        bankAccounts: new Map(),
        bankTransactions: new Map(),
      };
      for (const u of input.users) {
        const id = u.id ?? nextId(state);
        const returns = u.self_assessment_returns === 'documented' ? documentedReturns() : u.self_assessment_returns.map(toReturn);
        const user: StoredUser = {
          id,
          firstName: u.first_name,
          lastName: u.last_name,
          email: u.email,
          role: u.role,
          permissionLevel: u.permission_level,
          uniqueTaxReference: u.unique_tax_reference,
          niNumber: u.ni_number,
          returns: new Map(returns.map((r) => [r.periodEndsOn, r])),
        };
        company.users.set(id, user);
      }
      addPostings(state, company, input.postings);
      for (const [index, account] of input.bank_accounts.entries()) {
        const seeded = seedBankAccount(state, company, account, deps.now());
        if (typeof seeded === 'string') return c.json({ errors: [{ message: `bank_accounts.${index}.${seeded}` }] }, 422);
      }
      state.companies.set(company.subdomain, company);
      return c.json({ company: { id: company.id, subdomain: company.subdomain, users: [...company.users.keys()], bank_accounts: [...company.bankAccounts.keys()] } }, 201);
    })
    .post('/companies/:subdomain/postings', async (c) => {
      const company = state.companies.get(c.req.param('subdomain'));
      if (!company) return c.json({ errors: { error: { message: `No client with the subdomain '${c.req.param('subdomain')}'` } } }, 404);
      const parsed = z.array(postingSchema).safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json(problems(parsed.error), 422);
      addPostings(state, company, parsed.data);
      return c.json({ postings: company.postings.length }, 201);
    })
    .put('/companies/:subdomain/users/:userId/self_assessment_returns/:periodEndsOn/filing_status', async (c) => {
      // Stands in for HMRC answering an online filing made from FreeAgent (pending -> filed or rejected).
      const r = state.companies.get(c.req.param('subdomain'))?.users.get(Number(c.req.param('userId')))?.returns.get(c.req.param('periodEndsOn'));
      if (!r) return c.json({ errors: { error: { message: 'No such company, user or return' } } }, 404);
      const parsed = z.object({ filing_status: z.enum(FILING_STATUSES), filed_at: z.string().optional(), filed_reference: z.string().optional() }).safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json(problems(parsed.error), 422);
      r.filingStatus = parsed.data.filing_status;
      if (parsed.data.filed_at) r.filedAt = parsed.data.filed_at;
      if (parsed.data.filed_reference) r.filedReference = parsed.data.filed_reference;
      return c.json({ filing_status: r.filingStatus });
    })
    .route('/companies', createBankingControlRoutes({ state, now: deps.now }))
    .get('/ledger', (c) => {
      const subdomain = c.req.query('subdomain');
      const entries: LedgerEntry[] = state.ledger.filter((e) => subdomain === undefined || e.subdomain === subdomain);
      return c.json({ ledger: entries });
    })
    .get('/requests', (c) => {
      const subdomain = c.req.query('subdomain');
      const method = c.req.query('method')?.toUpperCase();
      return c.json({ requests: state.requests.filter((r) => (subdomain === undefined || r.subdomain === subdomain) && (method === undefined || r.method === method)) });
    })
    .post('/clock', async (c) => {
      const parsed = z.object({ advance_seconds: z.number().positive() }).safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json(problems(parsed.error), 422);
      deps.advanceClock(parsed.data.advance_seconds * 1000);
      return c.json({ now: new Date(deps.now()).toISOString() });
    })
    .post('/reset', (c) => {
      deps.reset();
      return c.body(null, 204);
    });
}
