// The in-year updates (Self-Employment Business 5.0, Property Business 6.0; HMRC README §5.2): each business's
// year-to-date totals, sent as a replacing cumulative update.
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import type { HmrcCaller, StaffSession } from './hmrcCalls';
import type { IncomeSourceKind } from './hmrcIncomeSources';

const CUMULATIVE_PATHS: Record<IncomeSourceKind, (nino: string, businessId: string, taxYear: string) => string> = {
  'self-employment': (n, b, y) => `/individuals/business/self-employment/${n}/${b}/cumulative/${y}`,
  'uk-property': (n, b, y) => `/individuals/business/property/uk/${n}/${b}/cumulative/${y}`,
  'foreign-property': (n, b, y) => `/individuals/business/property/foreign/${n}/${b}/cumulative/${y}`,
};

/** Self-employments report through their own API; UK and foreign property through Property Business. */
export function submissionApiFor(kind: IncomeSourceKind) {
  return kind === 'self-employment' ? HMRC_APIS.selfEmployment : HMRC_APIS.property;
}

export function createHmrcQuarterlyActivities({ putUnlessHeld }: HmrcCaller) {
  return {
    /**
     * Sends the cumulative update unless HMRC already holds exactly these figures (a retry after a timeout that HMRC
     * had in fact committed). The PUT replaces the year-to-date totals, so sending new figures again is safe too.
     */
    async submitCumulativeUpdate(input: { nino: string; businessId: string; taxYear: string; kind: IncomeSourceKind; body: Record<string, unknown> } & StaffSession): Promise<{ submitted: boolean }> {
      return putUnlessHeld(submissionApiFor(input.kind), CUMULATIVE_PATHS[input.kind](input.nino, input.businessId, input.taxYear), input.body, input.session);
    },
  };
}
