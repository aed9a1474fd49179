// The client's income sources as HMRC holds them (Business Details 2.0, HMRC README §3.1): which businesses the year's
// updates go to, and the facts about each that decide how and when they report.
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import { hmrcDetails, type HmrcCaller, type StaffSession } from './hmrcCalls';

export type IncomeSourceKind = 'self-employment' | 'uk-property' | 'foreign-property';

/** A property business HMRC has not yet classed as UK or foreign: nothing can be submitted to it until staff sort it out. */
export type ListedKind = IncomeSourceKind | 'property-unspecified';

export interface IncomeSource {
  businessId: string;
  kind: ListedKind;
  tradingName?: string;
  commencementDate?: string;
  cessationDate?: string;
  /** For the tax year asked about; absent when no year was given or HMRC does not show it to this agent (supporting agents). */
  accountingType?: 'CASH' | 'ACCRUAL';
  /** Calendar quarters from the tax year of choice, else standard ones. */
  quarterlyPeriodType?: { type: 'standard' | 'calendar'; taxYearOfChoice?: string };
  /** A new business may report annually for its first two tax years (A) instead of quarterly (Q). */
  latency?: { endDate: string; taxYear1: string; indicator1: 'A' | 'Q'; taxYear2: string; indicator2: 'A' | 'Q' };
  /** Foreign property, 2026-27 on (for `taxYear`): the properties registered for the year, whose ids its updates carry. */
  foreignProperties?: ForeignProperty[];
}

export interface ForeignProperty {
  propertyId: string;
  propertyName: string;
  countryCode: string;
}

/** Foreign Property Details begin with 2026-27 (HMRC README §5.1 step 6). */
const FIRST_FOREIGN_DETAILS_YEAR = '2026-27';

interface ListedBusiness {
  typeOfBusiness: ListedKind;
  businessId: string;
  tradingName?: string;
}

interface BusinessDetails extends ListedBusiness {
  commencementDate?: string;
  cessationDate?: string;
  quarterlyTypeChoice?: { quarterlyPeriodType: 'standard' | 'calendar'; taxYearOfChoice?: string };
  latencyDetails?: { latencyEndDate: string; taxYear1: string; latencyIndicator1: 'A' | 'Q'; taxYear2: string; latencyIndicator2: 'A' | 'Q' };
}

export function createHmrcIncomeSourceActivities({ call, readOrNull }: HmrcCaller) {
  /** The business's accounting type for the year; undefined where HMRC shows none to this agent or holds none. */
  async function accountingTypeFor(nino: string, businessId: string, taxYear: string, session: StaffSession['session']): Promise<'CASH' | 'ACCRUAL' | undefined> {
    const result = await call<{ accountingType: 'CASH' | 'ACCRUAL' }>({
      api: HMRC_APIS.businessDetails,
      method: 'GET',
      path: `/individuals/business/details/${nino}/${businessId}/${taxYear}/accounting-type`,
      webSession: session,
    }).catch((err: unknown) => {
      // Supporting agents may not read the accounting type (HMRC README §1.9): the rest of the picture still stands.
      const details = hmrcDetails(err);
      if (details?.status === 404 || (details?.status === 403 && details.code === 'CLIENT_OR_AGENT_NOT_AUTHORISED')) return null;
      throw err;
    });
    return result?.body.accountingType;
  }

  /** The foreign properties registered for the year (none registered: HMRC answers 404, which is []). */
  async function foreignPropertiesFor(nino: string, businessId: string, taxYear: string, session: StaffSession['session']): Promise<ForeignProperty[]> {
    const result = await readOrNull<{ foreignPropertyDetails: ForeignProperty[] }>({
      api: HMRC_APIS.property,
      method: 'GET',
      path: `/individuals/business/property/foreign/${nino}/${businessId}/details/${taxYear}`,
      webSession: session,
    });
    return (result?.body.foreignPropertyDetails ?? []).map(({ propertyId, propertyName, countryCode }) => ({ propertyId, propertyName, countryCode }));
  }

  return {
    /**
     * Every income source with its dates, reporting choices and (for `taxYear`) accounting type, so the year's steps
     * know where updates go. The list lacks dates and choices, so each business is retrieved once; none at all is [].
     */
    async listIncomeSources(input: { nino: string; taxYear?: string } & StaffSession): Promise<IncomeSource[]> {
      const base = `/individuals/business/details/${input.nino}`;
      const listed = await readOrNull<{ listOfBusinesses: ListedBusiness[] }>({ api: HMRC_APIS.businessDetails, method: 'GET', path: `${base}/list`, webSession: input.session });
      const sources: IncomeSource[] = [];
      for (const business of listed?.body.listOfBusinesses ?? []) {
        const details = (await call<BusinessDetails>({ api: HMRC_APIS.businessDetails, method: 'GET', path: `${base}/${business.businessId}`, webSession: input.session })).body;
        const accountingType =
          input.taxYear && details.typeOfBusiness !== 'property-unspecified' ? await accountingTypeFor(input.nino, business.businessId, input.taxYear, input.session) : undefined;
        const foreignProperties =
          input.taxYear && input.taxYear >= FIRST_FOREIGN_DETAILS_YEAR && details.typeOfBusiness === 'foreign-property'
            ? await foreignPropertiesFor(input.nino, business.businessId, input.taxYear, input.session)
            : undefined;
        const choice = details.quarterlyTypeChoice;
        const latency = details.latencyDetails;
        sources.push({
          businessId: details.businessId,
          kind: details.typeOfBusiness,
          ...(details.tradingName !== undefined ? { tradingName: details.tradingName } : {}),
          ...(details.commencementDate !== undefined ? { commencementDate: details.commencementDate } : {}),
          ...(details.cessationDate !== undefined ? { cessationDate: details.cessationDate } : {}),
          ...(accountingType ? { accountingType } : {}),
          ...(choice ? { quarterlyPeriodType: { type: choice.quarterlyPeriodType, ...(choice.taxYearOfChoice ? { taxYearOfChoice: choice.taxYearOfChoice } : {}) } } : {}),
          ...(latency
            ? { latency: { endDate: latency.latencyEndDate, taxYear1: latency.taxYear1, indicator1: latency.latencyIndicator1, taxYear2: latency.taxYear2, indicator2: latency.latencyIndicator2 } }
            : {}),
          ...(foreignProperties ? { foreignProperties } : {}),
        });
      }
      return sources;
    },
  };
}
