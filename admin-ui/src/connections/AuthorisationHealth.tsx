// Each client's year as HMRC sees the practice: the years (GET /api/tax-years: agentType, itsaStatus) joined with their
// authorisation and quarterly steps and anything parked (GET /api/steps for the page's years), so staff see who is
// not authorised, why HMRC said no, and what to do next.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { Box, Chip, Link, Typography } from '@mui/material';
import { DataTable, List, SearchInput, TextField, TextInput, useGetList, useListContext, useRecordContext, RecordContextProvider } from 'react-admin';
import { RetryButton } from '../approvals/actions';
import { problemOf, type Step } from '../approvals/types';

interface YearRow {
  id: string;
  clientId: string;
  clientName: string;
  taxYear: string;
  stage: string;
  agentType: string | null;
  itsaStatus: string | null;
}

interface YearSteps {
  authorisation?: Step;
  quarters: number;
  /** Parked steps whose problem is about the practice's authority to act. */
  refusals: Step[];
}

/** HMRC's (and the workflow's) codes that mean the practice may not act, with what staff do about each. */
export const AUTHORISATION_CODES: Record<string, string> = {
  CLIENT_OR_AGENT_NOT_AUTHORISED:
    "HMRC refused (403): the practice may not act for this client here (authorisation withdrawn, never given, or a supporting agent on a main-agent API). Check the relationship in HMRC's agent services account; if it has gone, ask the client to authorise the practice again, then press Retry.",
  INVITATION_EXPIRED: "The client did not answer within HMRC's 21 days. Speak to the client, then press Retry to send a new invitation.",
  INVITATION_REJECTED: 'The client declined the invitation. Speak to them, then press Retry to invite them again.',
  INVITATION_CANCELLED: 'The invitation was cancelled. Press Retry to send a new one.',
  INVITATION_DEAUTHORISED: 'The client removed the authorisation. Speak to them, then press Retry to invite them again.',
  SUPPORTING_AGENT: 'The practice is a supporting agent: the main agent or the client must calculate and declare. Press Retry once the practice is the main agent.',
  POSTCODE_MISSING: "HMRC checks the relationship with the client's postcode. Add it on the client's record, then press Retry.",
  RECONNECT_NEEDED: 'HMRC refused the practice\'s stored grant: an admin reconnects HMRC above, and waiting steps try again by themselves.',
};

const NOT_IN_MTD = new Set(['Annual', 'No Status', 'Digitally Exempt', 'MTD Exempt', 'Dormant', 'Non Digital']);

const StepsContext = createContext<Map<string, YearSteps>>(new Map());

/** The steps of the years on this page, read in two requests (the API takes up to 50 years at once). */
function PageSteps({ children }: { children: ReactNode }) {
  const { data } = useListContext<YearRow>();
  const ids = (data ?? []).map((y) => y.id);
  const enabled = ids.length > 0;
  const pagination = { page: 1, perPage: 1000 };
  const sort = { field: 'dueDate', order: 'ASC' as const };
  const { data: steps } = useGetList<Step>('steps', { filter: { taxYearId: ids, kind: ['authorisation', 'quarterly-update'] }, pagination, sort }, { enabled });
  const { data: parked } = useGetList<Step>('steps', { filter: { taxYearId: ids, status: 'needs-attention' }, pagination, sort }, { enabled });
  const byYear = useMemo(() => {
    const map = new Map<string, YearSteps>();
    const of = (id: string) => map.get(id) ?? (map.set(id, { quarters: 0, refusals: [] }).get(id) as YearSteps);
    for (const s of steps ?? []) {
      if (s.kind === 'authorisation') of(s.taxYearId).authorisation = s;
      else if (s.kind === 'quarterly-update') of(s.taxYearId).quarters += 1;
    }
    for (const s of parked ?? []) {
      const problem = problemOf(s);
      if (s.kind !== 'authorisation' && problem && (AUTHORISATION_CODES[problem.code] || problem.code.startsWith('INVITATION_'))) of(s.taxYearId).refusals.push(s);
    }
    return map;
  }, [steps, parked]);
  return <StepsContext.Provider value={byYear}>{children}</StepsContext.Provider>;
}

function useYearSteps(): YearSteps {
  const record = useRecordContext<YearRow>();
  return useContext(StepsContext).get(record?.id ?? '') ?? { quarters: 0, refusals: [] };
}

