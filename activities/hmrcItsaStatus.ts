// The client's ITSA status for a tax year (Self Assessment Individual Details 2.0, HMRC README §3.10): whether the year
// runs under MTD (mandated or voluntary), as one annual return, or not at all. The workflow decides from it.
import { poundsToPence, type Pence } from '../domain/money';
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import type { HmrcCaller, StaffSession } from './hmrcCalls';

/** HMRC's statuses; `Non Digital` is deprecated and gone from 2026-27. */
export type ItsaStatusValue = 'No Status' | 'MTD Mandated' | 'MTD Voluntary' | 'Annual' | 'Non Digital' | 'Digitally Exempt' | 'Dormant' | 'MTD Exempt';

export interface ItsaStatus {
  taxYear: string;
  /** null when HMRC holds no status at all for the year (404), which is not the same as HMRC's own `No Status`. */
  status: ItsaStatusValue | null;
  statusReason?: string;
  /** When HMRC recorded the status. */
  submittedOn?: string;
  /** Business income two years before, which decides mandation. */
  businessIncome2YearsPriorPence?: Pence;
}

interface StatusDetail {
  submittedOn: string;
  status: ItsaStatusValue;
  statusReason?: string;
  businessIncome2YearsPrior?: number;
}

export function createHmrcItsaStatusActivities({ readOrNull }: HmrcCaller) {
  return {
    /** The status in force for the year (HMRC's latest entry), so the year's steps know which obligations apply. */
    async getItsaStatus(input: { nino: string; taxYear: string } & StaffSession): Promise<ItsaStatus> {
      const result = await readOrNull<{ itsaStatuses: { taxYear: string; itsaStatusDetails?: StatusDetail[] }[] }>({
        api: HMRC_APIS.individualDetails,
        method: 'GET',
        path: `/individuals/person/itsa-status/${input.nino}/${input.taxYear}`,
        webSession: input.session,
      });
      const details = result?.body.itsaStatuses.find((s) => s.taxYear === input.taxYear)?.itsaStatusDetails ?? [];
      const latest = [...details].sort((a, b) => b.submittedOn.localeCompare(a.submittedOn))[0];
      if (!latest) return { taxYear: input.taxYear, status: null };
      return {
        taxYear: input.taxYear,
        status: latest.status,
        ...(latest.statusReason ? { statusReason: latest.statusReason } : {}),
        submittedOn: latest.submittedOn,
        ...(latest.businessIncome2YearsPrior !== undefined ? { businessIncome2YearsPriorPence: poundsToPence(latest.businessIncome2YearsPrior) } : {}),
      };
    },
  };
}
