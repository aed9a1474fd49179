// Activities that talk to FreeAgent: a client's year-to-date figures as HMRC's cumulative updates, whether the books are
// ready for one, the Self Assessment payments and their status, and marking the return filed once we have filed it with
// HMRC. Every write reads first, so a retry never writes twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Pence } from '../domain/money';
import type { FreeAgentClient } from '../integrations/freeagent/client';
import { decimalToPence } from '../integrations/freeagent/decimal';
import { FreeAgentError } from '../integrations/freeagent/errors';
import {
  disallowableCodesFrom,
  toSelfEmploymentCumulative,
  toUkPropertyCumulative,
  type CategoryMapping,
  type ConversionReport,
  type SelfEmploymentCumulativeBody,
  type UkPropertyCumulativeBody,
} from '../integrations/freeagent/categoryMapping';
import type { SelfAssessmentPayment } from '../integrations/freeagent/types';
import { completeCategoryMapping } from '../integrations/freeagent/categoryMappingFromCategories';
import { ReconnectNeeded } from '../integrations/oauthTokenStore';

export interface FreeAgentActivityDependencies {
  /** A client acting for one of the practice's clients (its FreeAgent subdomain). */
  freeagentFor: (subdomain: string) => FreeAgentClient;
  /** The practice's category table (built-in rows with its overrides); completed from the client's own categories. */
  practiceMapping?: () => Promise<CategoryMapping[]>;
}

export type SelfAssessmentPaymentKind = 'first_payment_on_account' | 'second_payment_on_account' | 'balancing_payment' | 'other';

export interface FreeAgentSelfAssessmentPayment {
  kind: SelfAssessmentPaymentKind;
  /** FreeAgent's own label, e.g. "Payment on Account". */
  label: string;
  /** FreeAgent identifies a payment by this date (its :payment_date). */
  dueOn: string;
  /** Negative for a balancing payment that is a refund. */
  amountPence: Pence;
  /** null when FreeAgent gives none: nothing is due (zero or a refund), so there is nothing to pay. */
  status: 'paid' | 'unpaid' | null;
}

export interface PaymentReference {
  subdomain: string;
  userId: number | string;
  /** The return's period_ends_on, e.g. '2027-04-05'. */
  periodEndsOn: string;
  /** The payment's due_on, e.g. '2028-01-31': FreeAgent has no other identifier for a payment. */
  paymentDueOn: string;
}

export interface BooksReadiness {
  ready: boolean;
  /** Bank transactions in the period with something still to explain, across every bank account. */
  unexplainedTransactions: number;
  /** Trial balance categories in the period with no HMRC mapping for this business. */
  uncategorisedItems: number;
  /** What staff must do, one line per bank account or category. */
  reasons: string[];
}

export type FreeAgentBusiness = 'self-employment' | 'uk-property';

const BUSINESS_NAMES: Record<FreeAgentBusiness, string> = { 'self-employment': 'self-employment', 'uk-property': 'UK property' };

function toFailure(err: unknown): unknown {
  if (err instanceof ReconnectNeeded) return ApplicationFailure.create({ message: err.message, type: 'ReconnectNeeded', nonRetryable: false, details: [{ provider: err.provider, reason: err.reason }] });
  if (err instanceof FreeAgentError) {
    return ApplicationFailure.create({ message: err.message, type: err.retryable ? 'FreeAgentRetryable' : 'FreeAgentError', nonRetryable: !err.retryable, details: [{ status: err.status ?? null, messages: err.messages }] });
  }
  return err;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toFailure(err);
  }
}

/** Returns FreeAgent marks as done: filed online from FreeAgent, or marked filed (by us or staff). */
const ALREADY_FILED = new Set(['filed', 'marked_as_filed', 'provisionally_filed', 'pending']);

const labelled = (p: SelfAssessmentPayment, label: string) => p.label.trim().toLowerCase() === label;

/**
 * FreeAgent labels both payments on account alike; within one return the earlier due date is the first (31 January)
 * and the later the second (31 July). FreeAgent leaves out the status when nothing is due, and a refund stays negative.
 */