function RelationshipField() {
  const record = useRecordContext<YearRow>();
  const { authorisation } = useYearSteps();
  if (!record) return null;
  if (record.agentType === 'main') return <Chip size="small" color="success" label="Main agent" data-relationship="main" />;
  if (record.agentType === 'supporting') return <Chip size="small" color="warning" label="Supporting agent" data-relationship="supporting" />;
  if (!authorisation || authorisation.status === 'scheduled' || authorisation.status === 'in-progress') {
    return (
      <Typography variant="body2" color="text.secondary">
        Not checked yet
      </Typography>
    );
  }
  // Parked before HMRC answered (e.g. no postcode to check with): the relationship is not known yet.
  const problem = problemOf(authorisation);
  if (problem && !problem.code.startsWith('INVITATION_')) {
    return (
      <Typography variant="body2" color="text.secondary" data-relationship="unknown">
        Not known: see the problem
      </Typography>
    );
  }
  return <Chip size="small" color="error" variant="outlined" label={authorisation.status === 'awaiting-client' ? 'None: invited' : 'None'} data-relationship="none" />;
}

function ItsaField() {
  const record = useRecordContext<YearRow>();
  if (!record?.itsaStatus) return <Typography variant="body2" color="text.secondary">–</Typography>;
  const outside = NOT_IN_MTD.has(record.itsaStatus);
  return (
    <Box>
      <Typography variant="body2">{record.itsaStatus}</Typography>
      {outside && (
        <Typography variant="caption" color="text.secondary">
          Not in MTD: a Self Assessment return
        </Typography>
      )}
    </Box>
  );
}

function ObligationsField() {
  const record = useRecordContext<YearRow>();
  const { quarters } = useYearSteps();
  if (quarters > 0) return <Chip size="small" color="success" variant="outlined" label={`Yes: ${quarters} quarterly`} data-obligations="yes" />;
  const waiting = record && ['starting', 'authorisation'].includes(record.stage);
  return (
    <Typography variant="body2" color="text.secondary" data-obligations="no">
      {waiting ? 'Not yet (after authorisation)' : 'None'}
    </Typography>
  );
}

function ProblemAndNext() {
  const { authorisation, refusals } = useYearSteps();
  const parked = [...(authorisation && problemOf(authorisation) ? [authorisation] : []), ...refusals];
  if (parked.length === 0) {
    if (authorisation?.status === 'awaiting-client') {
      const url = authorisation.detail.result.clientActionUrl;
      return (
        <Box sx={{ maxWidth: 520 }}>
          <Typography variant="body2">{authorisation.nextAction ?? 'The client has not accepted the invitation yet.'}</Typography>
          {typeof url === 'string' && (
            <Link href={url} target="_blank" rel="noreferrer" variant="body2">
              The client's invitation page
            </Link>
          )}
        </Box>
      );
    }
    return (
      <Typography variant="body2" color="text.secondary">
        Nothing to do
      </Typography>
    );
  }
  return (
    <Box sx={{ maxWidth: 560, display: 'grid', gap: 1 }}>
      {parked.map((step) => (
        <Box key={step.id} data-problem={step.problem!.code}>
          <Typography variant="body2" color="error">
            <strong>{step.problem!.code}</strong> on {step.title ?? step.stepKey}: {step.problem!.message}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {AUTHORISATION_CODES[step.problem!.code] ?? step.nextAction ?? 'Speak to the client, then press Retry.'}
          </Typography>
          <RecordContextProvider value={step}>
            <Box sx={{ mt: 0.5 }}>
              <RetryButton />
            </Box>
          </RecordContextProvider>
        </Box>
      ))}
    </Box>
  );
}

const filters = [<SearchInput key="q" source="q" alwaysOn placeholder="Client name" />, <TextInput key="taxYear" source="taxYear" label="Tax year (e.g. 2026-27)" />];

export function AuthorisationHealth() {
  return (
    <List
      resource="tax-years"
      title={false}
      filters={filters}
      sort={{ field: 'clientName', order: 'ASC' }}
      perPage={25}
      disableSyncWithLocation
      storeKey="connections.authorisation"
      actions={false}
      empty={
        <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
          No tax years have been started yet.
        </Typography>
      }
    >
      <PageSteps>
        <DataTable bulkActionButtons={false} rowClick={false} sx={{ '& .RaDataTable-headerCell': { whiteSpace: 'nowrap' } }}>
          <DataTable.Col source="clientName" label="Client" field={TextField} />
          <DataTable.Col source="taxYear" label="Tax year" field={TextField} />
          <DataTable.Col label="Relationship" disableSort field={RelationshipField} />
          <DataTable.Col label="ITSA status" disableSort field={ItsaField} />
          <DataTable.Col label="Obligations" disableSort field={ObligationsField} />
          <DataTable.Col label="Problem and next action" disableSort field={ProblemAndNext} />
        </DataTable>
      </PageSteps>
    </List>
  );
}
