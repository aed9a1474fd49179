// One client's tax year as a timeline: every step in date order with its milestone, status, due date and next action;
// HMRC's problem (code, message, paths) and Retry where it needs attention; what HMRC gave back (receipts, ids,
// estimates with HMRC's disclaimer, the calculation); and beside it the payments, penalty points and the workflow.
import type { ReactNode } from 'react';
import { Alert, AlertTitle, Box, Card, CardContent, CardHeader, Chip, Divider, LinearProgress, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import SubdirectoryArrowRightIcon from '@mui/icons-material/SubdirectoryArrowRight';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import { Link as RouterLink } from 'react-router-dom';
import { RetryButton } from './RetryButton';
import { OTHER_INCOME_GUIDANCE, guidanceFor } from './guidance';
import {
  MILESTONE_LABELS,
  MILESTONE_ORDER,
  PAYMENT_KIND_LABELS,
  STEP_KIND_LABELS,
  StageChip,
  StatusChip,
  TONES,
  daysBetween,
  formatDate,
  formatDateTime,
  formatPence,
  humanise,
  isOpenStatus,
  londonToday,
  statusColour,
} from './format';
import type { CalculationSummary, Payment, PenaltyPoint, Step, TaxYear } from './types';

/** The date a step sits at on the timeline: when it is due, else when it opens. */
function placedOn(step: Step): string {
  return step.dueDate ?? step.opensOn ?? step.periodEnd ?? '9999-12-31';
}

export function stepsInDateOrder(steps: Step[]): Step[] {
  const milestone = (s: Step) => (s.milestone ? MILESTONE_ORDER.indexOf(s.milestone) : 99);
  return [...steps].sort((a, b) => placedOn(a).localeCompare(placedOn(b)) || milestone(a) - milestone(b) || (a.title ?? '').localeCompare(b.title ?? ''));
}

/**
 * Whether the record is the whole year (GET /api/tax-years/:id) rather than a list row: react-admin seeds its cache of
 * single records from lists, so a page may first hold the row, without steps, until the year itself arrives.
 */
export function isWholeYear(record: unknown): record is TaxYear {
  const r = record as Partial<TaxYear> | undefined;
  return !!r && Array.isArray(r.steps) && Array.isArray(r.payments) && Array.isArray(r.penaltyPoints) && !!r.workflow;
}

export function YearTimeline({ year }: { year: TaxYear }) {
  if (!isWholeYear(year)) return <LinearProgress aria-label="Loading the year" />;
  return <WholeYearTimeline year={year} />;
}

function WholeYearTimeline({ year }: { year: TaxYear }) {
  const today = londonToday();
  const steps = stepsInDateOrder(year.steps);
  return (
    <Stack spacing={2}>
      <YearSummary year={year} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 2fr) minmax(280px, 1fr)' }, alignItems: 'start' }}>
        <Card variant="outlined">
          <CardHeader title="Timeline" subheader={`${steps.length} steps in date order`} />
          <CardContent sx={{ pt: 0 }}>
            {steps.length === 0 ? (
              <Typography color="text.secondary">The workflow has not recorded any steps for this year yet.</Typography>
            ) : (
              <Box component="ol" aria-label={`${year.taxYear} timeline`} sx={{ listStyle: 'none', m: 0, p: 0 }}>
                {steps.map((step, i) => (
                  <StepItem key={step.id} step={step} last={i === steps.length - 1} today={today} />
                ))}
              </Box>
            )}
          </CardContent>
        </Card>
        <Stack spacing={2}>
          <PaymentsCard payments={year.payments} today={today} />
          <PenaltyPointsCard points={year.penaltyPoints} />
          <WorkflowCard year={year} />
        </Stack>
      </Box>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ minWidth: 120 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Box>
  );
}

