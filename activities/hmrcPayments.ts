// What the client owes HMRC and has paid (Self Assessment Accounts 4.0, HMRC README §3.13): charges with their due
// dates and what is left of each, and payments, in pence. Payments themselves are made outside software.
import { ApplicationFailure } from '@temporalio/activity';
import { poundsToPence, type Pence } from '../domain/money';
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import type { HmrcCaller, StaffSession } from './hmrcCalls';

export interface AccountCharge {
  documentId: string;
  /** The reference the client pays against (from the charge's financial details). */
  chargeReference?: string;
  /** HMRC's description, e.g. 'ITSA- Bal Charge', 'ITSA- POA 1'. */
  description: string;
  /** ETMP's charge type code, e.g. 4910 (balancing charge). */
  chargeType?: string;
  taxYear?: string;
  dueDate?: string;
  amountPence: Pence;
  outstandingPence: Pence;
}

export interface AccountPayment {
  documentId: string;
  receivedDate: string;
  amountPence: Pence;
  /** Not yet set against any charge. */
  unallocatedPence: Pence;
  paymentLot?: string;
  paymentLotItem?: string;
}

/** Credits other than payments (e.g. a return that came out below the payments on account). */
export interface AccountCredit {
  documentId: string;
  reason?: string;
  taxYear?: string;
  amountPence: Pence;
  unallocatedPence: Pence;
}

export interface AccountBalance {
  /** Due now. */
  payablePence: Pence;
  payableDueDate?: string;
  /** Falling due later. */
  pendingPence: Pence;
  pendingDueDate?: string;
  overduePence: Pence;
  totalBalancePence: Pence;
  unallocatedCreditPence: Pence;
}

export interface BalanceAndTransactions {
  balance: AccountBalance;
  charges: AccountCharge[];
  payments: AccountPayment[];
  credits: AccountCredit[];
}

interface DocumentDetail {
  taxYear?: string;
  documentId: string;
  creditReason?: string;
  documentDate: string;
  documentText?: string;
  documentDueDate?: string;
  documentDescription?: string;
  originalAmount: number;
  outstandingAmount: number;
  paymentLot?: string;
  paymentLotItem?: string;
  effectiveDateOfPayment?: string;
}

interface FinancialDetail {
  taxYear: string;
  chargeDetail: { documentId: string; chargeType?: string; chargeTypeDescription?: string };
  chargeReference?: string;
  items: { dueDate?: string }[];
}

interface BalanceDetails {
  payableAmount: number;
  payableDueDate?: string;
  pendingChargeDueAmount: number;
  pendingChargeDueDate?: string;
  overdueAmount: number;
  totalBalance: number;
  unallocatedCredit?: number;
}

/** ETMP keeps credits as negative amounts; inside they are what the client has paid or is owed back (never -0). */
function creditPence(amount: number): Pence {
  const pence = poundsToPence(amount);
  return pence === 0 ? 0 : -pence;
}

const NOTHING_ON_ACCOUNT: BalanceAndTransactions = {
  balance: { payablePence: 0, pendingPence: 0, overduePence: 0, totalBalancePence: 0, unallocatedCreditPence: 0 },
  charges: [],
  payments: [],
  credits: [],
};

export function createHmrcPaymentActivities({ readOrNull }: HmrcCaller) {
  return {
    /**
     * The account's balance with its charges, payments and credits, so the practice can remind the client what to pay
     * and by when. With dates, the documents raised in that range (at most 732 days); without, every open item (HMRC
     * wants one or the other). An account with nothing on it (HMRC's 404) is all zeros.
     */
    async getBalanceAndTransactions(input: { nino: string; fromDate?: string; toDate?: string } & StaffSession): Promise<BalanceAndTransactions> {
      if ((input.fromDate === undefined) !== (input.toDate === undefined)) {
        throw ApplicationFailure.nonRetryable('fromDate and toDate go together (or neither, for every open item)', 'InvalidActivityInput');
      }
      const query: Record<string, string> = input.fromDate && input.toDate ? { fromDate: input.fromDate, toDate: input.toDate } : { onlyOpenItems: 'true' };
      const result = await readOrNull<{ balanceDetails: BalanceDetails; documentDetails?: DocumentDetail[]; financialDetails?: FinancialDetail[] }>({
        api: HMRC_APIS.accounts,
        method: 'GET',
        path: `/accounts/self-assessment/${input.nino}/balance-and-transactions`,
        query,
        webSession: input.session,
      });
      if (!result) return NOTHING_ON_ACCOUNT;
      const { balanceDetails: b, documentDetails = [], financialDetails = [] } = result.body;
      const financial = new Map(financialDetails.map((f) => [f.chargeDetail.documentId, f]));
      const out: BalanceAndTransactions = {
        balance: {
          payablePence: poundsToPence(b.payableAmount),
          ...(b.payableDueDate ? { payableDueDate: b.payableDueDate } : {}),
          pendingPence: poundsToPence(b.pendingChargeDueAmount),
          ...(b.pendingChargeDueDate ? { pendingDueDate: b.pendingChargeDueDate } : {}),
          overduePence: poundsToPence(b.overdueAmount),
          totalBalancePence: poundsToPence(b.totalBalance),
          unallocatedCreditPence: poundsToPence(b.unallocatedCredit ?? 0),
        },
        charges: [],
        payments: [],
        credits: [],
      };
      for (const doc of documentDetails) {
        // A payment is the credit that has a payment lot.
        if (doc.paymentLot) {
          out.payments.push({
            documentId: doc.documentId,
            receivedDate: doc.effectiveDateOfPayment ?? doc.documentDate,
            amountPence: creditPence(doc.originalAmount),
            unallocatedPence: creditPence(doc.outstandingAmount),
            paymentLot: doc.paymentLot,
            ...(doc.paymentLotItem ? { paymentLotItem: doc.paymentLotItem } : {}),
          });
        } else if (doc.originalAmount < 0) {
          out.credits.push({
            documentId: doc.documentId,
            ...(doc.creditReason ? { reason: doc.creditReason } : {}),
            ...(doc.taxYear ? { taxYear: doc.taxYear } : {}),
            amountPence: creditPence(doc.originalAmount),
            unallocatedPence: creditPence(doc.outstandingAmount),
          });
        } else {
          const detail = financial.get(doc.documentId);
          const taxYear = doc.taxYear ?? detail?.taxYear;
          const dueDate = doc.documentDueDate ?? detail?.items[0]?.dueDate;
          out.charges.push({
            documentId: doc.documentId,
            ...(detail?.chargeReference ? { chargeReference: detail.chargeReference } : {}),
            description: doc.documentDescription ?? doc.documentText ?? detail?.chargeDetail.chargeTypeDescription ?? 'Charge',
            ...(detail?.chargeDetail.chargeType ? { chargeType: detail.chargeDetail.chargeType } : {}),
            ...(taxYear ? { taxYear } : {}),
            ...(dueDate ? { dueDate } : {}),
            amountPence: poundsToPence(doc.originalAmount),
            outstandingPence: poundsToPence(doc.outstandingAmount),
          });
        }
      }
      out.charges.sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
      return out;
    },
  };
}
