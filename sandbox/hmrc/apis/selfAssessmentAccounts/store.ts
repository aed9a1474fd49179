// What Self Assessment Accounts keeps per taxpayer: payments received, coding-out amounts and opt-out choices.
// Charges are not stored: they are derived from final declarations on every read (see charges.ts).
import type { Pence } from '../../../../domain/money';
import type { IsoDate } from '../../../../domain/taxYear';
import { taxpayer, type EmulatorState } from '../../state';

/** A payment the customer made to HMRC (outside software), as the emulator's payment control recorded it. */
export interface StoredPayment {
  /** Order of recording, so payments received the same day allocate in the order they arrived. */
  seq: number;
  paymentLot: string;
  paymentLotItem: string;
  documentId: string;
  amount: Pence;
  receivedDate: IsoDate;
  reference?: string;
  recordedAt: string;
}

export interface CodingOutItem {
  id: number;
  amount: Pence;
}

export interface CodingOutComponents {
  payeUnderpayment?: CodingOutItem[];
  selfAssessmentUnderpayment?: CodingOutItem[];
  debt?: CodingOutItem[];
  inYearAdjustment?: CodingOutItem;
}

/** Customer-submitted coding-out amounts for one tax year (HMRC-held amounts do not exist in the sandbox). */
export interface CodingOutYear {
  submittedOn: string;
  components: CodingOutComponents;
}

export interface CodingOutStatus {
  optOutIndicator: boolean;
  processingDate: string;
}

export interface AccountsRecord {
  payments: StoredPayment[];
  codingOut: Record<string, CodingOutYear>;
  codingOutStatus: Record<string, CodingOutStatus>;
}

/** The taxpayer's accounts record, created on first write. */
export function accountsOf(state: EmulatorState, nino: string): AccountsRecord {
  const t = taxpayer(state, nino) as Record<string, unknown>;
  return (t.accounts ??= { payments: [], codingOut: {}, codingOutStatus: {} }) as AccountsRecord;
}

/** The accounts record if anything was ever written, without creating a taxpayer (for reads). */
export function findAccounts(state: EmulatorState, nino: string): AccountsRecord | undefined {
  return state.taxpayers[nino]?.accounts as AccountsRecord | undefined;
}