function YearSummary({ year }: { year: TaxYear }) {
  const { total, done, needsAttention } = year.stepCounts;
  const progress = total ? Math.round((done / total) * 100) : 0;
  return (
    <Card variant="outlined">
      <CardContent>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1.5, mb: 2 }}>
          <Typography variant="h6" component="h2">
            {year.taxYear} tax year
          </Typography>
          <StageChip stage={year.stage} />
          {needsAttention > 0 && <StatusChip status="needs-attention" label={`${needsAttention} need${needsAttention === 1 ? 's' : ''} attention`} />}
        </Box>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 3, mb: 2 }}>
          <Fact label="Next deadline">{year.nextDeadline ? formatDate(year.nextDeadline) : 'None open'}</Fact>
          <Fact label="ITSA status">{year.itsaStatus ?? 'Not checked yet'}</Fact>
          <Fact label="We act as">{year.agentType ? `${humanise(year.agentType)} agent` : 'Not checked yet'}</Fact>
          <Fact label="Workflow">
            {year.workflow.url ? (
              <Link href={year.workflow.url} target="_blank" rel="noopener noreferrer" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
                {humanise(year.workflow.status.toLowerCase())} <OpenInNewIcon sx={{ fontSize: 14 }} />
              </Link>
            ) : (
              humanise(year.workflow.status.toLowerCase())
            )}
          </Fact>
        </Box>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
          <LinearProgress variant="determinate" value={progress} color="success" sx={{ flex: 1, height: 8, borderRadius: 4 }} aria-label="Steps done" />
          <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
            {done} of {total} steps done
          </Typography>
        </Box>
      </CardContent>
    </Card>
  );
}

function StepDate({ step, today }: { step: Step; today: string }) {
  const overdueDays = step.dueDate && isOpenStatus(step.status) ? daysBetween(step.dueDate, today) : 0;
  return (
    <Box sx={{ width: 104, flexShrink: 0, pt: 0.25, textAlign: 'right' }}>
      {step.dueDate ? (
        <>
          <Typography variant="caption" color="text.secondary" component="div">
            Due
          </Typography>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {formatDate(step.dueDate)}
          </Typography>
          {overdueDays > 0 && (
            <Typography variant="caption" sx={{ color: TONES.attention.text, fontWeight: 600 }} component="div">
              {overdueDays} day{overdueDays === 1 ? '' : 's'} late
            </Typography>
          )}
        </>
      ) : (
        <>
          <Typography variant="caption" color="text.secondary" component="div">
            {step.opensOn ? 'Opens' : 'No deadline'}
          </Typography>
          {step.opensOn && <Typography variant="body2">{formatDate(step.opensOn)}</Typography>}
        </>
      )}
    </Box>
  );
}

function StepItem({ step, last, today }: { step: Step; last: boolean; today: string }) {
  const colour = statusColour(step.status);
  const attention = step.status === 'needs-attention';
  return (
    <Box component="li" data-step-key={step.stepKey} data-status={step.status} sx={{ display: 'flex', gap: 2 }}>
      <StepDate step={step} today={today} />
      <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center', flexShrink: 0 }}>
        <Box sx={{ width: 14, height: 14, mt: 0.75, borderRadius: '50%', bgcolor: colour, border: '2px solid', borderColor: 'background.paper', boxShadow: `0 0 0 2px ${colour}` }} />
        {!last && <Box sx={{ flex: 1, width: 2, bgcolor: 'divider', my: 0.5 }} />}
      </Box>
      <Box
        sx={{
          flex: 1,
          minWidth: 0,
          mb: last ? 0 : 2.5,
          ...(attention ? { p: 1.5, borderRadius: 1, bgcolor: TONES.attention.light, border: `1px solid ${TONES.attention.main}` } : { pb: 0.5 }),
        }}
      >
        <Typography variant="overline" color="text.secondary" sx={{ lineHeight: 1.6 }}>
          {[step.milestone ? MILESTONE_LABELS[step.milestone] ?? step.milestone : null, STEP_KIND_LABELS[step.kind] ?? humanise(step.kind)].filter(Boolean).join(' · ')}
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, lineHeight: 1.3 }}>
            {step.title ?? humanise(step.stepKey)}
          </Typography>
          <StatusChip status={step.status} />
        </Box>
        {step.periodStart && step.periodEnd && (
          <Typography variant="body2" color="text.secondary">
            Period {formatDate(step.periodStart)} to {formatDate(step.periodEnd)}
          </Typography>
        )}
        {step.nextAction && (
          <Typography variant="body2" sx={{ display: 'flex', alignItems: 'flex-start', gap: 0.5, mt: 0.5 }}>
            <SubdirectoryArrowRightIcon sx={{ fontSize: 18, color: 'text.secondary' }} />
            <span>
              <strong>Next:</strong> {step.nextAction}
            </span>
          </Typography>
        )}
        {step.problem && <ProblemPanel step={step} />}
        <RetryButton step={step} />
        <StepResult step={step} />
        {step.detail.flags.length > 0 && (
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 1 }}>
            {step.detail.flags.map((flag) => (
              <Chip key={flag} size="small" variant="outlined" label={humanise(flag)} />
            ))}
          </Box>
        )}
        <GuidanceLinks step={step} />
      </Box>
    </Box>
  );
}

