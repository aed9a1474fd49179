// How the console writes money, dates and statuses, and the one colour per kind of status that every screen shares:
// done green, being worked on blue, needs attention red, waiting for the client amber, not yet open grey.
import { createElement } from 'react';
import { Chip, type ChipProps } from '@mui/material';

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Integer pence as pounds: 123456 -> '£1,234.56', -5000 -> '-£50.00'. */
export function formatPence(pence: number): string {
  return POUNDS.format(pence / 100);
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** A calendar date ('2026-11-07') as '7 Nov 2026'; null as a dash. Read as a date, so no time zone moves it a day. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '–';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  return DATE.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** An instant ('2026-11-07T09:30:00Z') in London time: '7 Nov 2026, 09:30'. */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return '–';
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? instant : DATE_TIME.format(at);
}

/** Whole days from `from` to `to` (calendar dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type StatusTone = 'done' | 'active' | 'attention' | 'client' | 'waiting' | 'closed';

const TONE_OF_STATUS: Record<string, StatusTone> = {
  done: 'done',
  paid: 'done',
  complete: 'done',
  'in-progress': 'active',
  'awaiting-figures': 'active',
  'awaiting-preparer': 'active',
  'awaiting-review': 'active',
  'needs-attention': 'attention',
  overdue: 'attention',
  'awaiting-client': 'client',
  due: 'client',
  scheduled: 'waiting',
  waiting: 'waiting',
  repayment: 'waiting',
  skipped: 'closed',
  cancelled: 'closed',
};

/** Which kind of status this is: what its colour means. */
export function statusTone(status: string): StatusTone {
  return TONE_OF_STATUS[status] ?? 'waiting';
}

/** Each tone's colours: `main` for bars and dots, `light` behind text, `text` on `light`. */
export const TONES: Record<StatusTone, { label: string; main: string; light: string; text: string }> = {
  done: { label: 'Done', main: '#2e7d32', light: '#e8f5e9', text: '#1b5e20' },
  active: { label: 'In progress or awaiting staff', main: '#1976d2', light: '#e3f2fd', text: '#0d47a1' },
  attention: { label: 'Needs attention', main: '#d32f2f', light: '#ffebee', text: '#b71c1c' },
  client: { label: 'Awaiting the client', main: '#f59e0b', light: '#fff8e1', text: '#7a4a00' },
  waiting: { label: 'Scheduled or waiting', main: '#9e9e9e', light: '#f5f5f5', text: '#424242' },
  closed: { label: 'Skipped or cancelled', main: '#cfcfcf', light: '#fafafa', text: '#757575' },
};

/** The colour (hex) a status is drawn in. */
export function statusColour(status: string): string {
  return TONES[statusTone(status)].main;
}

export const STATUS_LABELS: Record<string, string> = {
  scheduled: 'Scheduled',
  waiting: 'Waiting',
  'awaiting-figures': 'Awaiting figures',
  'awaiting-preparer': 'Awaiting preparer',
  'awaiting-review': 'Awaiting review',
  'awaiting-client': 'Awaiting client',
  'in-progress': 'In progress',
  'needs-attention': 'Needs attention',
  done: 'Done',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  // Payments
  due: 'Due',
  paid: 'Paid',
  overdue: 'Overdue',
  repayment: 'Repayment',
};

/** Statuses in the order a step passes through them (the order of legends and matrix rows). */
export const STEP_STATUS_ORDER = [
  'needs-attention',
  'awaiting-client',
  'awaiting-review',
  'awaiting-preparer',
  'awaiting-figures',
  'in-progress',
  'waiting',
  'scheduled',
  'done',
  'skipped',
  'cancelled',
] as const;

export const MILESTONE_LABELS: Record<string, string> = {
  setup: 'Setup',
  q1: 'Q1',
  q2: 'Q2',
  q3: 'Q3',
  q4: 'Q4',
  'year-end': 'Year end',
  'final-declaration': 'Final declaration',
  payments: 'Payments',
};
export const MILESTONE_ORDER = Object.keys(MILESTONE_LABELS);

export const STAGE_LABELS: Record<string, string> = {
  starting: 'Starting',
  authorisation: 'Authorisation',
  'in-year': 'In year',
  'year-end': 'Year end',
  'final-declaration': 'Final declaration',
  payments: 'Payments',
  complete: 'Complete',
  'not-in-mtd': 'Not in MTD',
  cancelled: 'Cancelled',
};
export const STAGE_ORDER = Object.keys(STAGE_LABELS);

const STAGE_TONES: Record<string, StatusTone> = {
  starting: 'waiting',
  authorisation: 'client',
  'in-year': 'active',
  'year-end': 'active',
  'final-declaration': 'active',
  payments: 'active',
  complete: 'done',
  'not-in-mtd': 'closed',
  cancelled: 'closed',
};

export function stageTone(stage: string): StatusTone {
  return STAGE_TONES[stage] ?? 'waiting';
}

export const STEP_KIND_LABELS: Record<string, string> = {
  authorisation: 'Authorisation',
  'income-sources': 'Income sources',
  'other-income': 'Other income',
  'quarterly-update': 'Quarterly update',
  'annual-submission': 'Annual submission',
  adjustments: 'Adjustments',
  losses: 'Losses',
  calculation: 'Calculation',
  'client-confirmation': 'Client confirmation',
  'final-declaration': 'Final declaration',
  payment: 'Payments',
};

export const PAYMENT_KIND_LABELS: Record<string, string> = {
  'first-payment-on-account': 'First payment on account',
  'second-payment-on-account': 'Second payment on account',
  'balancing-payment': 'Balancing payment',
};

/** The tax years the console offers: two back, the current one (2026-27, MTD's first) and the next. */
export const TAX_YEARS = ['2024-25', '2025-26', '2026-27', '2027-28'] as const;
export const CURRENT_TAX_YEAR = '2026-27';

/** Words for a machine label: 'awaiting-review' -> 'Awaiting review'. */
export function humanise(value: string): string {
  const words = value.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? humanise(status);
}

export type StatusChipProps = { status: string; label?: string; tone?: StatusTone } & Omit<ChipProps, 'label' | 'color'>;

/** A status as a small coloured chip, labelled in words (the colour is never the only sign). */
export function StatusChip({ status, label, tone, sx, ...props }: StatusChipProps) {
  const colours = TONES[tone ?? statusTone(status)];
  return createElement(Chip, {
    size: 'small',
    label: label ?? statusLabel(status),
    ...props,
    'data-status': status,
    sx: [
      { bgcolor: colours.light, color: colours.text, border: `1px solid ${colours.main}`, fontWeight: 500, '& .MuiChip-icon': { color: colours.main } },
      ...(Array.isArray(sx) ? sx : sx ? [sx] : []),
    ],
  } as ChipProps);
}

/** A tax year's stage as a chip in its tone. */
export function StageChip({ stage, ...props }: { stage: string } & Omit<ChipProps, 'label' | 'color'>) {
  return createElement(StatusChip, { status: stage, label: STAGE_LABELS[stage] ?? humanise(stage), tone: stageTone(stage), ...props });
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in London as 'YYYY-MM-DD', the day HMRC's deadlines are counted in. */
export function londonToday(now: Date = new Date()): string {
  return LONDON_DAY.format(now);
}

/** A step is open until it is done, skipped or cancelled. */
export function isOpenStatus(status: string): boolean {
  return !['done', 'skipped', 'cancelled'].includes(status);
}
