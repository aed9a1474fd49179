// Where the practice stands, for managers: the year's milestones by status, what falls due in the next 14 and 30 days,
// what needs attention, how the work bunches up by deadline, the years by stage and the open alerts. One API call
// (GET /api/dashboard), counted by PostgreSQL; every number opens the list it counts.
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Card,
  CardContent,
  CardHeader,
  CircularProgress,
  Link,
  MenuItem,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import PeopleIcon from '@mui/icons-material/People';
import EventNoteIcon from '@mui/icons-material/EventNote';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import AlarmIcon from '@mui/icons-material/Alarm';
import EventIcon from '@mui/icons-material/Event';
import DateRangeIcon from '@mui/icons-material/DateRange';
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import { Title, useStore } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { api } from '../http';
import { CURRENT_TAX_YEAR, MILESTONE_LABELS, STAGE_LABELS, STAGE_ORDER, StatusChip, TAX_YEARS, TONES, daysBetween, formatDate, humanise, stageTone } from '../taxYears/format';
import { DeadlineChart } from './DeadlineChart';
import { clientYearLink, listLink } from './links';
import { MilestoneMatrix, ToneLegend } from './MilestoneMatrix';
import type { DashboardData, DashboardStep } from './types';

const ALL_YEARS = 'all';
const OPEN_STATUSES = ['scheduled', 'waiting', 'awaiting-figures', 'awaiting-preparer', 'awaiting-review', 'awaiting-client', 'in-progress', 'needs-attention'];

const ALERT_LABELS: Record<string, { label: string; hint: string }> = {
  'deadline-at-risk': { label: 'Deadlines at risk', hint: 'A step still open three days before it is due' },
  reconnect: { label: 'Reconnect needed', hint: 'HMRC or FreeAgent refused the practice’s connection' },
  'api-deprecation': { label: 'HMRC API deprecations', hint: 'An HMRC API version the engine uses is being withdrawn' },
};

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function useDashboard(taxYear: string, asOf: string) {
  const params = new URLSearchParams();
  if (taxYear !== ALL_YEARS) params.set('taxYear', taxYear);
  if (asOf) params.set('asOf', asOf);
  return useQuery({
    queryKey: ['dashboard', taxYear, asOf],
    queryFn: () => api<DashboardData>(`/dashboard${params.size ? `?${params.toString()}` : ''}`),
    refetchInterval: 60_000,
  });
}

function Kpi({ icon, label, value, to, tone, testId }: { icon: ReactNode; label: string; value: number; to: string; tone?: keyof typeof TONES; testId: string }) {
  const colours = tone && value > 0 ? TONES[tone] : null;
  return (
    <Card variant="outlined" sx={{ borderColor: colours?.main, bgcolor: colours?.light }}>
      <Link component={RouterLink} to={to} underline="none" color="inherit" sx={{ display: 'flex', alignItems: 'center', gap: 1.5, p: 2 }} data-testid={testId}>
        <Box sx={{ color: colours?.main ?? 'primary.main', display: 'flex' }}>{icon}</Box>
        <Box>
          <Typography variant="h5" component="div" sx={{ fontWeight: 600, lineHeight: 1.1, color: colours?.text, fontVariantNumeric: 'tabular-nums' }} data-count>
            {value.toLocaleString('en-GB')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {label}
          </Typography>
        </Box>
      </Link>
    </Card>
  );
}

function Panel({ title, subheader, action, children, testId }: { title: string; subheader?: string; action?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card variant="outlined" data-testid={testId} sx={{ height: '100%' }}>
      <CardHeader title={title} subheader={subheader} action={action} slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 600 } }, subheader: { variant: 'body2' } }} />
      <CardContent sx={{ pt: 0 }}>{children}</CardContent>
    </Card>
  );
}

