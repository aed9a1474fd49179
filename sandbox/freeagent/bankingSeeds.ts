// Emulator-only seeding of a client's banking: bank accounts, their transactions (as a statement import or bank feed
// would bring them) and explanations, so a test can leave transactions unexplained and explain them later.
// Explanations do not post to the ledger: trial balance figures come from the seeded postings alone, so a test
// controls each side on its own.
import { Hono } from 'hono';
import { z } from 'zod';
import { decimalToPence, penceToDecimal } from '../../integrations/freeagent/decimal';
import { unexplainedAmount } from './banking';
import { date, decimal, notFoundBody, problems } from './seedSchemas';
import { nextId, type FreeAgentState, type StoredBankTransaction, type StoredCompany, type StoredExplanation } from './state';

const explanationSchema = z.object({
  /** Defaults to the transaction's date. */
  dated_on: date.optional(),
  description: z.string().default(''),
  nominal_code: z
    .string()
    .regex(/^\d{3}(-\d+)?$/)
    .optional(),
  gross_value: decimal,
  marked_for_review: z.boolean().default(false),
});

const bankTransactionSchema = z.object({
  dated_on: date,
  amount: decimal,
  description: z.string().default(''),
  is_manual: z.boolean().default(false),
  transaction_id: z.string().optional(),
  explanations: z.array(explanationSchema).default([]),
});

export const bankAccountSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['StandardBankAccount', 'PaypalAccount', 'CreditCardAccount']).default('StandardBankAccount'),
  currency: z.string().regex(/^[A-Z]{3}$/).default('GBP'),
  is_personal: z.boolean().default(false),
  is_primary: z.boolean().optional(),
  status: z.enum(['active', 'hidden']).default('active'),
  bank_name: z.string().optional(),
  opening_balance: decimal.default('0.0'),
  bank_transactions: z.array(bankTransactionSchema).default([]),
});

type ExplanationInput = z.infer<typeof explanationSchema>;
type BankTransactionInput = z.infer<typeof bankTransactionSchema>;

/** Why these explanations cannot explain this transaction, or null: same sign as the amount, and no more than is left. */
function explanationProblem(company: StoredCompany, transaction: Pick<StoredBankTransaction, 'amount' | 'explanations'>, added: readonly ExplanationInput[]): string | null {
  const left = unexplainedAmount(transaction);
  let total = 0;
  for (const e of added) {
    const value = decimalToPence(e.gross_value);
    if (value === 0 || Math.sign(value) !== Math.sign(transaction.amount)) return `gross_value ${e.gross_value} must be non-zero with the sign of the transaction's amount`;
    if (e.nominal_code !== undefined && !company.categories.has(e.nominal_code.split('-')[0]!)) return `No category with the nominal code ${e.nominal_code}`;
    total += value;
  }
  if (Math.abs(total) > Math.abs(left)) return `The explanations add up to more than the ${penceToDecimal(left)} left to explain`;
  return null;
}

function transactionsProblem(company: StoredCompany, inputs: readonly BankTransactionInput[]): string | null {
  for (const [index, input] of inputs.entries()) {
    const problem = explanationProblem(company, { amount: decimalToPence(input.amount), explanations: [] }, input.explanations);
    if (problem) return `${index}.explanations: ${problem}`;
  }
  return null;
}

function toExplanations(state: FreeAgentState, transactionDate: string, added: readonly ExplanationInput[]): StoredExplanation[] {
  return added.map((e) => ({
    id: nextId(state),
    datedOn: e.dated_on ?? transactionDate,
    description: e.description,
    ...(e.nominal_code === undefined ? {} : { nominalCode: e.nominal_code }),
    grossValue: decimalToPence(e.gross_value),
    markedForReview: e.marked_for_review,
  }));
}

