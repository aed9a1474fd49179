// The control API's JSON for tax years, their steps and payments, as the console reads them (api/taxYears/schemas.ts and
// api/steps/schemas.ts are the source of truth; the OpenAPI document at /api/openapi.json says the same).

/** Money fields in integer pence, shaped like HMRC's body (domain/figures.ts). */
export type FigureTree = { [field: string]: number | boolean | string | FigureTree | FigureTree[] };

export interface StepComment {
  by: string;
  at: string;
  action: string;
  text: string;
}

export interface StepProblem {
  code: string;
  message: string;
  errors?: { code: string; message: string; paths?: string[] }[];
  correlationId?: string | null;
  retriesBySelf: boolean;
}

export interface Step {
  id: string;
  clientId: string;
  clientName: string;
  taxYearId: string;
  taxYear: string;
  stage: string;
  stepKey: string;
  kind: string;
  milestone: string | null;
  title: string | null;
  status: string;
  nextAction: string | null;
  dueDate: string | null;
  opensOn: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  preparedBy: string | null;
  approvedBy: string | null;
  attempts: number;
  problem: StepProblem | null;
  hmrcBusinessId: string | null;
  businessId: string | null;
  detail: {
    figures: FigureTree | null;
    previousFigures: FigureTree | null;
    figuresSource: 'freeagent' | 'staff' | 'none' | null;
    comments: StepComment[];
    flags: string[];
    result: Record<string, unknown>;
  };
  updatedAt: string;
}

export interface Payment {
  key: string;
  kind: 'first-payment-on-account' | 'second-payment-on-account' | 'balancing-payment';
  taxYear: string;
  dueDate: string;
  amountPence: number;
  status: 'due' | 'paid' | 'overdue' | 'repayment';
  paidOn: string | null;
  projection: { asOf: string; interestPence: number; penaltyPence: number } | null;
}

export interface PenaltyPoint {
  obligation: 'quarterly' | 'annual';
  taxYear: string;
  dueDate: string;
  awardedOn: string;
  expiresOn: string;
}

export interface StepCounts {
  total: number;
  open: number;
  needsAttention: number;
  done: number;
}

export interface TaxYearRow {
  id: string;
  clientId: string;
  clientName: string;
  taxYear: string;
  stage: string;
  nextDeadline: string | null;
  agentType: string | null;
  itsaStatus: string | null;
  workflowId: string;
  stepCounts: StepCounts;
  createdAt: string;
  updatedAt: string;
}

export interface TaxYear extends TaxYearRow {
  workflow: { id: string; status: string; url: string | null };
  payments: Payment[];
  penaltyPoints: PenaltyPoint[];
  steps: Step[];
}

/** HMRC's calculation in pence (domain/calculationSummary.ts), as the workflow keeps it in a step's result. */
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
  totalIncomeTaxAndNicsDuePence: number;
  endOfYearEstimatePence: number | null;
  errors: { id: string; text: string }[];
  warnings: { id: string; text: string }[];
}
