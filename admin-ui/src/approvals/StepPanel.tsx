// One step opened in the inbox: its figures beside the previous quarter, what HMRC said (a refusal, Assist's messages,
// the calculation), the comments so far, and what the signed-in role may do next.
import type { ReactNode } from 'react';
import { Alert, AlertTitle, Box, Chip, Divider, Link, List, ListItem, ListItemText, Paper, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { usePermissions, useRecordContext } from 'react-admin';
import { holds } from '../authProvider';
import { ApproveButton, RejectButton, RetryButton, SubmitForReviewButton } from './actions';
import { FiguresComparison } from './FiguresComparison';
import { FiguresForm } from './FiguresForm';
import { StaffName, formatDate } from './fields';
import { formatPence } from './money';
import { nextActionOf, problemOf, sentenceCase, TAKES_FIGURES, type Step } from './types';

interface AssistMessage {
  title?: string;
  body?: string;
  action?: string;
  links?: { title: string; url: string }[];
  path?: string;
}

const COMMENT_ACTIONS: Record<string, string> = {
  'submit-for-review': 'submitted for review',
  approve: 'approved',
  reject: 'rejected',
  retry: 'asked for a retry',
  acknowledge: 'noted',
};

const FLAG_TEXT: Record<string, string> = {
  escalated: 'Escalated: still open three days before the deadline',
  late: 'Late: the deadline has passed',
  'unmapped-categories': 'FreeAgent categories not mapped to HMRC fields',
  'books-not-ready': "The client's books were not ready a week before the deadline",
  'estimate-unavailable': "HMRC's in-year estimate was not available",
  'obligation-not-confirmed': 'HMRC has not yet shown the obligation as met',
  'foreign-properties-not-registered': 'No foreign properties registered with HMRC',
  'freeagent-no-foreign-property': 'FreeAgent does not split foreign property by property: key the figures',
  'property-unspecified': 'HMRC lists a property business not yet told apart',
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Comments({ step }: { step: Step }) {
  if (step.detail.comments.length === 0) return <Typography variant="body2" color="text.secondary">No comments yet.</Typography>;
  return (
    <List dense disablePadding>
      {step.detail.comments.map((c, i) => (
        <ListItem key={i} disableGutters alignItems="flex-start" data-comment-action={c.action}>
          <ListItemText
            primary={c.text}
            secondary={
              <>
                <StaffName id={c.by} /> {COMMENT_ACTIONS[c.action] ?? c.action}, {new Date(c.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
              </>
            }
            slotProps={{ primary: { sx: { whiteSpace: 'pre-wrap' } }, secondary: { component: 'div' } }}
          />
        </ListItem>
      ))}
    </List>
  );
}

export function ProblemAlert({ step }: { step: Step }) {
  const problem = problemOf(step);
  if (!problem) return null;
  return (
    <Alert severity={problem.retriesBySelf ? 'warning' : 'error'}>
      <AlertTitle>
        {problem.code}: {problem.message}
      </AlertTitle>
      {problem.errors?.map((e, i) => (
        <Typography key={i} variant="body2">
          {e.code}: {e.message}
          {e.paths?.length ? ` (${e.paths.join(', ')})` : ''}
        </Typography>
      ))}
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        {problem.retriesBySelf ? 'The engine tries again by itself; Retry tries now.' : step.nextAction ?? 'Correct what HMRC refused, then press Retry.'}
        {problem.correlationId ? ` HMRC correlation id ${problem.correlationId}.` : ''}
      </Typography>
    </Alert>
  );
}

function AssistMessages({ messages }: { messages: AssistMessage[] }) {
  if (messages.length === 0) return <Typography variant="body2">HMRC Assist had nothing to say about this calculation.</Typography>;
  return (
    <Stack spacing={1}>
      {messages.map((m, i) => (
        <Alert key={i} severity="info" icon={false} data-assist-message>
          <AlertTitle>{m.title ?? 'Message'}</AlertTitle>
          {m.body && <Typography variant="body2">{m.body}</Typography>}
          {m.action && (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              <strong>Action:</strong> {m.action}
            </Typography>
          )}
          {m.links?.map((l) => (
            <Link key={l.url} href={l.url} target="_blank" rel="noreferrer" variant="body2" sx={{ display: 'block' }}>
              {l.title}
            </Link>
          ))}
        </Alert>
      ))}
    </Stack>
  );
}

const SUMMARY_ROWS: [string, string][] = [
  ['totalIncomeReceivedPence', 'Total income received'],
  ['totalTaxableIncomePence', 'Taxable income'],
  ['incomeTaxChargedPence', 'Income Tax charged'],
  ['class4Pence', 'Class 4 National Insurance'],
  ['class2Pence', 'Class 2 National Insurance'],
  ['taxDeductedAtSourcePence', 'Tax deducted at source'],
  ['totalIncomeTaxAndNicsDuePence', 'Income Tax and NICs due'],
  ['endOfYearEstimatePence', 'End-of-year estimate'],
];

function CalculationSummary({ summary, caption }: { summary: Record<string, unknown>; caption?: string }) {
  const rows = SUMMARY_ROWS.filter(([key]) => typeof summary[key] === 'number');
  const notes = [...((summary.errors as { text: string }[] | undefined) ?? []), ...((summary.warnings as { text: string }[] | undefined) ?? [])];
  return (
    <Box>
      <Table size="small" sx={{ maxWidth: 480 }}>
        <TableBody>
          {rows.map(([key, label]) => (
            <TableRow key={key}>
              <TableCell>{label}</TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatPence(summary[key] as number)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {notes.map((n, i) => (
        <Typography key={i} variant="body2" color="warning.main">
          {n.text}
        </Typography>
      ))}
      {caption && (
        <Typography variant="caption" color="text.secondary">
          {caption}
        </Typography>
      )}
    </Box>
  );
}

/** What the step's result says that a reviewer needs: Assist's messages, the calculation, FreeAgent's gaps, other income. */
function ResultDetails({ step }: { step: Step }) {
  const result = step.detail.result;
  const parts: ReactNode[] = [];
  const assist = result.assist as { messages?: AssistMessage[] } | undefined;
  if (assist || step.kind === 'calculation') {
    parts.push(
      <Section key="assist" title="HMRC Assist">
        {assist ? <AssistMessages messages={assist.messages ?? []} /> : <Typography variant="body2" color="text.secondary">No Assist report yet.</Typography>}
      </Section>,
    );
  }
  if (result.summary && typeof result.summary === 'object' && step.kind === 'calculation') {
    parts.push(
      <Section key="calculation" title="Calculation">
        <CalculationSummary summary={result.summary as Record<string, unknown>} />
      </Section>,
    );
  }
  const estimate = result.estimate as (Record<string, unknown> & { disclaimer?: string }) | undefined;
  if (estimate) {
    parts.push(
      <Section key="estimate" title="HMRC's in-year estimate">
        <CalculationSummary summary={estimate} caption={estimate.disclaimer} />
      </Section>,
    );
  }
  const report = result.freeagentReport as { unmapped?: string[]; warnings?: string[] } | undefined;
  if (report && (report.unmapped?.length || report.warnings?.length)) {
    parts.push(
      <Section key="freeagent" title="From FreeAgent">
        {report.unmapped?.length ? <Alert severity="warning">Categories not mapped to HMRC fields: {report.unmapped.join(', ')}</Alert> : null}
        {report.warnings?.map((w, i) => (
          <Typography key={i} variant="body2">
            {w}
          </Typography>
        ))}
      </Section>,
    );
  }
  const kinds = result.otherIncomeKinds as string[] | undefined;
  if (kinds?.length) {
    parts.push(
      <Section key="other" title="Income declared outside MTD software">
        <Typography variant="body2">Check whether the client has any of: {kinds.map(sentenceCase).join(', ').toLowerCase()}.</Typography>
      </Section>,
    );
  }
  if (step.kind === 'authorisation' && (result.invitationId || result.agentType || result.itsaStatus)) {
    parts.push(
      <Section key="auth" title="Authorisation">
        <Typography variant="body2">
          {result.agentType ? `Relationship: ${String(result.agentType)} agent. ` : ''}
          {result.itsaStatus ? `ITSA status: ${String(result.itsaStatus)}. ` : ''}
          {result.invitationId ? `Invitation ${String(result.invitationId)}${result.reminders ? `, reminded ${String(result.reminders)} times` : ''}.` : ''}
        </Typography>
      </Section>,
    );
  }
  return parts.length ? <Stack spacing={2}>{parts}</Stack> : null;
}

function Facts({ step }: { step: Step }) {
  const figures = TAKES_FIGURES.has(step.kind);
  const facts: [string, ReactNode][] = [
    ['Client', step.clientName],
    ['Tax year', step.taxYear],
    ['Period', step.periodStart ? `${formatDate(step.periodStart)} – ${formatDate(step.periodEnd)}` : '–'],
    ['Due', step.dueDate ? formatDate(step.dueDate) : '–'],
    // Steps that only need reading (other income, the calculation) have no preparer and no figures.
    ...(figures
      ? ([
          ['Prepared by', <StaffName key="p" id={step.preparedBy} empty="Not yet" />],
          ['Figures from', step.detail.figuresSource ? sentenceCase(step.detail.figuresSource === 'freeagent' ? 'FreeAgent' : step.detail.figuresSource) : '–'],
        ] as [string, ReactNode][])
      : []),
    ...(step.approvedBy ? ([['Approved by', <StaffName key="a" id={step.approvedBy} />]] as [string, ReactNode][]) : []),
  ];
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 4, rowGap: 1 }}>
      {facts.map(([label, value]) => (
        <Box key={label}>
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
            {label}
          </Typography>
          <Typography variant="body2" component="div">
            {value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

export function StepPanel() {
  const step = useRecordContext<Step>();
  const { permissions } = usePermissions();
  if (!step) return null;
  const preparing = ['awaiting-figures', 'awaiting-preparer'].includes(step.status) && holds(permissions, 'steps:prepare') && TAKES_FIGURES.has(step.kind);
  // A parked step whose figures HMRC refused takes corrected figures (they go to a reviewer again).
  const correcting = !!problemOf(step) && !step.problem!.retriesBySelf && TAKES_FIGURES.has(step.kind) && holds(permissions, 'steps:prepare');
  const nextAction = nextActionOf(step);
  const rejected = nextAction?.startsWith('Rejected:');
  const flags = step.detail.flags.filter((f) => FLAG_TEXT[f]);
  return (
    <Paper variant="outlined" sx={{ p: 2, my: 1, cursor: 'default' }} onClick={(e) => e.stopPropagation()} data-step-panel={step.id}>
      <Stack spacing={2}>
        <Facts step={step} />
        {nextAction && (
          <Alert severity={rejected ? 'warning' : 'info'} data-next-action>
            {nextAction}
          </Alert>
        )}
        <ProblemAlert step={step} />
        {flags.length > 0 && (
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            {flags.map((f) => (
              <Chip key={f} size="small" color={f === 'late' ? 'error' : 'warning'} label={FLAG_TEXT[f]} />
            ))}
          </Box>
        )}
        {preparing || correcting ? (
          <Section title={correcting ? 'Correct the figures HMRC refused' : step.status === 'awaiting-figures' ? 'Enter the figures' : 'Figures (change them if they need it)'}>
            <FiguresForm step={step} submitLabel={correcting ? 'Save corrected figures' : 'Save figures'} />
          </Section>
        ) : (
          (step.detail.figures || step.detail.previousFigures || TAKES_FIGURES.has(step.kind)) && (
            <Section title={step.detail.previousFigures ? 'Figures beside the previous quarter' : 'Figures'}>
              <FiguresComparison step={step} />
            </Section>
          )
        )}
        <ResultDetails step={step} />
        <Section title="Comments">
          <Comments step={step} />
        </Section>
        <Divider />
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <ApproveButton />
          <RejectButton />
          <SubmitForReviewButton />
          <RetryButton />
          {step.status === 'awaiting-review' && !holds(permissions, 'steps:review') && (
            <Typography variant="body2" color="text.secondary">
              A reviewer approves or rejects this step.
            </Typography>
          )}
        </Box>
      </Stack>
    </Paper>
  );
}
