// Every year's steps (the steps resource): filtered by status, milestone, kind, due date, whose clients, what needs
// attention and the client's name; sorted by due date, status or client. A row opens the client's tax year; a step
// that needs attention can be retried from its row.
import { Chip, Typography } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  DateInput,
  List,
  ReferenceInput,
  SearchInput,
  SelectArrayInput,
  SelectInput,
  TextField,
  TopToolbar,
  FilterButton,
  useRecordContext,
} from 'react-admin';
import { RetryButton } from './actions';
import { DueDateField, StatusField } from './fields';
import { kindChoices, milestoneChoices, milestoneName, nextActionOf, problemOf, statusChoices, type Step } from './types';

/** A filter that is on or off: its chip, shown while it is on (react-admin's documented quick filter). */
function QuickFilter({ label }: { source: string; label: string; defaultValue: unknown }) {
  return <Chip sx={{ mb: 1 }} label={label} />;
}

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Client name" />,
  <SelectArrayInput key="status" source="status" label="Status" choices={statusChoices} alwaysOn sx={{ minWidth: 200 }} />,
  <QuickFilter key="needsAttention" source="needsAttention" label="Needs attention" defaultValue={true} />,
  <SelectInput key="milestone" source="milestone" label="Milestone" choices={milestoneChoices} />,
  <SelectInput key="kind" source="kind" label="Kind" choices={kindChoices} />,
  <DateInput key="dueBefore" source="dueBefore" label="Due before" />,
  <ReferenceInput key="assigneeId" source="assigneeId" reference="staff" label="Assignee">
    <AutocompleteInput label="Assignee" optionText="name" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
];

function MilestoneField() {
  const record = useRecordContext<Step>();
  return <Typography variant="body2">{milestoneName(record?.milestone ?? null)}</Typography>;
}

function WhatNextField() {
  const record = useRecordContext<Step>();
  if (!record) return null;
  const problem = problemOf(record);
  if (problem) {
    return (
      <Typography variant="body2" color="error" sx={{ maxWidth: 380 }}>
        <strong>{problem.code}</strong>: {problem.message}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 380 }}>
      {nextActionOf(record) ?? ''}
    </Typography>
  );
}

function RowRetry() {
  return <RetryButton />;
}

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
  </TopToolbar>
);

export const StepList = () => (
  <List filters={filters} sort={{ field: 'dueDate', order: 'ASC' }} perPage={25} actions={<ListActions />} title="Steps">
    <DataTable
      rowClick={(_id, _resource, record) => `/tax-years/${(record as Step).taxYearId}/show`}
      bulkActionButtons={false}
      sx={{ '& .RaDataTable-headerCell': { whiteSpace: 'nowrap' } }}
    >
      <DataTable.Col source="clientName" label="Client" field={TextField} />
      <DataTable.Col source="title" label="Step" disableSort field={TextField} />
      <DataTable.Col source="milestone" label="Milestone" field={MilestoneField} />
      <DataTable.Col source="status" label="Status" field={StatusField} />
      <DataTable.Col source="dueDate" label="Due" field={DueDateField} />
      <DataTable.Col label="Next action or problem" disableSort field={WhatNextField} />
      <DataTable.Col label="" disableSort field={RowRetry} />
    </DataTable>
  </List>
);
