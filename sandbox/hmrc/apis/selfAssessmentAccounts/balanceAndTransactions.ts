// Retrieve Self Assessment Balance and Transactions: the balance buckets, each charge and payment as a document, and
// each charge's financial details with its clearing items, all from the account as at the emulator's today.
import { penceToPounds } from '../../../../domain/money';
import { taxYearEnd, taxYearStart } from '../../../../domain/taxYear';
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkNino, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import { CHARGE_KINDS } from './charges';
import { accountAsOf, balanceOf, isEmpty, todayOf, type AccountCharge, type AccountCredit, type AccountView } from './ledger';
import { checkBoolean, checkDateRange, missingPartner, rangeTooLong } from './queryChecks';

interface Options {
  docNumber?: string;
  range: { from: string; to: string } | null;
  onlyOpenItems: boolean;
  includeLocks: boolean;
  removePOA: boolean;
  customerPaymentInformation: boolean;
}

const DOC_NUMBER = /^[a-zA-Z0-9]{12}$/;
const NO_LOCKS = { isChargeOnHold: false, isEstimatedChargeOnHold: false, isInterestAccrualOnHold: false, isInterestChargeOnHold: false };

function parse(request: Parameters<ApiHandler>[0]): Options {
  const errors = new ErrorCollector(request.endpoint.oas);
  const q = request.query;
  checkNino(errors, request.params.nino);
  if (q.docNumber !== undefined && !DOC_NUMBER.test(q.docNumber)) errors.add('FORMAT_DOC_NUMBER');
  const missing = missingPartner(q.fromDate, q.toDate);
  if (missing) errors.add(missing);
  const range = checkDateRange(errors, q.fromDate, q.toDate);
  if (range && rangeTooLong(range)) errors.add('RULE_INVALID_DATE_RANGE');
  const options: Options = {
    ...(q.docNumber !== undefined ? { docNumber: q.docNumber } : {}),
    range,
    onlyOpenItems: checkBoolean(errors, q.onlyOpenItems, 'FORMAT_ONLY_OPEN_ITEMS'),
    includeLocks: checkBoolean(errors, q.includeLocks, 'FORMAT_INCLUDE_LOCKS'),
    removePOA: checkBoolean(errors, q.removePOA, 'FORMAT_REMOVE_PAYMENT_ON_ACCOUNT'),
    customerPaymentInformation: checkBoolean(errors, q.customerPaymentInformation, 'FORMAT_CUSTOMER_PAYMENT_INFORMATION'),
  };
  checkBoolean(errors, q.calculateAccruedInterest, 'FORMAT_CALCULATE_ACCRUED_INTEREST');
  checkBoolean(errors, q.includeEstimatedCharges, 'FORMAT_INCLUDE_ESTIMATED_CHARGES');
  errors.throwIfAny();
  // HMRC's parameter rule, after the formats: open items alone, or else a date range or a document number.
  const narrowed = options.docNumber !== undefined || options.range !== null;
  if (options.onlyOpenItems === narrowed) throw endpointError(request.endpoint.oas, 'RULE_INCONSISTENT_QUERY_PARAMS');
  return options;
}

function money(pence: number): number {
  return penceToPounds(pence);
}

function chargeDocument(charge: AccountCharge) {
  const kind = CHARGE_KINDS[charge.type];
  const last = charge.allocations[charge.allocations.length - 1];
  return {
    taxYear: charge.taxYear,
    documentId: charge.documentId,
    documentDate: charge.raisedOn,
    documentText: kind.description,
    documentDueDate: charge.dueDate,
    documentDescription: kind.description,
    originalAmount: money(charge.amount),
    outstandingAmount: money(charge.outstanding),
    ...(last ? { lastClearing: { lastClearingDate: last.clearingDate, lastClearingReason: last.credit.kind === 'payment' ? 'Incoming Payment' : 'Other', lastClearedAmount: money(last.amount) } } : {}),
    isChargeEstimate: false,
    isCodedOut: false,
    ...(charge.relevantAmount !== undefined ? { poaRelevantAmount: money(charge.relevantAmount) } : {}),
  };
}

function creditDocument(credit: AccountCredit) {
  const last = credit.allocations[credit.allocations.length - 1];
  const payment = credit.payment;
  return {
    taxYear: credit.taxYear,
    documentId: credit.documentId,
    ...(payment ? {} : { creditReason: 'Income tax Self Assessment Return' }),
    documentDate: credit.date,
    documentText: payment ? 'Payment' : 'ITSA- Bal Charge',
    documentDescription: payment ? 'Payment' : 'ITSA- Bal Charge',
    // Credits carry negative amounts on an ETMP account.
    originalAmount: money(-credit.amount),
    outstandingAmount: money(-credit.unallocated),
    ...(last ? { lastClearing: { lastClearingDate: last.clearingDate, lastClearingReason: 'Incoming Payment', lastClearedAmount: money(last.amount) } } : {}),
    isChargeEstimate: false,
    isCodedOut: false,
    ...(payment ? { paymentLot: payment.paymentLot, paymentLotItem: payment.paymentLotItem, effectiveDateOfPayment: payment.receivedDate } : {}),
  };
}

function paymentInformation(credit: AccountCredit) {
  const p = credit.payment;
  if (!p) return {};
  return {
    ...(p.reference ? { paymentReference: p.reference } : {}),
    paymentAmount: money(p.amount),
    paymentMethod: 'Payment',
    paymentLot: p.paymentLot,
    paymentLotItem: p.paymentLotItem,
    clearingSAPDocument: p.documentId,
  };
}

