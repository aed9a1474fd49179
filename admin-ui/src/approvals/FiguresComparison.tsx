// A step's figures beside the previous quarter's: labelled rows grouped by section, pounds and pence, the difference,
// and highlights where a reviewer should look (a swing over 20%, a field new or missing, a year to date that fell).
import { Fragment } from 'react';
import { Alert, Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetList } from 'react-admin';
import { compareFigures, isCumulativeYear, SWING_PERCENT, type ComparedRow, type Highlight } from './figures';
import { formatPence, formatPenceChange } from './money';
import type { FigureTree, Step } from './types';

const HIGHLIGHTS: Record<Highlight, { colour: 'warning' | 'info' | 'error'; label: (row: ComparedRow) => string }> = {
  up: { colour: 'warning', label: (r) => (r.percent === null ? 'Up from nil' : `Up ${Math.round(r.percent)}%`) },
  down: { colour: 'warning', label: (r) => `Down ${Math.round(Math.abs(r.percent ?? 0))}%` },
  new: { colour: 'info', label: () => 'New this quarter' },
  missing: { colour: 'error', label: () => 'Missing this quarter' },
  fell: { colour: 'error', label: () => 'Year to date fell' },
};

const ROW_TINT: Record<'warning' | 'info' | 'error', string> = { warning: 'rgba(237, 108, 2, 0.08)', info: 'rgba(2, 136, 209, 0.08)', error: 'rgba(211, 47, 47, 0.08)' };

function quarterOf(step: Step): number | null {
  const match = /^q([1-4])$/.exec(step.milestone ?? '');
  return match ? Number(match[1]) : null;
}

/** The previous quarter's own previous figures (the quarter before it), for Q3 and Q4 of cumulative years. */
function useBeforePrevious(step: Step, needed: boolean): { figures: FigureTree | null | undefined; loading: boolean } {
  const quarter = quarterOf(step);
  const { data, isPending } = useGetList<Step>(
    'steps',
    { filter: { taxYearId: step.taxYearId, kind: 'quarterly-update', milestone: `q${(quarter ?? 2) - 1}` }, pagination: { page: 1, perPage: 50 }, sort: { field: 'dueDate', order: 'ASC' } },
    { enabled: needed && quarter !== null && quarter >= 3 },
  );
  if (!needed || quarter === null) return { figures: undefined, loading: false };
  if (quarter <= 2) return { figures: null, loading: false };
  if (isPending) return { figures: undefined, loading: true };
  const previousStep = data?.find((s) => s.hmrcBusinessId === step.hmrcBusinessId);
  return { figures: previousStep ? previousStep.detail.previousFigures : undefined, loading: false };
}

function Money({ pence, strong }: { pence: number | null; strong?: boolean }) {
  if (pence === null) return <Typography variant="body2" color="text.secondary" component="span">–</Typography>;
  return (
    <Typography variant="body2" component="span" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', fontWeight: strong ? 600 : undefined }}>
      {formatPence(pence)}
    </Typography>
  );
}

export function FiguresComparison({ step, figures: override }: { step: Step; figures?: FigureTree | null }) {
  const figures = override !== undefined ? override : step.detail.figures;
  const previous = step.detail.previousFigures;
  const cumulative = isCumulativeYear(step.taxYear, step.kind);
  const quarter = quarterOf(step);
  const before = useBeforePrevious(step, cumulative && previous !== null);
  if (!figures && !previous) {
    return (
      <Typography variant="body2" color="text.secondary">
        No figures yet{step.status === 'awaiting-figures' ? ': they are entered below.' : '.'}
      </Typography>
    );
  }
  if (before.loading) return <Typography variant="body2">Loading the previous quarters…</Typography>;
  const comparison = compareFigures(figures, previous, { cumulative, beforePrevious: before.figures });
  const { rows, hasPrevious, basis } = comparison;
  const showYtd = comparison.cumulative && basis === 'quarter';
  const thisName = quarter ? `Q${quarter}` : 'This step';
  const prevName = quarter && quarter > 1 ? `Q${quarter - 1}` : 'Previous';
  const heads = hasPrevious
    ? basis === 'year-to-date'
      ? [`${prevName} (year to date)`, `${thisName} (year to date)`, 'Difference', 'Check']
      : [`${prevName}${cumulative ? ' (its own)' : ''}`, `${thisName}${cumulative ? ' (its own)' : ''}`, 'Difference', 'Check', ...(showYtd ? ['Year to date (sent to HMRC)'] : [])]
    : [quarter && cumulative ? `${thisName} (year to date)` : 'Amount'];
  const flagged = rows.filter((r) => r.highlight).length;
  let lastSection = '';
  return (
    <Box>
      {!hasPrevious && quarter !== null && quarter > 1 && (
        <Alert severity="info" sx={{ mb: 1 }}>
          The previous quarter has no figures to compare with.
        </Alert>
      )}
      {hasPrevious && flagged > 0 && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {flagged} {flagged === 1 ? 'figure needs' : 'figures need'} a look: a change of more than {SWING_PERCENT}% on {prevName}, or a field new or missing.
        </Alert>
      )}
      <Table size="small" aria-label="Figures beside the previous quarter" sx={{ width: 'auto', minWidth: { md: 560 }, '& td, & th': { px: 1.5 } }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ fontWeight: 600 }}>Field</TableCell>
            {heads.map((h) => (
              <TableCell key={h} align={h === 'Check' ? 'left' : 'right'} sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => {
            const sectionRow = row.section !== lastSection;
            lastSection = row.section;
            const highlight = row.highlight ? HIGHLIGHTS[row.highlight] : null;
            return (
              <Fragment key={row.path}>
                {sectionRow && (
                  <TableRow>
                    <TableCell colSpan={heads.length + 1} sx={{ bgcolor: 'action.hover', fontWeight: 600, py: 0.5 }}>
                      {row.section}
                    </TableCell>
                  </TableRow>
                )}
                <TableRow data-field={row.path} data-highlight={row.highlight ?? ''} sx={highlight ? { bgcolor: ROW_TINT[highlight.colour] } : undefined}>
                  <TableCell sx={{ pl: 3 }}>{row.label}</TableCell>
                  {row.text ? (
                    hasPrevious ? (
                      <>
                        <TableCell align="right">{row.text.previous ?? '–'}</TableCell>
                        <TableCell align="right">{row.text.current ?? '–'}</TableCell>
                        <TableCell colSpan={heads.length - 2} />
                      </>
                    ) : (
                      <TableCell align="right">{row.text.current ?? '–'}</TableCell>
                    )
                  ) : hasPrevious ? (
                    <>
                      <TableCell align="right">
                        <Money pence={row.previous} />
                      </TableCell>
                      <TableCell align="right">
                        <Money pence={row.current} strong />
                      </TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                        {row.difference === null ? '–' : formatPenceChange(row.difference)}
                      </TableCell>
                      <TableCell>{highlight ? <Chip size="small" color={highlight.colour} label={highlight.label(row)} /> : null}</TableCell>
                      {showYtd && (
                        <TableCell align="right">
                          <Money pence={row.yearToDate} />
                        </TableCell>
                      )}
                    </>
                  ) : (
                    <TableCell align="right">
                      <Money pence={row.current} strong />
                    </TableCell>
                  )}
                </TableRow>
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
      {comparison.cumulative && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 0.5 }}>
          From 2025-26 each quarterly update is the year to date;{' '}
          {basis === 'quarter' ? "a quarter's own amount is its year to date less the update before it." : 'the years to date are compared.'}
        </Typography>
      )}
    </Box>
  );
}
