// A client as GET /api/clients answers it (api/clients/schemas.ts), and the CSV import's answer.

export interface Client {
  id: string;
  name: string;
  nino: string | null;
  utr: string | null;
  agentType: 'main' | 'supporting';
  postcode: string | null;
  freeagentSubdomain: string | null;
  freeagentUserId: string | null;
  approveAutomatically: boolean;
  assigneeId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImportRow {
  /** As a spreadsheet numbers it: the header is row 1. */
  row: number;
  ok: boolean;
  errors: { field: string; rule: string }[];
  client: {
    name: string | null;
    nino: string | null;
    utr: string | null;
    agentType: string | null;
    postcode: string | null;
    freeagentSubdomain: string | null;
    freeagentUserId: string | null;
    approveAutomatically: boolean | string | null;
    assigneeEmail: string | null;
    assigneeId: string | null;
  };
}

export interface ImportResult {
  dryRun: boolean;
  rows: ImportRow[];
  created: number;
}
