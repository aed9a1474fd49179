// The calculations HMRC has run for a taxpayer, as the emulator keeps them.
import type { IncomeTaxCalculation, IncomeTaxInput } from '../../../../domain/incomeTax';
import { taxpayer, type EmulatorState } from '../../state';

export type TriggerType = 'in-year' | 'intent-to-finalise' | 'intent-to-amend';
/** How a calculation reads in metadata once the customer declared on it. */
export type MetadataType = TriggerType | 'declare-finalisation' | 'confirm-amendment';

export interface StoredCalculation {
  calculationId: string;
  taxYear: string;
  calculationType: MetadataType;
  requestedBy: 'customer' | 'agent';
  requestedTimestamp: string;
  /** When the calculation is ready; retrieving before then is 404, as HMRC's asynchronous calculation is. */
  calculationTimestamp: string;
  finalisationTimestamp?: string;
  confirmationTimestamp?: string;
  input: IncomeTaxInput;
  result: IncomeTaxCalculation | null;
  /** Messages HMRC attaches (info, warnings, errors); errors mean no calculation and no final declaration. */
  messages: { info: { id: string; text: string }[]; warnings: { id: string; text: string }[]; errors: { id: string; text: string }[] };
  /** The businesses included, with when their latest data arrived (for the inputs section). */
  sources: { businessId: string; typeOfBusiness: string; latestPeriodEndDate: string; latestReceivedDateTime: string; commencementDate?: string; cessationDate?: string; tradingName?: string }[];
}

export function calculationsOf(state: EmulatorState, nino: string): Record<string, StoredCalculation> {
  const t = taxpayer(state, nino) as Record<string, unknown>;
  return (t.calculations ??= {}) as Record<string, StoredCalculation>;
}
