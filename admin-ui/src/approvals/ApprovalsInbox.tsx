// The approvals inbox (/approvals): what waits for the signed-in member of staff. Reviewers see the steps awaiting
// review (open one to read its figures beside the previous quarter, then approve or reject; or approve several at
// once); preparers see the steps awaiting figures or their submission; everyone sees what needs attention.
import { useEffect } from 'react';
import { Box, Tab, Tabs, Typography } from '@mui/material';
import { DataTable, List, TextField, useGetList, usePermissions, useRecordContext } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { holds } from '../authProvider';
import { RetryButton } from './actions';
import { BulkApproveButton } from './BulkApproveButton';
import { DueDateField, PeriodField, PreparedByField, StatusField } from './fields';
import { StepPanel } from './StepPanel';
import { nextActionOf, problemOf, type Step } from './types';

interface InboxTab {
  key: 'review' | 'figures' | 'attention';
  label: string;
  filter: Record<string, unknown>;
  empty: string;
}

const TABS: InboxTab[] = [
  { key: 'review', label: 'Awaiting review', filter: { status: 'awaiting-review' }, empty: 'Nothing awaits review.' },
  { key: 'figures', label: 'Awaiting figures', filter: { status: ['awaiting-figures', 'awaiting-preparer'] }, empty: 'No step awaits figures or its preparer.' },
  { key: 'attention', label: 'Needs attention', filter: { status: 'needs-attention' }, empty: 'Nothing needs attention.' },
];

function visibleTabs(permissions: unknown): InboxTab[] {
  return TABS.filter((t) => (t.key === 'review' ? holds(permissions, 'steps:review') : t.key === 'figures' ? holds(permissions, 'steps:prepare') : true));
}

function TabLabel({ tab }: { tab: InboxTab }) {
  const { total } = useGetList('steps', { filter: tab.filter, pagination: { page: 1, perPage: 1 }, sort: { field: 'dueDate', order: 'ASC' } });
  return (
    <span>
      {tab.label}
      {total !== undefined ? ` (${total})` : ''}
    </span>
  );
}

function ProblemField() {
  const record = useRecordContext<Step>();
  const problem = record ? problemOf(record) : null;
  if (!problem) return null;
  return (
    <Typography variant="body2" color={problem.retriesBySelf ? 'warning.main' : 'error'} sx={{ maxWidth: 360 }}>
      <strong>{problem.code}</strong>: {problem.message}
    </Typography>
  );
}

function NextActionField() {
  const record = useRecordContext<Step>();
  const next = record ? nextActionOf(record) : null;
  if (!next) return null;
  const rejected = next.startsWith('Rejected:');
  return (
    <Typography variant="body2" color={rejected ? 'error' : 'text.secondary'} sx={{ maxWidth: 320, fontWeight: rejected ? 600 : undefined }}>
      {next}
    </Typography>
  );
}

function Empty({ text }: { text: string }) {
  return (
    <Box sx={{ p: 4, textAlign: 'center' }}>
      <Typography variant="body1" color="text.secondary">
        {text}
      </Typography>
    </Box>
  );
}

function InboxList({ tab }: { tab: InboxTab }) {
  const review = tab.key === 'review';
  return (
    <List
      resource="steps"
      title="Approvals"
      filter={tab.filter}
      sort={{ field: 'dueDate', order: 'ASC' }}
      perPage={25}
      disableSyncWithLocation
      storeKey={`approvals.${tab.key}`}
      actions={false}
      empty={<Empty text={tab.empty} />}
    >
      <DataTable
        expand={<StepPanel />}
        expandSingle
        rowClick="expand"
        bulkActionButtons={review ? <BulkApproveButton /> : false}
        sx={{ '& .RaDataTable-expandRow > td': { bgcolor: 'background.default' }, '& .RaDataTable-headerCell': { whiteSpace: 'nowrap' } }}
      >
        <DataTable.Col source="clientName" label="Client" field={TextField} />
        <DataTable.Col source="title" label="Step" disableSort field={TextField} />
        <DataTable.Col label="Period" disableSort field={PeriodField} />
        <DataTable.Col source="dueDate" label="Due" field={DueDateField} />
        {tab.key !== 'figures' && <DataTable.Col label="Prepared by" disableSort field={PreparedByField} />}
        <DataTable.Col source="status" label="Status" field={StatusField} />
        {tab.key === 'attention' ? <DataTable.Col label="Problem" disableSort field={ProblemField} /> : <DataTable.Col label="Next action" disableSort field={NextActionField} />}
        {tab.key === 'attention' && <DataTable.Col label="" disableSort field={RowRetry} />}
      </DataTable>
    </List>
  );
}

function RowRetry() {
  return <RetryButton />;
}

export function ApprovalsInbox() {
  const { permissions, isPending } = usePermissions();
  const [params, setParams] = useSearchParams();
  const tabs = visibleTabs(permissions);
  const current = tabs.find((t) => t.key === params.get('tab')) ?? tabs[0]!;
  useEffect(() => {
    if (!isPending && params.get('tab') !== current.key) setParams({ tab: current.key }, { replace: true });
  }, [isPending, current.key, params, setParams]);
  if (isPending) return null;
  return (
    <Box sx={{ mt: 1 }}>
      <Tabs value={current.key} onChange={(_, key: string) => setParams({ tab: key })} aria-label="Approvals" sx={{ borderBottom: 1, borderColor: 'divider' }}>
        {tabs.map((t) => (
          <Tab key={t.key} value={t.key} label={<TabLabel tab={t} />} />
        ))}
      </Tabs>
      <InboxList key={current.key} tab={current} />
    </Box>
  );
}