function ProblemPanel({ step }: { step: Step }) {
  const problem = step.problem!;
  return (
    <Alert severity={step.status === 'needs-attention' ? 'error' : 'warning'} sx={{ mt: 1 }} role="region" aria-label="Problem" data-testid="step-problem">
      <AlertTitle sx={{ fontFamily: 'monospace', fontSize: '0.85rem' }}>{problem.code}</AlertTitle>
      <Typography variant="body2">{problem.message}</Typography>
      {problem.errors && problem.errors.length > 0 && (
        <Box component="ul" sx={{ m: 0, mt: 1, pl: 2.5 }}>
          {problem.errors.map((e, i) => (
            <li key={`${e.code}-${i}`}>
              <Typography variant="body2">
                <Box component="span" sx={{ fontFamily: 'monospace', fontWeight: 600 }}>
                  {e.code}
                </Box>{' '}
                {e.message}
              </Typography>
              {e.paths && e.paths.length > 0 && (
                <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', color: 'text.secondary' }}>
                  {e.paths.join(', ')}
                </Typography>
              )}
            </li>
          ))}
        </Box>
      )}
      <Typography variant="caption" component="div" sx={{ mt: 1, color: 'text.secondary' }}>
        {problem.retriesBySelf ? 'The engine tries again by itself.' : 'Waits for staff: fix what HMRC lists, then retry.'}
        {problem.correlationId ? ` HMRC correlation id: ` : ''}
        {problem.correlationId && (
          <Box component="span" sx={{ fontFamily: 'monospace' }}>
            {problem.correlationId}
          </Box>
        )}
        {step.attempts > 1 ? ` Attempts so far: ${step.attempts}.` : ''}
      </Typography>
    </Alert>
  );
}

// --- What HMRC gave back -------------------------------------------------------------------------------------------

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

function isSummary(v: unknown): v is CalculationSummary {
  const o = obj(v);
  return !!o && typeof o.totalIncomeTaxAndNicsDuePence === 'number';
}

function ResultRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ color: 'text.secondary', fontWeight: 400, border: 0, py: 0.25, pl: 0, width: '45%' }}>
        {label}
      </TableCell>
      <TableCell sx={{ border: 0, py: 0.25, pr: 0 }}>{children}</TableCell>
    </TableRow>
  );
}

function Mono({ children }: { children: ReactNode }) {
  return (
    <Box component="span" sx={{ fontFamily: 'monospace', fontSize: '0.8rem', wordBreak: 'break-all' }}>
      {children}
    </Box>
  );
}

/** Result keys that are HMRC's references (ids, receipts, correlation ids), whatever the step's kind. */
const REFERENCE_KEY = /(^|[a-z])(Id|Ids|Reference|Receipt)$|^(correlationId|receiptId|submissionId|transactionReference)$/;

function ResultPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box sx={{ mt: 1.5, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'background.paper' }}>
      <Typography variant="caption" color="text.secondary" sx={{ textTransform: 'uppercase', letterSpacing: 0.5, fontWeight: 600 }} component="div">
        {title}
      </Typography>
      <Table size="small" sx={{ mt: 0.5 }}>
        <TableBody>{children}</TableBody>
      </Table>
    </Box>
  );
}

function CalculationRows({ summary }: { summary: CalculationSummary }) {
  return (
    <>
      <ResultRow label="Income received">{formatPence(summary.totalIncomeReceivedPence)}</ResultRow>
      <ResultRow label="Taxable income">{formatPence(summary.totalTaxableIncomePence)}</ResultRow>
      <ResultRow label="Income Tax charged">{formatPence(summary.incomeTaxChargedPence)}</ResultRow>
      {summary.class2Pence !== 0 && <ResultRow label="Class 2 NIC">{formatPence(summary.class2Pence)}</ResultRow>}
      <ResultRow label="Class 4 NIC">{formatPence(summary.class4Pence)}</ResultRow>
      {summary.studentLoanPence !== 0 && <ResultRow label="Student loan">{formatPence(summary.studentLoanPence)}</ResultRow>}
      {summary.capitalGainsTaxPence !== 0 && <ResultRow label="Capital Gains Tax">{formatPence(summary.capitalGainsTaxPence)}</ResultRow>}
      {summary.taxDeductedAtSourcePence !== 0 && <ResultRow label="Tax deducted at source">-{formatPence(summary.taxDeductedAtSourcePence)}</ResultRow>}
      <ResultRow label="Income Tax and NICs due">
        <strong>{formatPence(summary.totalIncomeTaxAndNicsDuePence)}</strong>
      </ResultRow>
      {summary.endOfYearEstimatePence !== null && <ResultRow label="HMRC's estimate for the whole year">{formatPence(summary.endOfYearEstimatePence)}</ResultRow>}
      <ResultRow label="Calculation id">
        <Mono>{summary.calculationId}</Mono>
      </ResultRow>
    </>
  );
}

