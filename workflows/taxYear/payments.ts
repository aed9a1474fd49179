// Step 8: what the client owes and when (payments on account and the balancing payment, from the declared
// calculation), the FreeAgent return marked filed, each payment followed to the day it is paid, with reminders before
// the due date and, once it is late, the projected interest and penalty.
import { addDays } from '../../domain/calendar';
import { paymentsOnAccount, projectLatePayment, yearPayments } from '../../domain/payments';
import { taxYearEnd, taxYearStart } from '../../domain/taxYear';
import { freeagent } from './proxies';
import type { DeclaredCalculation } from './declaration';
import type { PaymentDue } from './model';
import type { TaxYearRun } from './run';

const REMIND_DAYS_BEFORE = 7;
const OVERDUE_CHECK_EVERY_DAYS = 30;
const FOLLOW_OVERDUE_FOR_DAYS = 365;

export async function trackPayments(run: TaxYearRun, declared: DeclaredCalculation): Promise<void> {
  const { taxYear } = run.input;
  run.setStage('payments');
  const s = declared.summary;
  const plan = paymentsOnAccount({
    relevantAmountPence: s.incomeTaxChargedPence + s.class4Pence - s.taxDeductedAtSourcePence,
    taxDeductedAtSourcePence: s.taxDeductedAtSourcePence,
    totalTaxPence: s.incomeTaxChargedPence + s.class4Pence,
  });
  const step = run.addStep({ key: 'payments', kind: 'payment', milestone: 'payments', title: 'Payments', opensOn: run.today(), dueDate: null });
  run.setStatus(step, 'in-progress', null);

  // What HMRC already charged for this year (its payments on account, set from last year's return).
  const account = await run.attempt(step, () => run.hmrc(null).getBalanceAndTransactions({ nino: run.profile.nino, fromDate: taxYearStart(taxYear), toDate: addDays(taxYearEnd(taxYear), 301) }));
  const paymentsOnAccountMadePence = account.charges.filter((c) => c.taxYear === taxYear && /payment on account|POA/i.test(c.description)).reduce((sum, c) => sum + c.amountPence, 0);
  const due = yearPayments({ taxYear, liabilityPence: s.totalIncomeTaxAndNicsDuePence, paymentsOnAccountMadePence, nextYearPaymentOnAccountPence: plan.required ? plan.eachPence : 0 });
  // Next year's second payment on account belongs to next year's own workflow; its first falls due with this balance.
  const balancingDate = due.find((p) => p.kind === 'balancing-payment')?.dueDate;
  run.state.payments = due.filter((p) => p.taxYear === taxYear || p.dueDate === balancingDate).map((p) => ({
    key: `${p.kind}/${p.taxYear}`,
    kind: p.kind,
    taxYear: p.taxYear,
    dueDate: p.dueDate,
    amountPence: p.amountPence,
    status: p.amountPence < 0 ? 'repayment' : p.amountPence === 0 ? 'paid' : 'due',
    paidOn: null,
    projection: null,
  }));
  step.result = { paymentsOnAccount: plan, liabilityPence: s.totalIncomeTaxAndNicsDuePence, paymentsOnAccountMadePence };
  run.yearChanged({ actor: 'engine', action: 'payments.worked-out', detail: { payments: run.state.payments.map((p) => ({ key: p.key, dueDate: p.dueDate, amountPence: p.amountPence })) } });

  const fa = run.profile.freeagent;
  if (fa) {
    const marked = await run.attempt(step, () => freeagent.markFreeAgentReturnFiled({ subdomain: fa.subdomain, userId: fa.userId, periodEndsOn: taxYearEnd(taxYear) }));
    step.result = { ...step.result, freeagentFiling: marked };
  }

  await Promise.all(run.state.payments.filter((p) => p.status === 'due').map((p) => followPayment(run, p)));
  const overdue = run.state.payments.filter((p) => p.status === 'overdue');
  if (overdue.length > 0) {
    step.flags.push('overdue');
    run.setStatus(step, 'needs-attention', `Still unpaid: ${overdue.map((p) => p.kind).join(', ')}`);
    return;
  }
  run.setStatus(step, 'done', null);
}

async function followPayment(run: TaxYearRun, payment: PaymentDue): Promise<void> {
  const step = run.step('payments')!;
  const paid = () => payment.status === 'paid';
  if (await run.untilOr(paid, addDays(payment.dueDate, -REMIND_DAYS_BEFORE - 1))) return;
  run.yearChanged({ actor: 'engine', action: 'payment.reminder', detail: { paymentKey: payment.key, dueDate: payment.dueDate, amountPence: payment.amountPence } });
  if (await run.untilOr(paid, payment.dueDate)) return;
  const stopFollowingOn = addDays(payment.dueDate, FOLLOW_OVERDUE_FOR_DAYS);
  for (;;) {
    if (await isPaidAtHmrc(run, payment)) {
      payment.status = 'paid';
      payment.paidOn = run.today();
      run.yearChanged({ actor: 'engine', action: 'payment.paid', detail: { paymentKey: payment.key } });
      return;
    }
    const today = run.today();
    payment.status = 'overdue';
    const projection = projectLatePayment({ amountPence: payment.amountPence, dueDate: payment.dueDate, asOf: today, kind: payment.kind });
    payment.projection = { asOf: today, interestPence: projection.interestPence, penaltyPence: projection.penaltyPence };
    run.yearChanged({ actor: 'engine', action: 'payment.overdue', detail: { paymentKey: payment.key, ...payment.projection } });
    run.touch(step);
    if (today >= stopFollowingOn) return;
    if (await run.untilOr(paid, addDays(today, OVERDUE_CHECK_EVERY_DAYS))) return;
  }
}

/** HMRC's account (or FreeAgent's record) shows the charge due that day cleared. */
async function isPaidAtHmrc(run: TaxYearRun, payment: PaymentDue): Promise<boolean> {
  const step = run.step('payments')!;
  const account = await run.attempt(step, () => run.hmrc(payment.dueDate).getBalanceAndTransactions({ nino: run.profile.nino, fromDate: addDays(payment.dueDate, -400), toDate: payment.dueDate }));
  const charge = account.charges.find((c) => c.dueDate === payment.dueDate);
  if (charge) return charge.outstandingPence <= 0;
  const fa = run.profile.freeagent;
  if (!fa) return false;
  const listed = await freeagent.getFreeAgentSelfAssessmentPayments({ subdomain: fa.subdomain, userId: fa.userId, periodEndsOn: taxYearEnd(run.input.taxYear) });
  return listed.some((p) => p.dueOn === payment.dueDate && p.status === 'paid');
}