/** Adds checked transactions to a bank account; returns their ids. */
function addTransactions(state: FreeAgentState, company: StoredCompany, bankAccountId: number, inputs: readonly BankTransactionInput[], nowMs: number): number[] {
  const at = new Date(nowMs).toISOString();
  return inputs.map((input) => {
    const transaction: StoredBankTransaction = {
      id: nextId(state),
      bankAccountId,
      datedOn: input.dated_on,
      amount: decimalToPence(input.amount),
      description: input.description,
      isManual: input.is_manual,
      ...(input.transaction_id === undefined ? {} : { transactionId: input.transaction_id }),
      createdAt: at,
      updatedAt: at,
      explanations: toExplanations(state, input.dated_on, input.explanations),
    };
    company.bankTransactions.set(transaction.id, transaction);
    return transaction.id;
  });
}

/** Adds a bank account and its transactions (the company's first account is its primary one unless told otherwise); a string says what was wrong. */
export function seedBankAccount(state: FreeAgentState, company: StoredCompany, input: z.infer<typeof bankAccountSchema>, nowMs: number): { id: number; bank_transactions: number[] } | string {
  const problem = transactionsProblem(company, input.bank_transactions);
  if (problem) return `bank_transactions.${problem}`;
  const at = new Date(nowMs).toISOString();
  const id = nextId(state);
  company.bankAccounts.set(id, {
    id,
    type: input.type,
    name: input.name,
    currency: input.currency,
    isPersonal: input.is_personal,
    isPrimary: input.is_primary ?? company.bankAccounts.size === 0,
    status: input.status,
    ...(input.bank_name === undefined ? {} : { bankName: input.bank_name }),
    openingBalance: decimalToPence(input.opening_balance),
    createdAt: at,
    updatedAt: at,
  });
  return { id, bank_transactions: addTransactions(state, company, id, input.bank_transactions, nowMs) };
}

export function createBankingControlRoutes(deps: { state: FreeAgentState; now: () => number }): Hono {
  const { state } = deps;
  const companyNamed = (subdomain: string) => state.companies.get(subdomain);
  return new Hono()
    .post('/:subdomain/bank_accounts', async (c) => {
      const company = companyNamed(c.req.param('subdomain'));
      if (!company) return c.json(notFoundBody(`No client with the subdomain '${c.req.param('subdomain')}'`), 404);
      const parsed = bankAccountSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json(problems(parsed.error), 422);
      const seeded = seedBankAccount(state, company, parsed.data, deps.now());
      if (typeof seeded === 'string') return c.json({ errors: [{ message: seeded }] }, 422);
      return c.json({ bank_account: seeded }, 201);
    })
    .post('/:subdomain/bank_accounts/:id/bank_transactions', async (c) => {
      const company = companyNamed(c.req.param('subdomain'));
      const account = company?.bankAccounts.get(Number(c.req.param('id')));
      if (!company || !account) return c.json(notFoundBody('No such company or bank account'), 404);
      const parsed = z.array(bankTransactionSchema).safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json(problems(parsed.error), 422);
      const problem = transactionsProblem(company, parsed.data);
      if (problem) return c.json({ errors: [{ message: problem }] }, 422);
      return c.json({ bank_transactions: addTransactions(state, company, account.id, parsed.data, deps.now()) }, 201);
    })
    .post('/:subdomain/bank_transactions/:id/explanations', async (c) => {
      // Stands in for a bookkeeper explaining a transaction in FreeAgent's banking screen.
      const company = companyNamed(c.req.param('subdomain'));
      const transaction = company?.bankTransactions.get(Number(c.req.param('id')));
      if (!company || !transaction) return c.json(notFoundBody('No such company or bank transaction'), 404);
      const parsed = z.array(explanationSchema).min(1).safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json(problems(parsed.error), 422);
      const problem = explanationProblem(company, transaction, parsed.data);
      if (problem) return c.json({ errors: [{ message: problem }] }, 422);
      transaction.explanations.push(...toExplanations(state, transaction.datedOn, parsed.data));
      transaction.updatedAt = new Date(deps.now()).toISOString();
      return c.json({ bank_transaction: { id: transaction.id, unexplained_amount: penceToDecimal(unexplainedAmount(transaction)) } }, 201);
    });
}
