// Retrieve ITSA Penalties: the emulator charges no penalties, so the stateful answer is HMRC's "no penalties" body ({}).
// HMRC's canned penalty examples stay reachable through the documented Gov-Test-Scenario values.
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkNino } from '../../platform/validation';

export const penaltiesHandler: ApiHandler = (request) => {
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, request.params.nino);
  errors.throwIfAny();
  return { status: 200, body: {} };
};
