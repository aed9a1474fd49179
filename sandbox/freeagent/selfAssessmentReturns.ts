// Self Assessment Returns per user (/v2/users/:user_id/self_assessment_returns): list, get, mark as filed or unfiled, and
// mark payments paid or unpaid. Repeating a write that already holds is answered 200 and not recorded again [unconfirmed:
// FreeAgent's documentation does not say how it answers repeats or refusals; refusals here are 422 with a message].
import { Hono, type Context } from 'hono';
import { penceToDecimal } from '../../integrations/freeagent/decimal';
import { notFound, unprocessable } from './errors';
import { companyOf, type PipelineDeps, type PipelineEnv } from './pipeline';
import type { LedgerEntry, StoredCompany, StoredReturn, StoredUser } from './state';

export interface ReturnsDeps extends PipelineDeps {
  baseUrl: () => string;
  record: (entry: Omit<LedgerEntry, 'sequence' | 'at'>) => void;
}

/** Filed online through FreeAgent: only HMRC's answer changes these, never mark_as_filed or mark_as_unfiled. */
const FILED_ONLINE = new Set(['pending', 'provisionally_filed', 'filed']);

export function serialiseReturn(baseUrl: string, userId: number, r: StoredReturn): Record<string, unknown> {
  return {
    url: `${baseUrl}/v2/users/${userId}/self_assessment_returns/${r.periodEndsOn}`,
    period_ends_on: r.periodEndsOn,
    period_starts_on: r.periodStartsOn,
    payments: r.payments.map((p) => ({
      label: p.label,
      amount_due: penceToDecimal(p.amountDue),
      due_on: p.dueOn,
      ...(p.amountDue > 0 && p.status ? { status: p.status } : {}),
    })),
    filing_due_on: r.filingDueOn,
    filing_status: r.filingStatus,
    ...(r.filedAt ? { filed_at: r.filedAt } : {}),
    ...(r.filedReference ? { filed_reference: r.filedReference } : {}),
  };
}

function userOf(company: StoredCompany, userId: string): StoredUser {
  const user = /^\d+$/.test(userId) ? company.users.get(Number(userId)) : undefined;
  if (!user) throw notFound(`User ${userId}`);
  return user;
}

function returnOf(user: StoredUser, periodEndsOn: string): StoredReturn {
  const found = user.returns.get(periodEndsOn);
  if (!found) throw notFound(`Self Assessment return for the period ending ${periodEndsOn}`);
  return found;
}

export function createSelfAssessmentReturnRoutes(deps: ReturnsDeps): Hono<PipelineEnv> {
  const answer = (c: Context<PipelineEnv>, user: StoredUser, r: StoredReturn) => c.json({ self_assessment_return: serialiseReturn(deps.baseUrl(), user.id, r) });

  const write = (c: Context<PipelineEnv>, company: StoredCompany, user: StoredUser, r: StoredReturn, entry: Pick<LedgerEntry, 'action' | 'from' | 'to' | 'paymentDueOn'>) =>
    deps.record({ subdomain: company.subdomain, method: c.req.method, path: c.req.path, userId: user.id, periodEndsOn: r.periodEndsOn, ...entry });

  return new Hono<PipelineEnv>()
    .get('/:userId/self_assessment_returns', (c) => {
      const user = userOf(companyOf(c), c.req.param('userId'));
      const returns = [...user.returns.values()].sort((a, b) => a.periodEndsOn.localeCompare(b.periodEndsOn));
      return c.json({ self_assessment_returns: returns.map((r) => serialiseReturn(deps.baseUrl(), user.id, r)) });
    })
    .get('/:userId/self_assessment_returns/:periodEndsOn', (c) => {
      const user = userOf(companyOf(c), c.req.param('userId'));
      return answer(c, user, returnOf(user, c.req.param('periodEndsOn')));
    })
    .put('/:userId/self_assessment_returns/:periodEndsOn/mark_as_filed', (c) => {
      const company = companyOf(c);
      const user = userOf(company, c.req.param('userId'));
      const r = returnOf(user, c.req.param('periodEndsOn'));
      if (FILED_ONLINE.has(r.filingStatus)) throw unprocessable(`The return for the period ending ${r.periodEndsOn} was filed online from FreeAgent (${r.filingStatus}); it cannot be marked as filed`);
      if (r.filingStatus !== 'marked_as_filed') {
        write(c, company, user, r, { action: 'mark_as_filed', from: r.filingStatus, to: 'marked_as_filed' });
        r.filingStatus = 'marked_as_filed';
      }
      return answer(c, user, r);
    })
    .put('/:userId/self_assessment_returns/:periodEndsOn/mark_as_unfiled', (c) => {
      const company = companyOf(c);
      const user = userOf(company, c.req.param('userId'));
      const r = returnOf(user, c.req.param('periodEndsOn'));
      if (FILED_ONLINE.has(r.filingStatus)) throw unprocessable(`The return for the period ending ${r.periodEndsOn} was filed online from FreeAgent (${r.filingStatus}); it cannot be marked as unfiled`);
      if (r.filingStatus === 'rejected') throw unprocessable(`The return for the period ending ${r.periodEndsOn} was rejected by HMRC; only a return marked as filed can be marked as unfiled`);
      if (r.filingStatus === 'marked_as_filed') {
        write(c, company, user, r, { action: 'mark_as_unfiled', from: r.filingStatus, to: 'unfiled' });
        r.filingStatus = 'unfiled';
      }
      return answer(c, user, r);
    })
    .put('/:userId/self_assessment_returns/:periodEndsOn/payments/:paymentDate/:action{mark_as_paid|mark_as_unpaid}', (c) => {
      const company = companyOf(c);
      const user = userOf(company, c.req.param('userId'));
      const r = returnOf(user, c.req.param('periodEndsOn'));
      const dueOn = c.req.param('paymentDate');
      const action = c.req.param('action') as 'mark_as_paid' | 'mark_as_unpaid';
      const payment = r.payments.find((p) => p.dueOn === dueOn);
      if (!payment) throw notFound(`Payment due on ${dueOn} for the return for the period ending ${r.periodEndsOn}`);
      if (payment.amountDue <= 0) throw unprocessable(`Nothing is due on ${dueOn} (amount due ${penceToDecimal(payment.amountDue)}); it cannot be marked as paid or unpaid`);
      const current = payment.status ?? 'unpaid';
      if (current === 'paid') throw unprocessable(`The payment due on ${dueOn} was paid through FreeAgent; it cannot be changed`);
      const target = action === 'mark_as_paid' ? 'marked_as_paid' : 'unpaid';
      if (current !== target) {
        write(c, company, user, r, { action, from: current, to: target, paymentDueOn: dueOn });
        payment.status = target;
      }
      return answer(c, user, r);
    });
}
