// The figures of an HMRC tax calculation that staff, the client and the payments step need, in pence. A calculation
// runs to tens of kilobytes; this summary is what the workflow keeps (HMRC's field names, README §3.7).
import { poundsToPence } from './money';

export interface CalculationSummary {
  calculationId: string;
  calculationType: string | null;
  totalIncomeReceivedPence: number;
  totalTaxableIncomePence: number;
  incomeTaxChargedPence: number;
  class2Pence: number;
  class4Pence: number;
  studentLoanPence: number;
  capitalGainsTaxPence: number;
  taxDeductedAtSourcePence: number;
  /** What the customer owes for the year: income tax and NICs after tax deducted at source. */
  totalIncomeTaxAndNicsDuePence: number;
  /** HMRC's end-of-year estimate (in-year calculations), when it gives one. */
  endOfYearEstimatePence: number | null;
  errors: { id: string; text: string }[];
  warnings: { id: string; text: string }[];
}

type Json = Record<string, unknown>;

function at(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), body);
}

function pence(body: unknown, path: string): number {
  const value = at(body, path);
  return typeof value === 'number' ? poundsToPence(value) : 0;
}

function messages(body: unknown, kind: 'errors' | 'warnings'): { id: string; text: string }[] {
  const list = at(body, `messages.${kind}`);
  return Array.isArray(list) ? list.map((m: Json) => ({ id: String(m.id ?? ''), text: String(m.text ?? '') })) : [];
}

export function summariseCalculation(body: unknown, calculationId: string): CalculationSummary {
  const tax = 'calculation.taxCalculation';
  const estimate = at(body, 'calculation.endOfYearEstimate.incomeTaxNicAndCgtAmount') ?? at(body, 'calculation.endOfYearEstimate.incomeTaxNicAmount');
  return {
    calculationId,
    calculationType: (at(body, 'metadata.calculationType') as string | undefined) ?? null,
    totalIncomeReceivedPence: pence(body, `${tax}.incomeTax.totalIncomeReceivedFromAllSources`),
    totalTaxableIncomePence: pence(body, `${tax}.incomeTax.totalTaxableIncome`),
    incomeTaxChargedPence: pence(body, `${tax}.incomeTax.incomeTaxCharged`),
    class2Pence: pence(body, `${tax}.nics.class2Nics.amount`),
    class4Pence: pence(body, `${tax}.nics.class4Nics.totalAmount`),
    studentLoanPence: pence(body, `${tax}.totalStudentLoansRepaymentAmount`),
    capitalGainsTaxPence: pence(body, `${tax}.capitalGainsTax.totalCapitalGainsTax`),
    taxDeductedAtSourcePence: pence(body, `${tax}.totalTaxDeducted`),
    totalIncomeTaxAndNicsDuePence: pence(body, `${tax}.totalIncomeTaxAndNicsDue`),
    endOfYearEstimatePence: typeof estimate === 'number' ? poundsToPence(estimate) : null,
    errors: messages(body, 'errors'),
    warnings: messages(body, 'warnings'),
  };
}
