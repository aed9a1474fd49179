// GET /api/dashboard's answer (api/dashboard/routes.ts).

export interface DashboardStep {
  stepId: string;
  taxYearId: string;
  taxYear: string;
  clientId: string;
  clientName: string;
  title: string | null;
  milestone: string | null;
  dueDate: string | null;
  status: string;
}

export interface StepList {
  count: number;
  steps: DashboardStep[];
}

export interface DashboardData {
  asOf: string;
  taxYear: string | null;
  clients: { total: number };
  taxYears: { total: number; byStage: Record<string, number> };
  matrix: { milestone: string; byStatus: Record<string, number>; total: number }[];
  deadlines: {
    overdue: StepList;
    next14Days: StepList;
    next30Days: { count: number };
    next30DaysSteps: DashboardStep[];
  };
  needsAttention: StepList;
  byDeadline: { dueDate: string; byStatus: Record<string, number>; total: number }[];
  alerts: { open: Record<string, number> };
}