function StepTable({ steps, count, asOf, more, empty }: { steps: DashboardStep[]; count: number; asOf: string; more: string; empty: string }) {
  if (steps.length === 0) return <Typography color="text.secondary">{empty}</Typography>;
  return (
    <>
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell sx={{ pl: 0 }}>Due</TableCell>
              <TableCell>Client</TableCell>
              <TableCell>Step</TableCell>
              <TableCell sx={{ pr: 0 }}>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {steps.map((s) => {
              const days = s.dueDate ? daysBetween(asOf, s.dueDate) : null;
              return (
                <TableRow key={s.stepId} hover data-step={s.stepId}>
                  <TableCell sx={{ pl: 0, whiteSpace: 'nowrap' }}>
                    <Typography variant="body2">{formatDate(s.dueDate)}</Typography>
                    {days !== null && (
                      <Typography variant="caption" sx={{ color: days < 0 ? TONES.attention.text : days <= 3 ? TONES.client.text : 'text.secondary' }}>
                        {days < 0 ? `${-days} days late` : days === 0 ? 'due today' : `in ${days} day${days === 1 ? '' : 's'}`}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <Link component={RouterLink} to={clientYearLink(s.clientId, s.taxYearId)} sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
                      {s.clientName}
                    </Link>
                    <Typography variant="caption" color="text.secondary" component="div">
                      {s.taxYear}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <Link component={RouterLink} to={clientYearLink(s.clientId, s.taxYearId)} color="inherit" underline="hover">
                      {s.title ?? '(untitled step)'}
                    </Link>
                    {s.milestone && (
                      <Typography variant="caption" color="text.secondary" component="div">
                        {MILESTONE_LABELS[s.milestone] ?? s.milestone}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ pr: 0 }}>
                    <StatusChip status={s.status} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
      {count > steps.length && (
        <Link component={RouterLink} to={more} variant="body2" sx={{ display: 'inline-block', mt: 1 }}>
          The {steps.length} soonest of {count.toLocaleString('en-GB')}: see them all
        </Link>
      )}
    </>
  );
}

function Deadlines({ data }: { data: DashboardData }) {
  const [tab, setTab] = useState<'14' | '30' | 'overdue'>('14');
  const { next14Days, next30Days, next30DaysSteps, overdue } = data.deadlines;
  const plus = (days: number) => addDays(data.asOf, days);
  const lists = {
    '14': { steps: next14Days.steps, count: next14Days.count, more: listLink('steps', { dueBefore: plus(14), status: OPEN_STATUSES }, { field: 'dueDate', order: 'ASC' }), empty: 'Nothing falls due in the next 14 days.' },
    '30': { steps: next30DaysSteps, count: next30Days.count, more: listLink('steps', { dueBefore: plus(30), status: OPEN_STATUSES }, { field: 'dueDate', order: 'ASC' }), empty: 'Nothing falls due in the next 30 days.' },
    overdue: { steps: overdue.steps, count: overdue.count, more: listLink('steps', { dueBefore: data.asOf, status: OPEN_STATUSES }, { field: 'dueDate', order: 'ASC' }), empty: 'Nothing is overdue.' },
  }[tab];
  return (
    <Panel title="Deadlines" subheader="Open steps by due date: link to the client's year" testId="deadlines">
      <Tabs value={tab} onChange={(_, v: '14' | '30' | 'overdue') => setTab(v)} sx={{ mb: 1, minHeight: 36, '& .MuiTab-root': { minHeight: 36, py: 0.5 } }}>
        <Tab value="14" label={`Next 14 days (${next14Days.count})`} />
        <Tab value="30" label={`Next 30 days (${next30Days.count})`} />
        <Tab value="overdue" label={`Overdue (${overdue.count})`} sx={overdue.count ? { color: TONES.attention.text } : undefined} />
      </Tabs>
      <StepTable {...lists} asOf={data.asOf} />
    </Panel>
  );
}

function Stages({ data, taxYear }: { data: DashboardData; taxYear: string }) {
  const max = Math.max(1, ...Object.values(data.taxYears.byStage));
  const stages = STAGE_ORDER.filter((s) => (data.taxYears.byStage[s] ?? 0) > 0 || !['not-in-mtd', 'cancelled', 'starting'].includes(s));
  return (
    <Panel title="Tax years by stage" subheader={`${data.taxYears.total.toLocaleString('en-GB')} years`} testId="stages">
      <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(110px, auto) 1fr auto', alignItems: 'center', columnGap: 1.5, rowGap: 0.75 }}>
        {stages.map((stage) => {
          const n = data.taxYears.byStage[stage] ?? 0;
          const tone = TONES[stageTone(stage)];
          return (
            <Box key={stage} sx={{ display: 'contents' }} data-stage={stage}>
              <Link component={RouterLink} to={listLink('tax-years', taxYear === ALL_YEARS ? { stage } : { stage, taxYear })} variant="body2" color="inherit" underline="hover">
                {STAGE_LABELS[stage] ?? humanise(stage)}
              </Link>
              <Box sx={{ height: 10, borderRadius: 5, bgcolor: 'action.hover', overflow: 'hidden' }}>
                <Box sx={{ height: '100%', width: `${(n / max) * 100}%`, bgcolor: tone.main }} />
              </Box>
              <Typography variant="body2" sx={{ fontWeight: 600, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }} data-count>
                {n.toLocaleString('en-GB')}
              </Typography>
            </Box>
          );
        })}
      </Box>
    </Panel>
  );
}

function Alerts({ open }: { open: Record<string, number> }) {
  const total = Object.values(open).reduce((a, b) => a + b, 0);
  return (
    <Panel title="Open alerts" subheader={total ? `${total} to deal with` : 'None open'} testId="alerts">
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {Object.entries(open).map(([kind, n]) => (
          <Box component="li" key={kind} sx={{ display: 'flex', alignItems: 'center', gap: 1.5, py: 0.75, borderBottom: 1, borderColor: 'divider', '&:last-of-type': { borderBottom: 0 } }}>
            <NotificationsActiveIcon fontSize="small" sx={{ color: n ? TONES.attention.main : 'text.disabled' }} />
            <Box sx={{ flex: 1 }}>
              <Link component={RouterLink} to={listLink('alerts', { kind, open: true })} variant="body2" sx={{ fontWeight: 500 }}>
                {ALERT_LABELS[kind]?.label ?? humanise(kind)}
              </Link>
              <Typography variant="caption" color="text.secondary" component="div">
                {ALERT_LABELS[kind]?.hint ?? ''}
              </Typography>
            </Box>
            <Typography variant="h6" component="span" sx={{ color: n ? TONES.attention.text : 'text.disabled', fontVariantNumeric: 'tabular-nums' }} data-kind={kind}>
              {n}
            </Typography>
          </Box>
        ))}
      </Box>
    </Panel>
  );
}

function Filters({ taxYear, setTaxYear, asOf, setAsOf, shownAsOf }: { taxYear: string; setTaxYear: (v: string) => void; asOf: string; setAsOf: (v: string) => void; shownAsOf?: string }) {
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2, mb: 2 }}>
      <Box sx={{ flex: 1, minWidth: 240 }}>
        <Typography variant="h5" component="h1">
          Where the practice stands
        </Typography>
        {shownAsOf && (
          <Typography variant="body2" color="text.secondary" data-testid="as-of">
            As of {formatDate(shownAsOf)}
            {asOf ? '' : ' (today)'}
          </Typography>
        )}
      </Box>
      <TextField select size="small" label="Tax year" value={taxYear} onChange={(e) => setTaxYear(e.target.value)} fullWidth={false} sx={{ width: 160 }} slotProps={{ htmlInput: { 'data-testid': 'tax-year-select' } }}>
        {TAX_YEARS.map((y) => (
          <MenuItem key={y} value={y}>
            {y}
          </MenuItem>
        ))}
        <MenuItem value={ALL_YEARS}>All years</MenuItem>
      </TextField>
      <TextField
        type="date"
        size="small"
        label="As of"
        value={asOf}
        onChange={(e) => setAsOf(e.target.value)}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'aria-label': 'As of', name: 'asOf' } }}
        fullWidth={false}
        sx={{ width: 170 }}
      />
    </Box>
  );
}

