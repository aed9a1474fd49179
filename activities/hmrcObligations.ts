// What HMRC expects from the client and when (Obligations 3.0, HMRC README §3.2): the quarterly updates per business and
// the year's final declaration, each open or fulfilled. Reads only: HMRC keeps them from what is submitted.
import { taxYearEnd, taxYearStart } from '../domain/taxYear';
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import type { HmrcCaller, StaffSession } from './hmrcCalls';
import type { IncomeSourceKind } from './hmrcIncomeSources';

export interface ObligationPeriod {
  periodStartDate: string;
  periodEndDate: string;
  dueDate: string;
  status: 'open' | 'fulfilled';
  receivedDate?: string;
}

export interface BusinessObligations {
  businessId: string;
  kind: IncomeSourceKind;
  periods: ObligationPeriod[];
}

function periodOf(o: ObligationPeriod): ObligationPeriod {
  return {
    periodStartDate: o.periodStartDate,
    periodEndDate: o.periodEndDate,
    dueDate: o.dueDate,
    status: o.status,
    ...(o.receivedDate ? { receivedDate: o.receivedDate } : {}),
  };
}

export function createHmrcObligationActivities({ readOrNull }: HmrcCaller) {
  return {
    /**
     * The quarterly updates each business owes, for a tax year (else HMRC's default: a year from today), so the year's
     * steps open and close on HMRC's own dates. HMRC filters by business only with its type, so `kind` makes the filter
     * HMRC's; without it the business is picked out here. No obligations (404) is an empty list.
     */
    async listQuarterlyObligations(input: { nino: string; taxYear?: string; businessId?: string; kind?: IncomeSourceKind } & StaffSession): Promise<BusinessObligations[]> {
      const query: Record<string, string> = {
        ...(input.taxYear ? { fromDate: taxYearStart(input.taxYear), toDate: taxYearEnd(input.taxYear) } : {}),
        ...(input.kind ? { typeOfBusiness: input.kind } : {}),
        ...(input.kind && input.businessId ? { businessId: input.businessId } : {}),
      };
      const result = await readOrNull<{ obligations: { typeOfBusiness: IncomeSourceKind; businessId: string; obligationDetails: ObligationPeriod[] }[] }>({
        api: HMRC_APIS.obligations,
        method: 'GET',
        path: `/obligations/details/${input.nino}/income-and-expenditure`,
        query,
        webSession: input.session,
      });
      return (result?.body.obligations ?? [])
        .filter((o) => !input.businessId || o.businessId === input.businessId)
        .map((o) => ({
          businessId: o.businessId,
          kind: o.typeOfBusiness,
          periods: o.obligationDetails.map(periodOf).sort((a, b) => a.periodEndDate.localeCompare(b.periodEndDate)),
        }));
    },

    /** The year's final declaration obligation (null when HMRC has none), to know whether the year is declared and by when. */
    async getFinalDeclarationObligation(input: { nino: string; taxYear: string } & StaffSession): Promise<ObligationPeriod | null> {
      const result = await readOrNull<{ obligations: ObligationPeriod[] }>({
        api: HMRC_APIS.obligations,
        method: 'GET',
        path: `/obligations/details/${input.nino}/crystallisation`,
        query: { taxYear: input.taxYear },
        webSession: input.session,
      });
      const found = result?.body.obligations.find((o) => o.periodStartDate === taxYearStart(input.taxYear)) ?? result?.body.obligations[0];
      return found ? periodOf(found) : null;
    },
  };
}
