// Alerts (what the practice must see: an HMRC API being retired, a connection to renew, a deadline at risk) and the
// audit trail (who did what, when, to what, with the record before and after, shown as a field-by-field difference).
import { Box, Chip, Typography } from '@mui/material';
import {
  DataTable,
  DateField,
  DateTimeInput,
  List,
  NullableBooleanInput,
  SelectInput,
  TextField,
  TextInput,
  useGetList,
  useRecordContext,
} from 'react-admin';
import { JsonDiff } from './JsonDiff';

interface Alert {
  id: string;
  kind: 'api-deprecation' | 'reconnect' | 'deadline-at-risk';
  key: string;
  message: string;
  details: unknown;
  open: boolean;
  createdAt: string;
  resolvedAt: string | null;
}

interface AuditEvent {
  id: string;
  occurredAt: string;
  actor: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

const ALERT_KINDS = [
  { id: 'deadline-at-risk', name: 'Deadline at risk' },
  { id: 'reconnect', name: 'Reconnect needed' },
  { id: 'api-deprecation', name: 'HMRC API being retired' },
];
const KIND_NAMES = Object.fromEntries(ALERT_KINDS.map((k) => [k.id, k.name]));
const KIND_COLOURS = { 'deadline-at-risk': 'warning', reconnect: 'error', 'api-deprecation': 'info' } as const;

function AlertKindField() {
  const record = useRecordContext<Alert>();
  if (!record) return null;
  return <Chip size="small" color={KIND_COLOURS[record.kind] ?? 'default'} label={KIND_NAMES[record.kind] ?? record.kind} />;
}

function ResolvedField() {
  const record = useRecordContext<Alert>();
  if (!record) return null;
  if (record.open) return <Chip size="small" color="error" variant="outlined" label="Open" />;
  return <DateField source="resolvedAt" showTime locales="en-GB" />;
}

function AlertDetails() {
  const record = useRecordContext<Alert>();
  if (!record?.details) return <Typography variant="body2" color="text.secondary">No details.</Typography>;
  return (
    <Box component="pre" sx={{ m: 0, p: 1, fontSize: 12, whiteSpace: 'pre-wrap', bgcolor: 'action.hover', borderRadius: 1 }}>
      {JSON.stringify(record.details, null, 2)}
    </Box>
  );
}

const alertFilters = [
  <NullableBooleanInput key="open" source="open" label="Open" alwaysOn nullLabel="All" trueLabel="Open only" falseLabel="Resolved only" />,
  <SelectInput key="kind" source="kind" label="Kind" choices={ALERT_KINDS} alwaysOn />,
];

export const AlertList = () => (
  <List filters={alertFilters} filterDefaultValues={{ open: true }} sort={{ field: 'createdAt', order: 'DESC' }} title="Alerts" actions={false}>
    <DataTable rowClick="expand" expand={<AlertDetails />} bulkActionButtons={false}>
      <DataTable.Col source="kind" label="Kind" field={AlertKindField} />
      <DataTable.Col source="message" label="Message" disableSort field={TextField} />
      <DataTable.Col source="createdAt" label="Raised">
        <DateField source="createdAt" showTime locales="en-GB" />
      </DataTable.Col>
      <DataTable.Col label="Resolved" disableSort field={ResolvedField} />
    </DataTable>
  </List>
);

const ENTITY_TYPES = [
  { id: 'step', name: 'Step' },
  { id: 'tax_year', name: 'Tax year' },
  { id: 'client', name: 'Client' },
  { id: 'clients', name: 'Clients (import)' },
  { id: 'staff', name: 'Staff' },
];

/** Who acted: the practice's staff, and the engine's own actors. */
function ActorInput(props: { source: string; label: string; alwaysOn?: boolean }) {
  const { data } = useGetList<{ id: string; name: string }>('staff', { pagination: { page: 1, perPage: 500 }, sort: { field: 'name', order: 'ASC' } });
  const choices = [...(data ?? []).map((s) => ({ id: s.id, name: s.name })), { id: 'engine', name: 'Engine' }, { id: 'automation', name: 'Automation' }, { id: 'cli', name: 'Command line' }];
  return <SelectInput {...props} choices={choices} />;
}

/** datetime-local gives a local time without an offset; the API wants an instant. */
const toInstant = (value: string) => (value ? new Date(value).toISOString() : undefined);

const auditFilters = [
  <ActorInput key="actor" source="actor" label="Actor" alwaysOn />,
  <TextInput key="action" source="action" label="Action" helperText="Exact, or a prefix ending in '.' (step.)" alwaysOn />,
  <SelectInput key="entityType" source="entityType" label="Entity type" choices={ENTITY_TYPES} alwaysOn />,
  <TextInput key="entityId" source="entityId" label="Entity id" />,
  <DateTimeInput key="from" source="from" label="From" parse={toInstant} />,
  <DateTimeInput key="to" source="to" label="To" parse={toInstant} />,
];

function EntityField() {
  const record = useRecordContext<AuditEvent>();
  if (!record) return null;
  return (
    <Box>
      <Typography variant="body2">{ENTITY_TYPES.find((e) => e.id === record.entityType)?.name ?? record.entityType}</Typography>
      <Typography variant="caption" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
        {record.entityId}
      </Typography>
    </Box>
  );
}

function AuditDiff() {
  const record = useRecordContext<AuditEvent>();
  if (!record) return null;
  return <JsonDiff before={record.before} after={record.after} />;
}

export const AuditEventList = () => (
  <List filters={auditFilters} sort={{ field: 'occurredAt', order: 'DESC' }} title="Audit trail" actions={false} perPage={50}>
    <DataTable rowClick="expand" expand={<AuditDiff />} bulkActionButtons={false}>
      <DataTable.Col source="occurredAt" label="When">
        <DateField source="occurredAt" showTime locales="en-GB" />
      </DataTable.Col>
      <DataTable.Col source="actor" label="Who" field={ActorNameField} />
      <DataTable.Col source="action" label="Action" field={TextField} />
      <DataTable.Col label="What" disableSort field={EntityField} />
    </DataTable>
  </List>
);

function ActorNameField() {
  const record = useRecordContext<AuditEvent>();
  return <Typography variant="body2">{record?.actorName}</Typography>;
}