function CalculationMessages({ summary }: { summary: CalculationSummary }) {
  if (summary.errors.length === 0 && summary.warnings.length === 0) return null;
  return (
    <Box sx={{ mt: 1 }}>
      {[...summary.errors.map((m) => ({ ...m, severity: 'error' as const })), ...summary.warnings.map((m) => ({ ...m, severity: 'warning' as const }))].map((m) => (
        <Alert key={`${m.severity}-${m.id}`} severity={m.severity} sx={{ py: 0, mt: 0.5 }}>
          <Mono>{m.id}</Mono> {m.text}
        </Alert>
      ))}
    </Box>
  );
}

function StepResult({ step }: { step: Step }) {
  const r = step.detail.result;
  const panels: ReactNode[] = [];

  // Submission receipts: what was sent and what HMRC said about it.
  const submission: ReactNode[] = [];
  if (r.submittedOn !== undefined || r.submitted !== undefined) {
    submission.push(
      <ResultRow key="sent" label="Sent to HMRC">
        {str(r.submittedOn) ? formatDate(str(r.submittedOn)) : r.submitted === false ? `Not sent${str(r.reason) ? `: ${str(r.reason)}` : ' (HMRC already had it)'}` : 'Yes'}
      </ResultRow>,
    );
  }
  if (r.obligationFulfilled === true) submission.push(<ResultRow key="obligation" label="HMRC's obligation">Met{str(r.receivedDate) ? `, received ${formatDate(str(r.receivedDate))}` : ''}</ResultRow>);
  if (str(r.declaredOn)) submission.push(<ResultRow key="declared" label="Declared">{formatDate(str(r.declaredOn))}</ResultRow>);
  if (r.adjusted === true) submission.push(<ResultRow key="adjusted" label="Adjustments">Sent to HMRC</ResultRow>);
  if (str(r.confirmedBy)) {
    submission.push(
      <ResultRow key="confirmed" label="Client confirmed">
        {str(r.confirmedBy)}, {formatDateTime(str(r.confirmedAt))} ({str(r.method)})
      </ResultRow>,
    );
  }
  if (num(r.totalDuePence) !== null) submission.push(<ResultRow key="due" label="Tax due on the calculation">{formatPence(num(r.totalDuePence)!)}</ResultRow>);
  if (num(r.liabilityPence) !== null) submission.push(<ResultRow key="liability" label="Liability for the year">{formatPence(num(r.liabilityPence)!)}</ResultRow>);
  const poa = obj(r.paymentsOnAccount);
  if (poa) {
    submission.push(
      <ResultRow key="poa" label="Payments on account">
        {poa.required === true && num(poa.eachPence) !== null ? `Two of ${formatPence(num(poa.eachPence)!)}` : 'Not required'}
        {str(poa.reason) && (
          <Typography variant="caption" component="div" color="text.secondary">
            {str(poa.reason)}
          </Typography>
        )}
      </ResultRow>,
    );
  }
  if (str(r.itsaStatus)) submission.push(<ResultRow key="itsa" label="ITSA status">{str(r.itsaStatus)}</ResultRow>);
  if (str(r.agentType)) submission.push(<ResultRow key="agent" label="Relationship">{humanise(str(r.agentType)!)}</ResultRow>);
  if (str(r.clientActionUrl)) {
    submission.push(
      <ResultRow key="invite" label="Client's invitation">
        <Link href={str(r.clientActionUrl)!} target="_blank" rel="noopener noreferrer">
          Link to send the client
        </Link>
        {num(r.reminders) ? ` (${num(r.reminders)} reminder${num(r.reminders) === 1 ? '' : 's'} sent)` : ''}
      </ResultRow>,
    );
  }
  for (const [key, value] of Object.entries(r)) {
    if (REFERENCE_KEY.test(key) && (typeof value === 'string' || typeof value === 'number') && !(key === 'calculationId' && (isSummary(r.summary) || isSummary(r.estimate)))) {
      submission.push(
        <ResultRow key={`ref-${key}`} label={humanise(key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())}>
          <Mono>{String(value)}</Mono>
        </ResultRow>,
      );
    }
  }
  if (submission.length > 0) panels.push(<ResultPanel key="submission" title="HMRC's answer">{submission}</ResultPanel>);

  // The in-year estimate after a quarterly update, with HMRC's caveat word for word.
  const estimate = obj(r.estimate);
  if (estimate && isSummary(estimate)) {
    panels.push(
      <Box key="estimate">
        <ResultPanel title="HMRC's in-year estimate">
          <CalculationRows summary={estimate} />
        </ResultPanel>
        {str(estimate.disclaimer) && (
          <Alert severity="info" icon={false} sx={{ mt: 0.5, py: 0, fontStyle: 'italic' }} data-testid="estimate-disclaimer">
            {str(estimate.disclaimer)}
          </Alert>
        )}
      </Box>,
    );
  }
  // The year's calculation (intent to finalise) or the end-of-year business summary.
  if (isSummary(r.summary)) {
    panels.push(
      <Box key="calculation">
        <ResultPanel title={step.kind === 'calculation' ? 'The calculation to declare' : "HMRC's calculation"}>
          <CalculationRows summary={r.summary} />
        </ResultPanel>
        <CalculationMessages summary={r.summary} />
      </Box>,
    );
  }
  const assist = obj(r.assist);
  if (assist && Array.isArray(assist.messages)) {
    const messages = assist.messages as { title?: string; body?: string; action?: string }[];
    panels.push(
      <ResultPanel key="assist" title={`HMRC Assist: ${messages.length} message${messages.length === 1 ? '' : 's'}`}>
        {messages.length === 0 ? (
          <ResultRow label="Report">Nothing to review</ResultRow>
        ) : (
          messages.map((m, i) => (
            <ResultRow key={i} label={m.title ?? `Message ${i + 1}`}>
              {m.body}
              {m.action && (
                <Typography variant="caption" component="div" color="text.secondary">
                  {m.action}
                </Typography>
              )}
            </ResultRow>
          ))
        )}
      </ResultPanel>,
    );
  }
  // Late: the point it earned and where the client stands against the £200 threshold.
  const late = obj(r.late);
  if (late) {
    panels.push(
      <Alert key="late" severity="warning" sx={{ mt: 1.5 }}>
        Missed the deadline{str(late.reason) ? ` (${str(late.reason)})` : ''}: {num(late.activePoints) ?? '?'} of {num(late.threshold) ?? '?'} penalty points
        {num(late.penaltyPence) ? `, a ${formatPence(num(late.penaltyPence)!)} penalty` : ''}
        {str(late.expiresOn) ? `; the point expires ${formatDate(str(late.expiresOn))}` : ''}.
      </Alert>,
    );
  }
  const report = obj(r.freeagentReport);
  if (report && Array.isArray(report.unmapped) && report.unmapped.length > 0) {
    panels.push(
      <Alert key="unmapped" severity="warning" sx={{ mt: 1.5 }}>
        FreeAgent categories with no HMRC mapping: {(report.unmapped as string[]).join(', ')}
      </Alert>,
    );
  }
  const books = obj(r.books);
  if (books && books.ready === false && Array.isArray(books.reasons)) {
    panels.push(
      <Alert key="books" severity="warning" sx={{ mt: 1.5 }}>
        The books were not ready a week before the deadline: {(books.reasons as string[]).join('; ')}
      </Alert>,
    );
  }
  if (Array.isArray(r.businesses) && r.businesses.length > 0) {
    panels.push(
      <ResultPanel key="businesses" title="Businesses HMRC lists">
        {(r.businesses as { businessId: string; kind: string; name: string }[]).map((b) => (
          <ResultRow key={b.businessId} label={humanise(b.kind)}>
            {b.name} <Mono>{b.businessId}</Mono>
          </ResultRow>
        ))}
      </ResultPanel>,
    );
  }
  return panels.length ? <>{panels}</> : null;
}