export function toSelfAssessmentPayments(payments: readonly SelfAssessmentPayment[]): FreeAgentSelfAssessmentPayment[] {
  const onAccountDates = payments
    .filter((p) => labelled(p, 'payment on account'))
    .map((p) => p.due_on)
    .sort();
  const kindOf = (p: SelfAssessmentPayment): SelfAssessmentPaymentKind => {
    if (labelled(p, 'balancing payment')) return 'balancing_payment';
    if (!labelled(p, 'payment on account')) return 'other';
    return (['first_payment_on_account', 'second_payment_on_account'] as const)[onAccountDates.indexOf(p.due_on)] ?? 'other';
  };
  return payments.map((p) => {
    const amountPence = decimalToPence(p.amount_due);
    // 'paid' is reserved by FreeAgent for payments made through it; to us it is as paid as 'marked_as_paid'.
    const status = amountPence <= 0 || p.status === undefined ? null : p.status === 'unpaid' ? 'unpaid' : 'paid';
    return { kind: kindOf(p), label: p.label, dueOn: p.due_on, amountPence, status };
  });
}

/** -601802 -> "-£6018.02", for the reasons staff read: integer arithmetic, no floats. */
function pounds(pence: Pence): string {
  const abs = Math.abs(pence);
  return `${pence < 0 ? '-' : ''}£${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function createFreeAgentActivities(deps: FreeAgentActivityDependencies) {
  /** Reads the payment first and writes only when its status differs, so a retried activity never writes twice. */
  async function setPaymentStatus(input: PaymentReference, target: 'paid' | 'unpaid'): Promise<{ marked: boolean; payment: FreeAgentSelfAssessmentPayment }> {
    const client = deps.freeagentFor(input.subdomain);
    const where = `the ${input.periodEndsOn} return of FreeAgent user ${input.userId} (${input.subdomain})`;
    const current = toSelfAssessmentPayments((await client.getSelfAssessmentReturn(input.userId, input.periodEndsOn)).payments).find((p) => p.dueOn === input.paymentDueOn);
    if (!current) {
      throw ApplicationFailure.create({ message: `No payment due on ${input.paymentDueOn} in ${where}`, type: 'FreeAgentPaymentNotFound', nonRetryable: true, details: [input] });
    }
    if (current.status === null) {
      throw ApplicationFailure.create({
        message: `Nothing is due on ${input.paymentDueOn} in ${where} (${pounds(current.amountPence)}), so it cannot be marked ${target}`,
        type: 'FreeAgentNothingDue',
        nonRetryable: true,
        details: [{ ...input, amountPence: current.amountPence }],
      });
    }
    if (current.status === target) return { marked: false, payment: current };
    const written = target === 'paid' ? await client.markSelfAssessmentPaymentAsPaid(input.userId, input.periodEndsOn, input.paymentDueOn) : await client.markSelfAssessmentPaymentAsUnpaid(input.userId, input.periodEndsOn, input.paymentDueOn);
    const payment = toSelfAssessmentPayments(written.payments).find((p) => p.dueOn === input.paymentDueOn) ?? { ...current, status: target };
    return { marked: true, payment };
  }

  /** The mapping to convert with: the caller's, else the practice's table completed from the client's categories. */
  async function mappingFor(client: FreeAgentClient, given: CategoryMapping[] | undefined): Promise<CategoryMapping[] | undefined> {
    if (given || !deps.practiceMapping) return given;
    const [categories, table] = await Promise.all([client.listCategories(), deps.practiceMapping()]);
    return completeCategoryMapping(categories, table).mapping;
  }

  return {
    /**
     * The year to date from the client's books as HMRC's self-employment cumulative update. Categories without a mapping
     * are reported, not dropped: the step waits for staff to map them before anything is sent. mapping: the practice's
     * category table, in place of the built-in one.
     */
    async selfEmploymentUpdateFromFreeAgent(input: { subdomain: string; periodStartDate: string; periodEndDate: string; mapping?: CategoryMapping[] }): Promise<{ body: SelfEmploymentCumulativeBody; report: ConversionReport }> {
      return guarded(async () => {
        const client = deps.freeagentFor(input.subdomain);
        const [rows, categories] = await Promise.all([client.getTrialBalanceSummary({ fromDate: input.periodStartDate, toDate: input.periodEndDate }), client.listCategories()]);
        const { body, report } = toSelfEmploymentCumulative(
          rows,
          { periodStartDate: input.periodStartDate, periodEndDate: input.periodEndDate },
          { disallowableCodes: disallowableCodesFrom(categories), mapping: await mappingFor(client, input.mapping) },
        );
        return { body, report };
      });
    },

    /** The year to date from a landlord's books as HMRC's UK property cumulative summary, unmapped categories reported. */
    async ukPropertyUpdateFromFreeAgent(input: { subdomain: string; fromDate: string; toDate: string; mapping?: CategoryMapping[] }): Promise<{ body: UkPropertyCumulativeBody; report: ConversionReport }> {
      return guarded(async () => {
        const client = deps.freeagentFor(input.subdomain);
        const rows = await client.getTrialBalanceSummary({ fromDate: input.fromDate, toDate: input.toDate });
        const { body, report } = toUkPropertyCumulative(rows, { fromDate: input.fromDate, toDate: input.toDate }, { mapping: await mappingFor(client, input.mapping) });
        return { body, report };
      });
    },

    /**
     * Whether the books for the period are ready for a quarterly update: no bank transaction left (even partly)
     * unexplained in any bank account, and no trial balance category the update would report as unmapped. The second
     * check uses the same conversion as the update, so "ready" means the update will not stop on unmapped categories.
     */
    async checkFreeAgentBooksReady(input: { subdomain: string; periodStartDate: string; periodEndDate: string; typeOfBusiness?: FreeAgentBusiness; mapping?: CategoryMapping[] }): Promise<BooksReadiness> {
      return guarded(async () => {
        const client = deps.freeagentFor(input.subdomain);
        const range = { fromDate: input.periodStartDate, toDate: input.periodEndDate };
        const reasons: string[] = [];
        let unexplainedTransactions = 0;
        // One account at a time: each list is a request against the client's 120 a minute.
        for (const account of await client.listBankAccounts()) {
          const open = (await client.listBankTransactions({ bankAccount: account.url, view: 'unexplained', ...range })).filter((t) => decimalToPence(t.unexplained_amount) !== 0);
          if (open.length === 0) continue;
          unexplainedTransactions += open.length;
          // Money in and money out both need explaining, so they add up rather than net off.
          const left = open.reduce((sum, t) => sum + Math.abs(decimalToPence(t.unexplained_amount)), 0);
          reasons.push(`${plural(open.length, 'unexplained bank transaction', 'unexplained bank transactions')} in '${account.name}' between ${input.periodStartDate} and ${input.periodEndDate} (${pounds(left)} left to explain)`);
        }
        const rows = await client.getTrialBalanceSummary(range);
        const mapping = await mappingFor(client, input.mapping);
        const business = input.typeOfBusiness ?? 'self-employment';
        const { report } =
          business === 'uk-property'
            ? toUkPropertyCumulative(rows, { fromDate: input.periodStartDate, toDate: input.periodEndDate }, { mapping })
            : toSelfEmploymentCumulative(rows, { periodStartDate: input.periodStartDate, periodEndDate: input.periodEndDate }, { mapping });
        for (const item of report.unmapped) {
          reasons.push(`Category ${item.nominalCode} '${item.name}' (${pounds(Math.abs(item.amount))} ${item.amount < 0 ? 'credit' : 'debit'}) has no HMRC ${BUSINESS_NAMES[business]} mapping`);
        }
        const uncategorisedItems = report.unmapped.length;
        return { ready: unexplainedTransactions === 0 && uncategorisedItems === 0, unexplainedTransactions, uncategorisedItems, reasons };
      });
    },

    /** The return's payments on account and balancing payment, in pence, as FreeAgent lists them. */
    async getFreeAgentSelfAssessmentPayments(input: { subdomain: string; userId: number | string; periodEndsOn: string }): Promise<FreeAgentSelfAssessmentPayment[]> {
      return guarded(async () => toSelfAssessmentPayments((await deps.freeagentFor(input.subdomain).getSelfAssessmentReturn(input.userId, input.periodEndsOn)).payments));
    },

    /** FreeAgent's mark_as_paid takes no payment date or amount: it records only that the payment due on that date is paid. */
    async markFreeAgentPaymentPaid(input: PaymentReference): Promise<{ marked: boolean; payment: FreeAgentSelfAssessmentPayment }> {
      return guarded(() => setPaymentStatus(input, 'paid'));
    },

    async markFreeAgentPaymentUnpaid(input: PaymentReference): Promise<{ marked: boolean; payment: FreeAgentSelfAssessmentPayment }> {
      return guarded(() => setPaymentStatus(input, 'unpaid'));
    },

    /** FreeAgent's mark_as_filed takes no body: no IRmark or receipt reference can be recorded on the return through it. */
    async markFreeAgentReturnFiled(input: { subdomain: string; userId: number | string; periodEndsOn: string }): Promise<{ marked: boolean; filingStatus: string }> {
      return guarded(async () => {
        const client = deps.freeagentFor(input.subdomain);
        const current = await client.getSelfAssessmentReturn(input.userId, input.periodEndsOn);
        if (ALREADY_FILED.has(current.filing_status)) return { marked: false, filingStatus: current.filing_status };
        const marked = await client.markSelfAssessmentReturnAsFiled(input.userId, input.periodEndsOn);
        return { marked: true, filingStatus: marked.filing_status };
      });
    },
  };
}
