// The practice's staff: everyone may see who works here; an admin adds people, renames them, changes their role,
// deactivates them (the row stays: the audit trail names them) and resets a password. The API ends the person's
// sessions on a role change, deactivation or reset, and refuses to leave the practice without an active admin.
import { useState } from 'react';
import { Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField as MuiTextField } from '@mui/material';
import LockResetIcon from '@mui/icons-material/LockReset';
import { useMutation } from '@tanstack/react-query';
import {
  BooleanInput,
  Create,
  CreateButton,
  DataTable,
  DateField,
  Edit,
  email,
  List,
  ListButton,
  FilterButton,
  SaveButton,
  Toolbar,
  maxLength,
  minLength,
  NullableBooleanInput,
  PasswordInput,
  required,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  useNotify,
  usePermissions,
  useRecordContext,
} from 'react-admin';
import { holds } from '../authProvider';
import { api } from '../http';

interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'preparer' | 'reviewer';
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

const ROLE_CHOICES = [
  { id: 'admin', name: 'Admin: everything, including staff and connections' },
  { id: 'manager', name: 'Manager: clients, years, prepare and review' },
  { id: 'preparer', name: 'Preparer: enters figures and submits them' },
  { id: 'reviewer', name: 'Reviewer: approves or rejects' },
];
const ROLE_NAMES: Record<string, string> = { admin: 'Admin', manager: 'Manager', preparer: 'Preparer', reviewer: 'Reviewer' };
const ROLE_COLOURS = { admin: 'secondary', manager: 'primary', preparer: 'info', reviewer: 'warning' } as const;

/** The API's password rule: 12 to 200 characters. */
const passwordRules = [required(), minLength(12, 'At least 12 characters'), maxLength(200, 'At most 200 characters')];

function RoleField() {
  const record = useRecordContext<StaffMember>();
  if (!record) return null;
  return <Chip size="small" color={ROLE_COLOURS[record.role]} label={ROLE_NAMES[record.role] ?? record.role} />;
}

function ActiveField() {
  const record = useRecordContext<StaffMember>();
  if (!record) return null;
  return record.active ? <Chip size="small" color="success" variant="outlined" label="Active" /> : <Chip size="small" variant="outlined" label="Deactivated" />;
}

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name or email" />,
  <SelectInput key="role" source="role" label="Role" choices={Object.entries(ROLE_NAMES).map(([id, name]) => ({ id, name }))} alwaysOn />,
  <NullableBooleanInput key="active" source="active" label="Active" />,
];

function StaffListActions() {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      <FilterButton />
      {holds(permissions, 'staff:manage') && <CreateButton label="Add a member of staff" />}
    </TopToolbar>
  );
}

export const StaffList = () => {
  const { permissions } = usePermissions();
  const admin = holds(permissions, 'staff:manage');
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} actions={<StaffListActions />} title="Staff">
      <DataTable rowClick={admin ? 'edit' : false} bulkActionButtons={false}>
        <DataTable.Col source="name" label="Name" field={TextField} />
        <DataTable.Col source="email" label="Email" field={TextField} />
        <DataTable.Col source="role" label="Role" field={RoleField} />
        <DataTable.Col label="Status" disableSort field={ActiveField} />
        <DataTable.Col source="createdAt" label="Added">
          <DateField source="createdAt" locales="en-GB" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

function ResetPasswordButton() {
  const record = useRecordContext<StaffMember>();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const reset = useMutation<unknown, Error, string>({ mutationFn: (pw) => api(`/staff/${record!.id}/password`, { method: 'POST', body: { password: pw } }) });
  if (!record) return null;
  const tooShort = [...password].length < 12;
  return (
    <>
      <Button startIcon={<LockResetIcon />} onClick={() => setOpen(true)}>
        Reset password
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>Reset {record.name}'s password</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>Their sessions end at once. Tell them the new password another way than email.</DialogContentText>
          <MuiTextField
            autoFocus
            fullWidth
            type="password"
            name="newPassword"
            label="New password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            helperText="12 to 200 characters"
            autoComplete="new-password"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button
            variant="contained"
            disabled={tooShort || reset.isPending}
            onClick={() =>
              reset.mutate(password, {
                onSuccess: () => {
                  notify(`Password reset: ${record.name} must sign in again`, { type: 'success', messageArgs: { _: `Password reset: ${record.name} must sign in again` } });
                  setPassword('');
                  setOpen(false);
                },
                onError: (err) => notify(err.message, { type: 'error', messageArgs: { _: err.message } }),
              })
            }
          >
            Reset password
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

const EditActions = () => (
  <TopToolbar>
    <ResetPasswordButton />
    <ListButton />
  </TopToolbar>
);

const StaffTitle = () => {
  const record = useRecordContext<StaffMember>();
  return <span>Staff: {record?.name}</span>;
};

/** Save only: deactivating is the Active switch (DELETE would do the same, but 'Delete' says something else). */
const EditToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

export const StaffEdit = () => (
  // Pessimistic: the API may refuse (the last active admin), and the refusal is what staff must read.
  <Edit mutationMode="pessimistic" actions={<EditActions />} title={<StaffTitle />}>
    <SimpleForm toolbar={<EditToolbar />} sx={{ maxWidth: 640 }}>
      <TextInput source="email" label="Email" readOnly helperText="A new address is a new member of staff" />
      <TextInput source="name" label="Name" validate={[required(), maxLength(200)]} />
      <SelectInput source="role" label="Role" choices={ROLE_CHOICES} validate={required()} helperText="Changing the role ends their sessions" />
      <BooleanInput source="active" label="Active (may sign in)" helperText="Deactivating ends their sessions; the record stays for the audit trail" />
    </SimpleForm>
  </Edit>
);

export const StaffCreate = () => (
  <Create redirect="list" title="Add a member of staff">
    <SimpleForm sx={{ maxWidth: 640 }}>
      <TextInput source="email" label="Email" type="email" validate={[required(), email()]} autoComplete="off" />
      <TextInput source="name" label="Name" validate={[required(), maxLength(200)]} />
      <SelectInput source="role" label="Role" choices={ROLE_CHOICES} validate={required()} />
      <PasswordInput source="password" label="Password" validate={passwordRules} helperText="12 to 200 characters; tell them it another way than email" autoComplete="new-password" />
    </SimpleForm>
  </Create>
);
