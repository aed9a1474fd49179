// A client's page: who they are (identifiers, assignee, FreeAgent, approval), their records to download, their tax years,
// and the chosen year as its timeline.
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Alert, Avatar, Box, Button, Card, CardContent, CardHeader, Chip, CircularProgress, Link, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import {
  DataTable,
  EditButton,
  ReferenceField,
  ReferenceManyField,
  Show,
  TextField,
  TopToolbar,
  useGetOne,
  useListContext,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { holds } from '../authProvider';
import { api } from '../http';
import { CURRENT_TAX_YEAR, StageChip, StatusChip, formatDate } from '../taxYears/format';
import { DeadlineText, StepProgress } from '../taxYears';
import type { TaxYear, TaxYearRow } from '../taxYears/types';
import { YearTimeline } from '../taxYears/YearTimeline';
import { AgentTypeChip } from './AgentTypeChip';
import type { Client } from './types';

function ClientActions() {
  const client = useRecordContext<Client>();
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      {client && (
        <Button size="small" startIcon={<DownloadIcon />} href={`/api/clients/${client.id}/records`} download>
          Download records
        </Button>
      )}
      {holds(permissions, 'clients:write') && <EditButton />}
    </TopToolbar>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div" sx={{ fontWeight: 500 }}>
        {children}
      </Typography>
    </Box>
  );
}

function ClientHeader() {
  const client = useRecordContext<Client>();
  if (!client) return null;
  return (
    <Card variant="outlined">
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
          <Avatar sx={{ bgcolor: 'primary.main', width: 48, height: 48 }}>{initials(client.name)}</Avatar>
          <Box>
            <Typography variant="h5" component="h1">
              {client.name}
            </Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 0.5 }}>
              <AgentTypeChip agentType={client.agentType} long />
              <Chip size="small" variant="outlined" label={client.approveAutomatically ? 'Approved automatically' : 'Four eyes: preparer and reviewer'} />
              {client.freeagentSubdomain && <Chip size="small" variant="outlined" label="Books in FreeAgent" color="primary" />}
            </Box>
          </Box>
        </Box>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', md: 'repeat(4, minmax(0, 1fr))', xl: 'repeat(7, minmax(0, 1fr))' } }}>
          <Fact label="National Insurance number">
            {client.nino ? (
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {client.nino}
              </Box>
            ) : (
              'Not given'
            )}
          </Fact>
          <Fact label="Self Assessment UTR">
            {client.utr ? (
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {client.utr}
              </Box>
            ) : (
              'Not given'
            )}
          </Fact>
          <Fact label="Postcode">{client.postcode ?? 'Not given'}</Fact>
          <Fact label="Assignee">
            <ReferenceField source="assigneeId" reference="staff" link={false} emptyText="Not assigned">
              <TextField source="name" sx={{ fontWeight: 500 }} />
            </ReferenceField>
          </Fact>
          <Fact label="FreeAgent">
            {client.freeagentSubdomain ? (
              <Link href={`https://${client.freeagentSubdomain}.freeagent.com`} target="_blank" rel="noopener noreferrer">
                {client.freeagentSubdomain}
              </Link>
            ) : (
              'Not connected'
            )}
            {client.freeagentUserId && (
              <Typography variant="caption" color="text.secondary" component="div">
                user {client.freeagentUserId}
              </Typography>
            )}
          </Fact>
          <Fact label="Client since">{formatDate(client.createdAt.slice(0, 10))}</Fact>
          <Fact label="Last changed">{formatDate(client.updatedAt.slice(0, 10))}</Fact>
        </Box>
      </CardContent>
    </Card>
  );
}

function StartYearForClient({ clientId, years }: { clientId: string; years: TaxYearRow[] }) {
  const { permissions } = usePermissions();
  const notify = useNotify();
  const refresh = useRefresh();
  const [sending, setSending] = useState(false);
  const existing = years.find((y) => y.taxYear === CURRENT_TAX_YEAR);
  if (!holds(permissions, 'years:control') || (existing && existing.stage !== 'cancelled')) return null;
  const start = async () => {
    setSending(true);
    try {
      await api('/tax-years', { method: 'POST', body: { clientId, taxYear: CURRENT_TAX_YEAR } });
      notify(`The ${CURRENT_TAX_YEAR} year has started`, { type: 'success' });
      refresh();
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err), { type: 'error' });
    } finally {
      setSending(false);
    }
  };
  return (
    <Button size="small" variant="outlined" startIcon={sending ? <CircularProgress size={14} /> : <PlayArrowIcon />} disabled={sending} onClick={() => void start()}>
      Start {CURRENT_TAX_YEAR} year
    </Button>
  );
}

