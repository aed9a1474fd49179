// The practice's clients: searched, filtered, sorted and paged by the API (so it behaves the same at 10,000 clients),
// exported as the API's CSV, imported from CSV after a preview, and their 2026-27 years started in bulk.
import { Box, Button, Link, Tooltip, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import {
  AutocompleteInput,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  NullableBooleanInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  TopToolbar,
  useListContext,
  usePermissions,
} from 'react-admin';
import { holds } from '../authProvider';
import { formatDate } from '../taxYears/format';
import { AgentTypeChip } from './AgentTypeChip';
import { ImportClientsButton } from './ImportClients';
import { StartYearButton } from './StartYearButton';
import type { Client } from './types';

const clientFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name, NINO, UTR or postcode" sx={{ minWidth: 300 }} />,
  <SelectInput
    key="agentType"
    source="agentType"
    label="We act as"
    choices={[
      { id: 'main', name: 'Main agent' },
      { id: 'supporting', name: 'Supporting agent' },
    ]}
  />,
  <ReferenceInput key="assigneeId" source="assigneeId" reference="staff" sort={{ field: 'name', order: 'ASC' }}>
    <AutocompleteInput label="Assignee" optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <NullableBooleanInput key="approveAutomatically" source="approveAutomatically" label="Approved automatically" trueLabel="Yes" falseLabel="No" sx={{ minWidth: 200 }} />,
  <NullableBooleanInput key="freeagent" source="freeagent" label="Books in FreeAgent" trueLabel="Yes" falseLabel="No" sx={{ minWidth: 180 }} />,
];

/** The API's own CSV of the clients this list shows (every page, same filter and sort). */
function ExportCsvButton() {
  const { filterValues, sort, total } = useListContext();
  const params = new URLSearchParams({ sort: JSON.stringify([sort.field, sort.order]), filter: JSON.stringify(filterValues) });
  return (
    <Tooltip title={`Download ${total ?? ''} clients as CSV (the import's columns)`}>
      <Button size="small" startIcon={<DownloadIcon />} href={`/api/clients/export.csv?${params.toString()}`} download>
        Export CSV
      </Button>
    </Tooltip>
  );
}

function ClientListActions() {
  const { permissions } = usePermissions();
  const canWrite = holds(permissions, 'clients:write');
  return (
    <TopToolbar>
      <FilterButton />
      {canWrite && <CreateButton label="Add client" />}
      {canWrite && <ImportClientsButton />}
      <ExportCsvButton />
    </TopToolbar>
  );
}

const Column = DataTable.Col<Client>;

function Empty() {
  const { permissions } = usePermissions();
  return (
    <Box sx={{ textAlign: 'center', m: 6 }}>
      <Typography variant="h6" component="p" sx={{ mb: 1 }}>
        No clients yet
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Add them one by one, or import a spreadsheet of them as CSV.
      </Typography>
      {holds(permissions, 'clients:write') && (
        <Box sx={{ display: 'flex', gap: 1, justifyContent: 'center' }}>
          <CreateButton label="Add client" variant="contained" />
          <ImportClientsButton />
        </Box>
      )}
    </Box>
  );
}

export const ClientList = () => {
  const { permissions } = usePermissions();
  const canStart = holds(permissions, 'years:control');
  return (
    <List filters={clientFilters} actions={<ClientListActions />} sort={{ field: 'name', order: 'ASC' }} perPage={25} empty={<Empty />} title="Clients">
      <DataTable<Client> rowClick="show" bulkActionButtons={canStart ? <StartYearButton /> : false}>
        <Column source="name" label="Name" render={(c) => <Typography variant="body2" sx={{ fontWeight: 500 }}>{c.name}</Typography>} />
        <Column source="nino" label="NINO" render={(c) => <Box component="span" sx={{ fontFamily: 'monospace' }}>{c.nino ?? '–'}</Box>} />
        <Column source="utr" label="UTR" disableSort render={(c) => <Box component="span" sx={{ fontFamily: 'monospace' }}>{c.utr ?? '–'}</Box>} />
        <Column source="postcode" label="Postcode" disableSort render={(c) => c.postcode ?? '–'} />
        <Column
          source="agentType"
          label="We act as"
          render={(c) => <AgentTypeChip agentType={c.agentType} />}
        />
        <Column source="assigneeId" label="Assignee" disableSort>
          <ReferenceField source="assigneeId" reference="staff" link={false} emptyText="Not assigned">
            <TextField source="name" />
          </ReferenceField>
        </Column>
        <Column
          source="freeagentSubdomain"
          label="FreeAgent"
          disableSort
          render={(c) =>
            c.freeagentSubdomain ? (
              <Link href={`https://${c.freeagentSubdomain}.freeagent.com`} target="_blank" rel="noopener noreferrer" onClick={(e) => e.stopPropagation()}>
                {c.freeagentSubdomain}
              </Link>
            ) : (
              '–'
            )
          }
        />
        <Column
          source="approveAutomatically"
          label="Auto-approve"
          disableSort
          align="center"
          render={(c) => (c.approveAutomatically ? <CheckCircleIcon fontSize="small" color="success" titleAccess="Approved automatically" /> : <span aria-label="No">–</span>)}
        />
        <Column source="createdAt" label="Added" render={(c) => formatDate(c.createdAt.slice(0, 10))} />
      </DataTable>
    </List>
  );
};
