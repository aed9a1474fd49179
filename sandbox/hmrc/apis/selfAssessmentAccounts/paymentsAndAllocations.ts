// List Self Assessment Payments & Allocation Details: each payment received with the charges it was allocated to.
import { penceToPounds } from '../../../../domain/money';
import { taxYearEnd, taxYearStart } from '../../../../domain/taxYear';
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkNino, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import { CHARGE_KINDS } from './charges';
import { accountAsOf, todayOf, type AccountCredit } from './ledger';
import { checkDateRange, missingPartner, rangeTooLong } from './queryChecks';

const PAYMENT_LOT = /^[0-9A-Za-z]{1,12}$/;
const PAYMENT_LOT_ITEM = /^[0-9A-Za-z]{1,6}$/;

interface Query {
  range: { from: string; to: string } | null;
  lot?: { paymentLot: string; paymentLotItem: string };
}

/** HMRC's order: a lone payment lot or lot item, then a lone date, each alone; then NINO, dates and lot formats together. */
function parse(request: Parameters<ApiHandler>[0]): Query {
  const oas = request.endpoint.oas;
  const { fromDate, toDate, paymentLot, paymentLotItem } = request.query;
  if (paymentLot === undefined && paymentLotItem !== undefined) throw endpointError(oas, 'MISSING_PAYMENT_LOT');
  if (paymentLot !== undefined && paymentLotItem === undefined) throw endpointError(oas, 'MISSING_PAYMENT_LOT_ITEM');
  const missing = missingPartner(fromDate, toDate);
  if (missing) throw endpointError(oas, missing);
  const errors = new ErrorCollector(oas);
  checkNino(errors, request.params.nino);
  const range = checkDateRange(errors, fromDate, toDate);
  if (paymentLot !== undefined && !PAYMENT_LOT.test(paymentLot)) errors.add('FORMAT_PAYMENT_LOT');
  if (paymentLotItem !== undefined && !PAYMENT_LOT_ITEM.test(paymentLotItem)) errors.add('FORMAT_PAYMENT_LOT_ITEM');
  errors.throwIfAny();
  // What HMRC's back end refuses (INVALID_REQUEST, INVALID_DATE_RANGE); the emulator uses the balance endpoint's 732 days.
  if (range && paymentLot !== undefined) throw endpointError(oas, 'RULE_INCONSISTENT_QUERY_PARAMS');
  if (range && rangeTooLong(range)) throw endpointError(oas, 'RULE_INVALID_DATE_RANGE');
  return { range, ...(paymentLot !== undefined ? { lot: { paymentLot, paymentLotItem: paymentLotItem! } } : {}) };
}

function renderPayment(credit: AccountCredit) {
  const p = credit.payment!;
  return {
    paymentLot: p.paymentLot,
    paymentLotItem: p.paymentLotItem,
    ...(p.reference ? { paymentReference: p.reference } : {}),
    paymentAmount: penceToPounds(p.amount),
    paymentMethod: 'Payment',
    transactionDate: p.receivedDate,
    allocations: credit.allocations.map((a) => {
      const kind = CHARGE_KINDS[a.charge.type];
      return {
        chargeReference: a.charge.chargeReference,
        startDate: taxYearStart(a.charge.taxYear),
        endDate: taxYearEnd(a.charge.taxYear),
        dueDate: a.charge.dueDate,
        chargeDetail: {
          documentId: a.charge.documentId,
          documentType: 'ITSA',
          documentTypeDescription: kind.documentTypeDescription,
          chargeType: kind.chargeType,
          chargeTypeDescription: kind.chargeTypeDescription,
        },
        amount: penceToPounds(a.charge.amount),
        clearedAmount: penceToPounds(a.amount),
      };
    }),
  };
}

export function paymentsAndAllocationsHandler(ctx: ApiContext): ApiHandler {
  return (request) => {
    const query = parse(request);
    const view = accountAsOf(ctx.state, request.params.nino!, todayOf(request.now));
    const payments = view.credits.filter(
      (c) =>
        c.payment &&
        (query.range === null || (c.date >= query.range.from && c.date <= query.range.to)) &&
        (!query.lot || (c.payment.paymentLot === query.lot.paymentLot && c.payment.paymentLotItem === query.lot.paymentLotItem)),
    );
    if (payments.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return { status: 200, body: { payments: payments.map(renderPayment) } };
  };
}