const Column = DataTable.Col<TaxYearRow>;

/** The client's years; a click picks the one whose timeline is shown (kept in the address as ?year=). */
function YearsTable({ chosen, onChoose }: { chosen: string | null; onChoose: (id: string) => void }) {
  const { data } = useListContext<TaxYearRow>();
  const client = useRecordContext<Client>();
  return (
    <Card variant="outlined">
      <CardHeader
        title="Tax years"
        slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 600 } } }}
        action={client ? <StartYearForClient clientId={String(client.id)} years={data ?? []} /> : null}
      />
      <DataTable<TaxYearRow>
        bulkActionButtons={false}
        rowClick={(id) => {
          onChoose(String(id));
          return false;
        }}
        rowSx={(r) => (r.id === chosen ? { bgcolor: 'action.selected' } : {})}
        empty={
          <CardContent>
            <Typography color="text.secondary">No tax years yet.</Typography>
          </CardContent>
        }
      >
        <Column source="taxYear" label="Tax year" disableSort render={(r) => <strong>{r.taxYear}</strong>} />
        <Column source="stage" label="Stage" disableSort render={(r) => <StageChip stage={r.stage} />} />
        <Column source="nextDeadline" label="Next deadline" disableSort render={(r) => <DeadlineText date={r.nextDeadline} />} />
        <Column label="Steps" disableSort render={(r) => <StepProgress row={r} />} />
        <Column
          label="Needs attention"
          disableSort
          render={(r) => (r.stepCounts.needsAttention > 0 ? <StatusChip status="needs-attention" label={String(r.stepCounts.needsAttention)} /> : '–')}
        />
        <Column label="" disableSort render={(r) => (r.id === chosen ? <Typography variant="caption" color="primary">Shown below</Typography> : <Typography variant="caption" color="text.secondary">Show timeline</Typography>)} />
      </DataTable>
    </Card>
  );
}

function ChosenYear({ id }: { id: string }) {
  // Its own cache entry: the list above seeds ('tax-years', id) with the row, which has no steps.
  const { data: year, isPending, error } = useGetOne<TaxYear>('tax-years', { id, meta: { whole: true } });
  if (isPending) return <CircularProgress sx={{ m: 2 }} aria-label="Loading the year" />;
  if (error || !year) return <Alert severity="error">The year could not be read: {error instanceof Error ? error.message : 'not found'}</Alert>;
  return <YearTimeline year={year} />;
}

function YearsAndTimeline() {
  const [params, setParams] = useSearchParams();
  return (
    <ReferenceManyField reference="tax-years" target="clientId" sort={{ field: 'taxYear', order: 'DESC' }} perPage={50}>
      <YearsWithChoice
        asked={params.get('year')}
        onChoose={(id) =>
          setParams(
            (p) => {
              p.set('year', id);
              return p;
            },
            { replace: true },
          )
        }
      />
    </ReferenceManyField>
  );
}

function YearsWithChoice({ asked, onChoose }: { asked: string | null; onChoose: (id: string) => void }) {
  const { data } = useListContext<TaxYearRow>();
  const years = data ?? [];
  const chosen = years.find((y) => y.id === asked)?.id ?? years.find((y) => y.taxYear === CURRENT_TAX_YEAR)?.id ?? years[0]?.id ?? null;
  return (
    <>
      <YearsTable chosen={chosen} onChoose={onChoose} />
      {chosen && (
        <Box sx={{ mt: 2 }}>
          <ChosenYear id={chosen} />
        </Box>
      )}
    </>
  );
}

function ClientTitle() {
  const client = useRecordContext<Client>();
  return <span>{client?.name ?? 'Client'}</span>;
}

export const ClientShow = () => (
  <Show title={<ClientTitle />} actions={<ClientActions />} component="div">
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 1 }}>
      <ClientHeader />
      <YearsAndTimeline />
    </Box>
  </Show>
);
