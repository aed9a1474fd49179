// The practice's progress through the year: milestones across (setup, the quarters, year end, the declaration,
// payments), statuses down, each cell the number of steps coloured by what its status means and opening those steps.
import { Box, Link, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import { MILESTONE_LABELS, STEP_STATUS_ORDER, TONES, statusLabel, statusTone, type StatusTone } from '../taxYears/format';
import { listLink } from './links';
import type { DashboardData } from './types';

const TONE_ORDER: StatusTone[] = ['done', 'active', 'client', 'attention', 'waiting', 'closed'];

function MilestoneBar({ byStatus, total }: { byStatus: Record<string, number>; total: number }) {
  const byTone = new Map<StatusTone, number>();
  for (const [status, n] of Object.entries(byStatus)) byTone.set(statusTone(status), (byTone.get(statusTone(status)) ?? 0) + n);
  const done = byTone.get('done') ?? 0;
  return (
    <Tooltip title={total ? TONE_ORDER.filter((t) => byTone.get(t)).map((t) => `${TONES[t].label}: ${byTone.get(t)}`).join(' · ') : 'No steps'}>
      <Box>
        <Box sx={{ display: 'flex', height: 8, borderRadius: 4, overflow: 'hidden', bgcolor: 'action.hover' }} aria-hidden>
          {TONE_ORDER.map((t) => {
            const n = byTone.get(t) ?? 0;
            return n ? <Box key={t} sx={{ width: `${(n / total) * 100}%`, bgcolor: TONES[t].main }} /> : null;
          })}
        </Box>
        <Typography variant="caption" color="text.secondary">
          {total ? `${Math.round((done / total) * 100)}% done` : 'none'}
        </Typography>
      </Box>
    </Tooltip>
  );
}

export function MilestoneMatrix({ matrix }: { matrix: DashboardData['matrix'] }) {
  // Statuses no step has are left out, bar the ones a year always passes through.
  const statuses = STEP_STATUS_ORDER.filter((s) => ['needs-attention', 'awaiting-client', 'done', 'scheduled'].includes(s) || matrix.some((m) => (m.byStatus[s] ?? 0) > 0));
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Steps by milestone and status" sx={{ '& td, & th': { px: 1 } }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ minWidth: 150 }}>Status</TableCell>
            {matrix.map((m) => (
              <TableCell key={m.milestone} align="center" sx={{ minWidth: 92, verticalAlign: 'bottom' }}>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {MILESTONE_LABELS[m.milestone] ?? m.milestone}
                </Typography>
                <MilestoneBar byStatus={m.byStatus} total={m.total} />
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {statuses.map((status) => {
            const tone = TONES[statusTone(status)];
            return (
              <TableRow key={status} data-status={status}>
                <TableCell component="th" scope="row">
                  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                    <Box sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: tone.main, flexShrink: 0 }} />
                    <Typography variant="body2">{statusLabel(status)}</Typography>
                  </Box>
                </TableCell>
                {matrix.map((m) => {
                  const n = m.byStatus[status] ?? 0;
                  return (
                    <TableCell key={m.milestone} align="center" data-milestone={m.milestone} sx={{ p: 0.5 }}>
                      {n > 0 ? (
                        <Link
                          component={RouterLink}
                          to={listLink('steps', { milestone: m.milestone, status })}
                          underline="none"
                          aria-label={`${MILESTONE_LABELS[m.milestone] ?? m.milestone}, ${statusLabel(status)}: ${n}`}
                          sx={{
                            display: 'block',
                            py: 0.5,
                            borderRadius: 1,
                            fontWeight: 600,
                            fontVariantNumeric: 'tabular-nums',
                            bgcolor: tone.light,
                            color: tone.text,
                            border: `1px solid ${tone.main}`,
                            '&:hover': { bgcolor: tone.main, color: '#fff' },
                          }}
                        >
                          {n.toLocaleString('en-GB')}
                        </Link>
                      ) : (
                        <Typography variant="body2" sx={{ color: 'text.disabled', py: 0.5 }}>
                          ·
                        </Typography>
                      )}
                    </TableCell>
                  );
                })}
              </TableRow>
            );
          })}
          <TableRow>
            <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
              Steps
            </TableCell>
            {matrix.map((m) => (
              <TableCell key={m.milestone} align="center" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
                {m.total.toLocaleString('en-GB')}
              </TableCell>
            ))}
          </TableRow>
        </TableBody>
      </Table>
    </Box>
  );
}

export function ToneLegend({ tones = TONE_ORDER }: { tones?: StatusTone[] }) {
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }} aria-label="Colours">
      {tones.map((t) => (
        <Box key={t} sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
          <Box sx={{ width: 12, height: 12, borderRadius: 0.5, bgcolor: TONES[t].main }} />
          <Typography variant="caption">{TONES[t].label}</Typography>
        </Box>
      ))}
    </Box>
  );
}