export function Dashboard() {
  const [taxYear, setTaxYear] = useStore<string>('dashboard.taxYear', CURRENT_TAX_YEAR);
  const [asOf, setAsOf] = useState('');
  const { data, error, isPending } = useDashboard(taxYear, asOf);
  const yearFilter = taxYear === ALL_YEARS ? {} : { taxYear };

  return (
    <Box sx={{ mt: 2, mb: 4 }}>
      <Title title="Dashboard" />
      <Filters taxYear={taxYear} setTaxYear={setTaxYear} asOf={asOf} setAsOf={setAsOf} shownAsOf={data?.asOf} />
      {error && <Alert severity="error">The dashboard could not be read: {error instanceof Error ? error.message : String(error)}</Alert>}
      {isPending && <CircularProgress aria-label="Loading the dashboard" />}
      {data && (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(12, minmax(0, 1fr))' }}>
          <Box sx={{ gridColumn: '1 / -1', display: 'grid', gap: 2, gridTemplateColumns: { xs: 'repeat(2, 1fr)', md: 'repeat(3, 1fr)', xl: 'repeat(6, 1fr)' } }}>
            <Kpi icon={<PeopleIcon />} label="Clients" value={data.clients.total} to="/clients" testId="kpi-clients" />
            <Kpi icon={<EventNoteIcon />} label={taxYear === ALL_YEARS ? 'Tax years' : `${taxYear} years`} value={data.taxYears.total} to={listLink('tax-years', yearFilter)} testId="kpi-years" />
            <Kpi icon={<ReportProblemIcon />} label="Steps need attention" value={data.needsAttention.count} to={listLink('steps', { status: 'needs-attention' })} tone="attention" testId="kpi-attention" />
            <Kpi icon={<AlarmIcon />} label="Steps overdue" value={data.deadlines.overdue.count} to={listLink('steps', { dueBefore: data.asOf, status: OPEN_STATUSES })} tone="attention" testId="kpi-overdue" />
            <Kpi icon={<EventIcon />} label="Due in 14 days" value={data.deadlines.next14Days.count} to={listLink('steps', { dueBefore: addDays(data.asOf, 14), status: OPEN_STATUSES }, { field: 'dueDate', order: 'ASC' })} tone="client" testId="kpi-14" />
            <Kpi icon={<DateRangeIcon />} label="Due in 30 days" value={data.deadlines.next30Days.count} to={listLink('steps', { dueBefore: addDays(data.asOf, 30), status: OPEN_STATUSES }, { field: 'dueDate', order: 'ASC' })} testId="kpi-30" />
          </Box>

          <Box sx={{ gridColumn: '1 / -1' }}>
            <Panel title="Progress by milestone" subheader="Steps of the year's milestones by status: a number opens those steps" action={<Box sx={{ pt: 1, pr: 1 }}><ToneLegend /></Box>} testId="matrix">
              <MilestoneMatrix matrix={data.matrix} />
            </Panel>
          </Box>

          <Box sx={{ gridColumn: { xs: '1 / -1', lg: 'span 7' } }}>
            <Deadlines data={data} />
          </Box>
          <Box sx={{ gridColumn: { xs: '1 / -1', lg: 'span 5' } }}>
            <Panel title="Needs attention" subheader={`${data.needsAttention.count} step${data.needsAttention.count === 1 ? '' : 's'} waiting for staff: HMRC refused them or they ran out of retries`} testId="needs-attention">
              <StepTable
                steps={data.needsAttention.steps}
                count={data.needsAttention.count}
                asOf={data.asOf}
                more={listLink('steps', { status: 'needs-attention' }, { field: 'dueDate', order: 'ASC' })}
                empty="Nothing needs attention."
              />
            </Panel>
          </Box>

          <Box sx={{ gridColumn: { xs: '1 / -1', lg: 'span 8' } }}>
            <Panel title="Steps by deadline" subheader="Each due date's steps, stacked by status" testId="chart">
              <DeadlineChart byDeadline={data.byDeadline} asOf={data.asOf} />
              <Box sx={{ mt: 1 }}>
                <ToneLegend tones={['done', 'active', 'client', 'attention', 'waiting']} />
              </Box>
            </Panel>
          </Box>
          <Box sx={{ gridColumn: { xs: '1 / -1', lg: 'span 4' }, display: 'flex', flexDirection: 'column', gap: 2 }}>
            <Stages data={data} taxYear={taxYear} />
            <Alerts open={data.alerts.open} />
          </Box>
        </Box>
      )}
    </Box>
  );
}
