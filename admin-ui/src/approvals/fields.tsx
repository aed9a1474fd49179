// Small pieces the steps screens share: a step's status as a coloured chip, its period, its due date (red when past),
// and who prepared it (a member of staff's name, or 'automation').
import { Chip, Tooltip, Typography } from '@mui/material';
import { ReferenceField, TextField, useRecordContext } from 'react-admin';
import { isStaffId, sentenceCase, type Step } from './types';

type ChipColour = 'default' | 'primary' | 'secondary' | 'error' | 'info' | 'success' | 'warning';

const STATUS_COLOURS: Record<string, ChipColour> = {
  'needs-attention': 'error',
  'awaiting-review': 'warning',
  'awaiting-preparer': 'info',
  'awaiting-figures': 'info',
  'awaiting-client': 'secondary',
  'in-progress': 'primary',
  done: 'success',
};

export function StepStatusChip({ status }: { status: string }) {
  return <Chip size="small" label={sentenceCase(status)} color={STATUS_COLOURS[status] ?? 'default'} variant={STATUS_COLOURS[status] ? 'filled' : 'outlined'} data-status={status} />;
}

export function StatusField() {
  const record = useRecordContext<Step>();
  return record ? <StepStatusChip status={record.status} /> : null;
}

/** 'YYYY-MM-DD' → '6 Apr 2026'. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function PeriodField() {
  const record = useRecordContext<Step>();
  if (!record?.periodStart || !record.periodEnd) return <Typography variant="body2" color="text.secondary">–</Typography>;
  return (
    <Typography variant="body2" noWrap>
      {formatDate(record.periodStart)} – {formatDate(record.periodEnd)}
    </Typography>
  );
}

/** Today in London, where HMRC's deadlines fall. */
export function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function DueDateField() {
  const record = useRecordContext<Step>();
  if (!record?.dueDate) return <Typography variant="body2" color="text.secondary">–</Typography>;
  const open = !['done', 'skipped', 'cancelled'].includes(record.status);
  const late = open && record.dueDate < londonToday();
  return (
    <Tooltip title={late ? 'Past its due date' : ''}>
      <Typography variant="body2" noWrap color={late ? 'error' : undefined} sx={{ fontWeight: late ? 600 : undefined }}>
        {formatDate(record.dueDate)}
      </Typography>
    </Tooltip>
  );
}

/** A staff id as the member of staff's name; anything else (automation, engine) as it is. */
export function StaffName({ id, empty = '–' }: { id: string | null | undefined; empty?: string }) {
  if (!id) return <Typography variant="body2" color="text.secondary" component="span">{empty}</Typography>;
  if (!isStaffId(id)) return <Typography variant="body2" component="span">{sentenceCase(id)}</Typography>;
  return (
    <ReferenceField record={{ id, staffId: id }} source="staffId" reference="staff" link={false}>
      <TextField source="name" variant="body2" />
    </ReferenceField>
  );
}

export function PreparedByField() {
  const record = useRecordContext<Step>();
  return <StaffName id={record?.preparedBy} />;
}