function GuidanceLinks({ step }: { step: Step }) {
  if (step.kind === 'other-income') {
    return (
      <Box component="details" sx={{ mt: 1 }}>
        <Box component="summary" sx={{ cursor: 'pointer', typography: 'body2', color: 'primary.main' }}>
          Where other income is declared (GOV.UK, {OTHER_INCOME_GUIDANCE.length} kinds)
        </Box>
        <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
          {OTHER_INCOME_GUIDANCE.map((g) => (
            <li key={g.kind}>
              <Tooltip title={g.whereDeclared}>
                <Link href={g.url} target="_blank" rel="noopener noreferrer" variant="body2">
                  {g.title}
                </Link>
              </Tooltip>
            </li>
          ))}
        </Box>
      </Box>
    );
  }
  const links = guidanceFor(step.kind);
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1.5, mt: 1 }}>
      <MenuBookIcon sx={{ fontSize: 16, color: 'text.secondary' }} aria-hidden />
      {links.map((g) => (
        <Link key={g.url + g.title} href={g.url} target="_blank" rel="noopener noreferrer" variant="body2">
          {g.title}
        </Link>
      ))}
    </Box>
  );
}

// --- Beside the timeline -------------------------------------------------------------------------------------------

function PaymentsCard({ payments, today }: { payments: Payment[]; today: string }) {
  return (
    <Card variant="outlined">
      <CardHeader title="Payments" slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 600 } } }} />
      <CardContent sx={{ pt: 0 }}>
        {payments.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            Worked out after the final declaration.
          </Typography>
        ) : (
          <Table size="small" aria-label="Payments">
            <TableHead>
              <TableRow>
                <TableCell sx={{ pl: 0 }}>Payment</TableCell>
                <TableCell>Due</TableCell>
                <TableCell align="right">Amount</TableCell>
                <TableCell sx={{ pr: 0 }}>Status</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {payments.map((p) => (
                <TableRow key={p.key}>
                  <TableCell sx={{ pl: 0 }}>
                    {PAYMENT_KIND_LABELS[p.kind] ?? humanise(p.kind)}
                    {p.taxYear && (
                      <Typography variant="caption" color="text.secondary" component="div">
                        {p.taxYear}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(p.dueDate)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatPence(p.amountPence)}
                  </TableCell>
                  <TableCell sx={{ pr: 0 }}>
                    <StatusChip status={p.status === 'due' && p.dueDate < today ? 'overdue' : p.status} />
                    {p.paidOn && (
                      <Typography variant="caption" color="text.secondary" component="div">
                        paid {formatDate(p.paidOn)}
                      </Typography>
                    )}
                    {p.projection && (
                      <Typography variant="caption" sx={{ color: TONES.attention.text }} component="div">
                        +{formatPence(p.projection.interestPence)} interest, {formatPence(p.projection.penaltyPence)} penalty by {formatDate(p.projection.asOf)}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function PenaltyPointsCard({ points }: { points: PenaltyPoint[] }) {
  return (
    <Card variant="outlined">
      <CardHeader title="Penalty points" slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 600 } } }} />
      <CardContent sx={{ pt: 0 }}>
        {points.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            None: every deadline so far was met.
          </Typography>
        ) : (
          <Stack divider={<Divider flexItem />} spacing={1}>
            {points.map((p) => (
              <Box key={`${p.obligation}-${p.dueDate}`}>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {humanise(p.obligation)} deadline of {formatDate(p.dueDate)} missed
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  Point from {formatDate(p.awardedOn)}, expires {formatDate(p.expiresOn)}
                </Typography>
              </Box>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}

function WorkflowCard({ year }: { year: TaxYear }) {
  return (
    <Card variant="outlined">
      <CardHeader title="Workflow" slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 600 } } }} />
      <CardContent sx={{ pt: 0 }}>
        <Typography variant="body2" sx={{ mb: 1 }}>
          Status: <strong>{humanise(year.workflow.status.toLowerCase())}</strong>
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
          <Mono>{year.workflow.id}</Mono>
        </Typography>
        {year.workflow.url ? (
          <Link href={year.workflow.url} target="_blank" rel="noopener noreferrer" variant="body2" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
            Open in the Temporal UI <OpenInNewIcon sx={{ fontSize: 14 }} />
          </Link>
        ) : (
          <Typography variant="body2" color="text.secondary">
            No Temporal UI is configured (TEMPORAL_UI_URL).
          </Typography>
        )}
        <Divider sx={{ my: 1.5 }} />
        <Link component={RouterLink} to={`/audit-events?filter=${encodeURIComponent(JSON.stringify({ entityId: year.id }))}`} variant="body2">
          The year's audit events
        </Link>
      </CardContent>
    </Card>
  );
}
