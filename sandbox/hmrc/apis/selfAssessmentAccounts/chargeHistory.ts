// Retrieve History of a Self Assessment Charge, by transaction id (two paths) or by charge reference: every amount
// the charge has had, from the declaration that raised it through each amendment that changed it.
import { penceToPounds } from '../../../../domain/money';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkNino, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import { CHARGE_KINDS, chargesOf, type Charge } from './charges';
import { todayOf } from './ledger';

const TRANSACTION_ID = /^[0-9A-Za-z]{1,12}$/;
const CHARGE_REFERENCE = /^[A-Za-z]{2}[0-9]{12}$/;

function render(charge: Charge) {
  const description = CHARGE_KINDS[charge.type].description;
  return {
    // taxYear is left out: HMRC declares it `format: date` with a YYYY-YY pattern, which no value satisfies.
    chargeHistoryDetails: charge.versions.map((v, i) => ({
      transactionId: charge.documentId,
      transactionDate: charge.raisedOn,
      description,
      totalAmount: penceToPounds(v.amount),
      changeDate: v.at.slice(0, 10),
      changeTimestamp: v.at,
      changeReason: i === 0 ? 'Charge raised on final declaration' : 'Amended return',
    })),
  };
}

function handler(ctx: ApiContext, param: 'transactionId' | 'chargeReference'): ApiHandler {
  return (request: ApiRequest) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    const id = request.params[param] ?? '';
    if (param === 'transactionId' && !TRANSACTION_ID.test(id)) errors.add('FORMAT_TRANSACTION_ID');
    if (param === 'chargeReference' && !CHARGE_REFERENCE.test(id)) errors.add('FORMAT_CHARGE_REFERENCE');
    errors.throwIfAny();
    const { charges } = chargesOf(ctx.state, request.params.nino!, todayOf(request.now));
    const charge = charges.find((c) => (param === 'transactionId' ? c.documentId === id : c.chargeReference.toUpperCase() === id.toUpperCase()));
    if (!charge) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return { status: 200, body: render(charge) };
  };
}

export function chargeHistoryHandlers(ctx: ApiContext) {
  return { byTransactionId: handler(ctx, 'transactionId'), byChargeReference: handler(ctx, 'chargeReference') };
}
