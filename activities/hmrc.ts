// Activities that talk to HMRC, composed from one module per part of the year. Every call goes through one recording
// caller; each write reads HMRC's state first, so a retry after an ambiguous failure (a timeout after HMRC committed)
// never writes twice. Staff-triggered steps pass their web session, which every call of the step carries.
import { createHmrcAuthorisationActivities } from './hmrcAuthorisation';
import { createHmrcBsasActivities } from './hmrcBsas';
import { createHmrcCalculationActivities } from './hmrcCalculations';
import { createHmrcCaller, type HmrcActivityDependencies } from './hmrcCalls';
import { createHmrcIncomeSourceActivities } from './hmrcIncomeSources';
import { createHmrcItsaStatusActivities } from './hmrcItsaStatus';
import { createHmrcObligationActivities } from './hmrcObligations';
import { createHmrcPaymentActivities } from './hmrcPayments';
import { createHmrcQuarterlyActivities } from './hmrcQuarterly';
import { createHmrcYearEndActivities } from './hmrcYearEnd';

export { toActivityFailure, type HmrcActivityDependencies } from './hmrcCalls';
export type { IncomeSourceKind } from './hmrcIncomeSources';

export function createHmrcActivities(deps: HmrcActivityDependencies) {
  const caller = createHmrcCaller(deps);
  return {
    ...createHmrcAuthorisationActivities(caller),
    ...createHmrcItsaStatusActivities(caller),
    ...createHmrcIncomeSourceActivities(caller),
    ...createHmrcObligationActivities(caller),
    ...createHmrcQuarterlyActivities(caller),
    ...createHmrcBsasActivities(caller),
    ...createHmrcYearEndActivities(caller),
    ...createHmrcCalculationActivities(caller),
    ...createHmrcPaymentActivities(caller),
  };
}

export type HmrcActivities = ReturnType<typeof createHmrcActivities>;
