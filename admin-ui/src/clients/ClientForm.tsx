// Adding and changing a client. The API holds every rule (NINO, UTR, postcode, FreeAgent ids, a NINO that is already a
// client's): its 400 and 409 name each field and rule, and the form shows each rule under its field.
import type { ReactNode } from 'react';
import { Box, Divider, Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  Create,
  DeleteButton,
  Edit,
  HttpError,
  ReferenceInput,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  required,
  useCreate,
  useNotify,
  useRecordContext,
  useRedirect,
  useUpdate,
  type RaRecord,
} from 'react-admin';
import type { ApiErrorBody } from '../http';
import type { Client } from './types';

const CLIENT_FIELDS = ['name', 'nino', 'utr', 'agentType', 'postcode', 'freeagentSubdomain', 'freeagentUserId', 'approveAutomatically', 'assigneeId'];

/**
 * The API's refusal as react-hook-form submission errors: each field's rule under that field, and the API's message as
 * the form's own error (react-admin shows it in the notification). Null when the error is not the API's.
 */
export function submissionErrors(error: unknown): Record<string, unknown> | null {
  if (!(error instanceof HttpError)) return null;
  const body = (error.body ?? {}) as Partial<ApiErrorBody>;
  const errors: Record<string, string> = {};
  for (const { field, rule } of body.fields ?? []) {
    if (!CLIENT_FIELDS.includes(field)) continue;
    errors[field] = errors[field] ? `${errors[field]}; ${rule}` : rule;
  }
  const named = Object.keys(errors).length;
  const serverError = named > 0 ? `The client was not saved: ${named === 1 ? 'one field needs' : `${named} fields need`} changing, marked in red` : error.message;
  return { ...errors, root: { serverError } };
}

/** Empty text boxes mean 'none': null for the API (which refuses an empty NINO or postcode). */
function blankToNull(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && v.trim() === '' ? null : v]));
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Box sx={{ width: '100%', mb: 1 }}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {hint && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {hint}
        </Typography>
      )}
      <Box sx={{ display: 'grid', columnGap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(2, minmax(0, 1fr))' }, maxWidth: 860 }}>{children}</Box>
    </Box>
  );
}

function ClientFields() {
  return (
    <>
      <Section title="Client">
        <TextInput source="name" label="Name" validate={required('Every client needs a name')} helperText="As HMRC knows them, e.g. Jane Smith" />
        <ReferenceInput source="assigneeId" reference="staff" filter={{ active: true }} sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput label="Assignee" optionText="name" filterToQuery={(q: string) => ({ q })} helperText="The member of staff who looks after this client" />
        </ReferenceInput>
      </Section>
      <Divider flexItem sx={{ my: 2 }} />
      <Section title="HMRC" hint="The identifiers HMRC's services ask for. The postcode is the known fact an authorisation request is checked against.">
        <TextInput source="nino" label="National Insurance number" helperText="Two letters, six digits and A, B, C or D, e.g. AB123456C" />
        <TextInput source="utr" label="Self Assessment UTR" helperText="Ten digits" />
        <TextInput source="postcode" label="Postcode" helperText="The client's home postcode, e.g. SW1A 1AA" />
        <SelectInput
          source="agentType"
          label="We act as"
          choices={[
            { id: 'main', name: 'Main agent' },
            { id: 'supporting', name: 'Supporting agent' },
          ]}
          validate={required()}
          helperText="A supporting agent cannot calculate or make the final declaration"
        />
      </Section>
      <Divider flexItem sx={{ my: 2 }} />
      <Section title="FreeAgent" hint="When the client keeps their books in FreeAgent, each quarter's figures are read from there.">
        <TextInput source="freeagentSubdomain" label="FreeAgent subdomain" helperText="As in https://<subdomain>.freeagent.com" />
        <TextInput source="freeagentUserId" label="FreeAgent user id" helperText="Digits, as in /v2/users/<id>" />
      </Section>
      <Divider flexItem sx={{ my: 2 }} />
      <Section title="Practice">
        <BooleanInput
          source="approveAutomatically"
          label="Approve submissions automatically"
          helperText="The practice's standing approval: each quarter's figures go to HMRC without a reviewer"
          sx={{ gridColumn: '1 / -1' }}
        />
      </Section>
    </>
  );
}

export const ClientCreate = () => {
  const [create] = useCreate<Client>(undefined, undefined, { returnPromise: true });
  const notify = useNotify();
  const redirect = useRedirect();
  const save = async (values: Record<string, unknown>) => {
    try {
      const client = (await create('clients', { data: blankToNull(values) as Partial<Client> })) as Client;
      notify(`${client.name} added`, { type: 'success' });
      redirect('show', 'clients', client.id);
      return undefined;
    } catch (err) {
      const errors = submissionErrors(err);
      if (!errors) notify(err instanceof Error ? err.message : 'The client was not saved', { type: 'error' });
      return errors ?? undefined;
    }
  };
  return (
    <Create title="Add a client">
      <SimpleForm onSubmit={save} defaultValues={{ agentType: 'main', approveAutomatically: false, assigneeId: null }}>
        <ClientFields />
      </SimpleForm>
    </Create>
  );
};

function EditForm() {
  const record = useRecordContext<Client>();
  const [update] = useUpdate<Client>(undefined, undefined, { returnPromise: true, mutationMode: 'pessimistic' });
  const notify = useNotify();
  const redirect = useRedirect();
  if (!record) return null;
  const save = async (values: Record<string, unknown>) => {
    try {
      const client = (await update('clients', { id: record.id, data: blankToNull(values) as Partial<Client>, previousData: record })) as Client;
      notify(`${client.name} saved`, { type: 'success' });
      redirect('show', 'clients', record.id);
      return undefined;
    } catch (err) {
      const errors = submissionErrors(err);
      if (!errors) notify(err instanceof Error ? err.message : 'The client was not saved', { type: 'error' });
      return errors ?? undefined;
    }
  };
  return (
    <SimpleForm onSubmit={save} toolbar={<EditToolbar />}>
      <ClientFields />
    </SimpleForm>
  );
}

/** Save, and Delete only after a confirmation and the API's answer (a client with tax years is kept: 409). */
function EditToolbar() {
  return (
    <Toolbar sx={{ display: 'flex', justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteButton mutationMode="pessimistic" confirmTitle="Delete this client?" confirmContent="Only a client with no tax years can be deleted: a year's records are the practice's to keep." />
    </Toolbar>
  );
}

function ClientTitle() {
  const record = useRecordContext<RaRecord & { name?: string }>();
  return <span>{record?.name ? `Edit ${record.name}` : 'Edit client'}</span>;
}

export const ClientEdit = () => (
  <Edit title={<ClientTitle />} mutationMode="pessimistic">
    <EditForm />
  </Edit>
);