function itemId(i: number): string {
  return String(i + 1).padStart(3, '0');
}

function chargeFinancialDetails(charge: AccountCharge, options: Options) {
  const kind = CHARGE_KINDS[charge.type];
  const locks = options.includeLocks ? { locks: NO_LOCKS } : {};
  return {
    taxYear: charge.taxYear,
    chargeDetail: { documentId: charge.documentId, documentType: 'ITSA', documentTypeDescription: kind.documentTypeDescription, chargeType: kind.chargeType, chargeTypeDescription: kind.chargeTypeDescription },
    taxPeriodFrom: taxYearStart(charge.taxYear),
    taxPeriodTo: taxYearEnd(charge.taxYear),
    documentNumber: charge.documentId,
    documentNumberItem: '0001',
    chargeReference: charge.chargeReference,
    originalAmount: money(charge.amount),
    outstandingAmount: money(charge.outstanding),
    clearedAmount: money(charge.amount - charge.outstanding),
    items: [
      { itemId: itemId(0), dueDate: charge.dueDate, amount: money(charge.amount), ...locks, isChargeEstimate: false },
      ...charge.allocations.map((a, i) => ({
        itemId: itemId(i + 1),
        dueDate: charge.dueDate,
        amount: money(a.amount),
        clearingDate: a.clearingDate,
        clearingReason: a.credit.kind === 'payment' ? 'Incoming Payment' : 'Automatic Clearing',
        ...locks,
        ...(options.customerPaymentInformation ? paymentInformation(a.credit) : {}),
      })),
    ],
  };
}

function paymentFinancialDetails(credit: AccountCredit, options: Options) {
  return {
    taxYear: credit.taxYear,
    chargeDetail: { documentId: credit.documentId, documentType: 'PAY', documentTypeDescription: 'Payment', chargeType: '0060', chargeTypeDescription: 'Payment' },
    documentNumber: credit.documentId,
    documentNumberItem: '0001',
    originalAmount: money(-credit.amount),
    outstandingAmount: money(-credit.unallocated),
    clearedAmount: money(-(credit.amount - credit.unallocated)),
    items: [
      {
        itemId: itemId(0),
        dueDate: credit.date,
        amount: money(-credit.amount),
        ...(options.includeLocks ? { locks: NO_LOCKS } : {}),
        ...(options.customerPaymentInformation ? paymentInformation(credit) : {}),
      },
    ],
  };
}

/** The documents the query asks for; the balance always covers the whole account, as HMRC's does. */
export function renderBalanceAndTransactions(view: AccountView, options: Options) {
  const wanted = (doc: { documentId: string; date: string; open: boolean }) =>
    (options.docNumber === undefined || doc.documentId === options.docNumber) &&
    (options.range === null || (doc.date >= options.range.from && doc.date <= options.range.to)) &&
    (!options.onlyOpenItems || doc.open);
  const charges = view.charges.filter((c) => wanted({ documentId: c.documentId, date: c.raisedOn, open: c.outstanding !== 0 }));
  const credits = view.credits.filter(
    (c) => (c.kind !== 'payment' || !options.removePOA) && wanted({ documentId: c.documentId, date: c.date, open: c.unallocated !== 0 }),
  );
  const b = balanceOf(view);
  const documentDetails = [...charges.map(chargeDocument), ...credits.map(creditDocument)];
  const financialDetails = [...charges.map((c) => chargeFinancialDetails(c, options)), ...credits.filter((c) => c.payment).map((c) => paymentFinancialDetails(c, options))];
  return {
    balanceDetails: {
      payableAmount: money(b.payable),
      ...(b.payableDueDate ? { payableDueDate: b.payableDueDate } : {}),
      pendingChargeDueAmount: money(b.pending),
      ...(b.pendingDueDate ? { pendingChargeDueDate: b.pendingDueDate } : {}),
      overdueAmount: money(b.overdue),
      bcdBalancePerYear: b.bcdPerYear.map((y) => ({ taxYear: y.taxYear, bcdAmount: money(y.amount) })),
      ...(b.earliestPaymentDateOverdue ? { earliestPaymentDateOverdue: b.earliestPaymentDateOverdue } : {}),
      totalBalance: money(b.total),
      totalBcdBalance: money(b.totalBcd),
      unallocatedCredit: money(b.unallocatedCredit),
      allocatedCredit: money(b.allocatedCredit),
      totalCredit: money(b.unallocatedCredit + b.allocatedCredit),
      // No repayment can be requested through the emulator, so all unallocated credit is available.
      availableCredit: money(b.unallocatedCredit),
    },
    ...(documentDetails.length > 0 ? { documentDetails } : {}),
    ...(financialDetails.length > 0 ? { financialDetails } : {}),
  };
}

export function balanceAndTransactionsHandler(ctx: ApiContext): ApiHandler {
  return (request) => {
    const options = parse(request);
    const view = accountAsOf(ctx.state, request.params.nino!, todayOf(request.now));
    // ETMP answers NO_DATA_FOUND for an account with nothing on it, and for a document number it does not hold.
    if (isEmpty(view)) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    if (options.docNumber !== undefined && ![...view.charges, ...view.credits].some((d) => d.documentId === options.docNumber)) {
      throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    }
    return { status: 200, body: renderBalanceAndTransactions(view, options) };
  };
}
