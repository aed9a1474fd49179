// Tax years: the practice's years in a list (stage, next deadline, how far each has got) and one year as its timeline.
import { Box, LinearProgress, Link, Typography } from '@mui/material';
import { DataTable, List, SearchInput, SelectInput, Show, TopToolbar, useRecordContext, type ListProps } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { STAGE_LABELS, STAGE_ORDER, StageChip, StatusChip, TAX_YEARS, TONES, daysBetween, formatDate, formatDateTime, londonToday } from './format';
import type { TaxYear, TaxYearRow } from './types';
import { YearTimeline } from './YearTimeline';

export { YearTimeline } from './YearTimeline';

const taxYearFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Client name" />,
  <SelectInput key="taxYear" source="taxYear" label="Tax year" choices={TAX_YEARS.map((y) => ({ id: y, name: y }))} alwaysOn />,
  <SelectInput key="stage" source="stage" label="Stage" choices={STAGE_ORDER.map((s) => ({ id: s, name: STAGE_LABELS[s] }))} alwaysOn />,
];

/** A deadline with how near it is: 'in 5 days', 'today', '3 days ago' (in red while the year still has it open). */
export function DeadlineText({ date }: { date: string | null }) {
  if (!date) return <Typography variant="body2" color="text.secondary">None</Typography>;
  const days = daysBetween(londonToday(), date);
  const near = days < 0 ? `${-days} day${days === -1 ? '' : 's'} ago` : days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  return (
    <Box>
      <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
        {formatDate(date)}
      </Typography>
      <Typography variant="caption" sx={{ color: days < 0 ? TONES.attention.text : days <= 14 ? TONES.client.text : 'text.secondary', fontWeight: days <= 14 ? 600 : 400 }}>
        {near}
      </Typography>
    </Box>
  );
}

/** Steps done out of all, as a small bar. */
export function StepProgress({ row }: { row: TaxYearRow }) {
  const { total, done } = row.stepCounts;
  return (
    <Box sx={{ minWidth: 110 }}>
      <LinearProgress variant="determinate" value={total ? (done / total) * 100 : 0} color="success" sx={{ height: 6, borderRadius: 3 }} aria-label={`${done} of ${total} steps done`} />
      <Typography variant="caption" color="text.secondary">
        {done} of {total} done
      </Typography>
    </Box>
  );
}

const Column = DataTable.Col<TaxYearRow>;

export const TaxYearList = (props: ListProps) => (
  <List {...props} filters={taxYearFilters} sort={{ field: 'nextDeadline', order: 'ASC' }} perPage={25} title="Tax years" exporter={false}>
    <DataTable<TaxYearRow> rowClick="show" bulkActionButtons={false}>
      <Column
        source="clientName"
        label="Client"
        render={(r) => (
          <Link component={RouterLink} to={`/clients/${r.clientId}/show`} onClick={(e) => e.stopPropagation()} sx={{ fontWeight: 500 }}>
            {r.clientName}
          </Link>
        )}
      />
      <Column source="taxYear" label="Tax year" />
      <Column source="stage" label="Stage" render={(r) => <StageChip stage={r.stage} />} />
      <Column source="nextDeadline" label="Next deadline" render={(r) => <DeadlineText date={r.nextDeadline} />} />
      <Column label="Steps" disableSort render={(r) => <StepProgress row={r} />} />
      <Column
        label="Needs attention"
        disableSort
        align="center"
        render={(r) => (r.stepCounts.needsAttention > 0 ? <StatusChip status="needs-attention" label={String(r.stepCounts.needsAttention)} /> : <Typography color="text.secondary">–</Typography>)}
      />
      <Column source="updatedAt" label="Updated" render={(r) => <Typography variant="body2">{formatDateTime(r.updatedAt)}</Typography>} />
    </DataTable>
  </List>
);

function TaxYearTitle() {
  const year = useRecordContext<TaxYear>();
  return <span>{year ? `${year.clientName}: ${year.taxYear}` : 'Tax year'}</span>;
}

function TaxYearBody() {
  const year = useRecordContext<TaxYear>();
  if (!year) return null;
  return (
    <Box sx={{ mt: 1 }}>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        <Link component={RouterLink} to={`/clients/${year.clientId}/show`} underline="hover">
          {year.clientName}
        </Link>
      </Typography>
      <YearTimeline year={year} />
    </Box>
  );
}

export const TaxYearShow = () => (
  <Show title={<TaxYearTitle />} component="div" actions={<TopToolbar />}>
    <TaxYearBody />
  </Show>
);
