// Property Business (MTD) 6.0: UK and foreign property cumulative summaries, annual submissions, foreign property
// details, the period summaries of 2024-25 and before, and the historic (2017-18 to 2021-22) FHL and non-FHL endpoints.
import type { ApiContext, Route } from '../types';
import { annualHandlers } from './annual';
import { cumulativeHandlers } from './cumulative';
// Registers, on import, how property submissions add up for the calculation.
import './figures';
import { foreignPropertyDetailsHandlers } from './foreignPropertyDetails';
import { historicHandlers } from './historic';
import { periodHandlers } from './periods';

const API = 'property-business';
const VERSION = '6.0';

export function propertyBusinessRoutes(ctx: ApiContext): Route[] {
  const cumulative = cumulativeHandlers(ctx);
  const annual = annualHandlers(ctx);
  const details = foreignPropertyDetailsHandlers(ctx);
  const periods = periodHandlers(ctx);
  const { fhl, nonFhl } = historicHandlers(ctx);
  const historic = '/individuals/business/property/uk';
  return [
    [API, VERSION, 'PUT', '/individuals/business/property/uk/{nino}/{businessId}/cumulative/{taxYear}', cumulative.createOrAmendUk],
    [API, VERSION, 'GET', '/individuals/business/property/uk/{nino}/{businessId}/cumulative/{taxYear}', cumulative.retrieveUk],
    [API, VERSION, 'PUT', '/individuals/business/property/foreign/{nino}/{businessId}/cumulative/{taxYear}', cumulative.createOrAmendForeign],
    [API, VERSION, 'GET', '/individuals/business/property/foreign/{nino}/{businessId}/cumulative/{taxYear}', cumulative.retrieveForeign],

    [API, VERSION, 'PUT', '/individuals/business/property/uk/{nino}/{businessId}/annual/{taxYear}', annual.createOrAmendUk],
    [API, VERSION, 'GET', '/individuals/business/property/uk/{nino}/{businessId}/annual/{taxYear}', annual.retrieveUk],
    [API, VERSION, 'PUT', '/individuals/business/property/foreign/{nino}/{businessId}/annual/{taxYear}', annual.createOrAmendForeign],
    [API, VERSION, 'GET', '/individuals/business/property/foreign/{nino}/{businessId}/annual/{taxYear}', annual.retrieveForeign],
    [API, VERSION, 'DELETE', '/individuals/business/property/{nino}/{businessId}/annual/{taxYear}', annual.remove],

    [API, VERSION, 'POST', '/individuals/business/property/foreign/{nino}/{businessId}/details/{taxYear}', details.create],
    [API, VERSION, 'GET', '/individuals/business/property/foreign/{nino}/{businessId}/details/{taxYear}', details.retrieve],
    [API, VERSION, 'PUT', '/individuals/business/property/foreign/{nino}/details/{propId}/{taxYear}', details.update],

    [API, VERSION, 'POST', '/individuals/business/property/uk/{nino}/{businessId}/period/{taxYear}', periods.createUk],
    [API, VERSION, 'GET', '/individuals/business/property/uk/{nino}/{businessId}/period/{taxYear}/{submissionId}', periods.retrieveUk],
    [API, VERSION, 'PUT', '/individuals/business/property/uk/{nino}/{businessId}/period/{taxYear}/{submissionId}', periods.amendUk],
    [API, VERSION, 'POST', '/individuals/business/property/foreign/{nino}/{businessId}/period/{taxYear}', periods.createForeign],
    [API, VERSION, 'GET', '/individuals/business/property/foreign/{nino}/{businessId}/period/{taxYear}/{submissionId}', periods.retrieveForeign],
    [API, VERSION, 'PUT', '/individuals/business/property/foreign/{nino}/{businessId}/period/{taxYear}/{submissionId}', periods.amendForeign],
    [API, VERSION, 'GET', '/individuals/business/property/{nino}/{businessId}/period/{taxYear}', periods.list],

    [API, VERSION, 'PUT', `${historic}/annual/furnished-holiday-lettings/{nino}/{taxYear}`, fhl.createOrAmendAnnual],
    [API, VERSION, 'GET', `${historic}/annual/furnished-holiday-lettings/{nino}/{taxYear}`, fhl.retrieveAnnual],
    [API, VERSION, 'DELETE', `${historic}/annual/furnished-holiday-lettings/{nino}/{taxYear}`, fhl.deleteAnnual],
    [API, VERSION, 'POST', `${historic}/period/furnished-holiday-lettings/{nino}`, fhl.createPeriod],
    [API, VERSION, 'GET', `${historic}/period/furnished-holiday-lettings/{nino}`, fhl.listPeriods],
    [API, VERSION, 'GET', `${historic}/period/furnished-holiday-lettings/{nino}/{periodId}`, fhl.retrievePeriod],
    [API, VERSION, 'PUT', `${historic}/period/furnished-holiday-lettings/{nino}/{periodId}`, fhl.amendPeriod],
    [API, VERSION, 'PUT', `${historic}/annual/non-furnished-holiday-lettings/{nino}/{taxYear}`, nonFhl.createOrAmendAnnual],
    [API, VERSION, 'GET', `${historic}/annual/non-furnished-holiday-lettings/{nino}/{taxYear}`, nonFhl.retrieveAnnual],
    [API, VERSION, 'DELETE', `${historic}/annual/non-furnished-holiday-lettings/{nino}/{taxYear}`, nonFhl.deleteAnnual],
    [API, VERSION, 'POST', `${historic}/period/non-furnished-holiday-lettings/{nino}`, nonFhl.createPeriod],
    [API, VERSION, 'GET', `${historic}/period/non-furnished-holiday-lettings/{nino}`, nonFhl.listPeriods],
    [API, VERSION, 'GET', `${historic}/period/non-furnished-holiday-lettings/{nino}/{periodId}`, nonFhl.retrievePeriod],
    [API, VERSION, 'PUT', `${historic}/period/non-furnished-holiday-lettings/{nino}/{periodId}`, nonFhl.amendPeriod],
  ];
}
