// A client's year as dated steps, and the schedule of instants a workflow waits on (real or compressed).
import { addDays, daysBetween, finalDeclarationWindow, quarterlyPeriods, type QuarterlyPeriodType } from './calendar';
import { taxYearStart, type IsoDate } from './taxYear';

export type StepKind = 'authorisation' | 'quarterly-update' | 'final-declaration';

export interface PlannedStep {
  /** Unique within the tax year, e.g. 'quarterly-update/q2'. */
  key: string;
  kind: StepKind;
  periodStart: IsoDate | null;
  periodEnd: IsoDate | null;
  /** The first day the step can be done. */
  opensOn: IsoDate;
  dueDate: IsoDate | null;
}

/** The steps of a tax year in the order they open. Businesses are added by later steps, not planned here. */
export function planYear(taxYear: string, periodType: QuarterlyPeriodType = 'standard'): PlannedStep[] {
  const start = taxYearStart(taxYear);
  const quarters = quarterlyPeriods(taxYear, { periodType });
  const finalDeclaration = finalDeclarationWindow(taxYear);
  return [
    { key: 'authorisation', kind: 'authorisation', periodStart: null, periodEnd: null, opensOn: start, dueDate: null },
    ...quarters.map((q) => ({
      key: `quarterly-update/q${q.quarter}`,
      kind: 'quarterly-update' as const,
      periodStart: q.periodStart,
      periodEnd: q.periodEnd,
      opensOn: addDays(q.periodEnd, 1),
      dueDate: q.dueDate,
    })),
    { key: 'final-declaration', kind: 'final-declaration', periodStart: start, periodEnd: quarters[3]!.periodEnd, opensOn: finalDeclaration.opensOn, dueDate: finalDeclaration.dueDate },
  ];
}

export interface ScheduledStep extends PlannedStep {
  /** ISO instant from which the workflow treats the step as open. */
  opensAt: string;
  /** ISO instant of the end of the due date (23:59:59.999 London), or null. */
  dueAt: string | null;
}

/** The real schedule: each date is a day in Europe/London. */
export function realSchedule(steps: PlannedStep[]): ScheduledStep[] {
  return steps.map((step) => ({
    ...step,
    opensAt: londonStartOfDay(step.opensOn).toISOString(),
    dueAt: step.dueDate ? new Date(londonStartOfDay(addDays(step.dueDate, 1)).getTime() - 1).toISOString() : null,
  }));
}

/**
 * A compressed schedule for demos and tests: the tax year's first day begins at `startAt` and each calendar day
 * lasts `msPerDay`, so the workflow code is the same as in a real year, only the instants differ.
 */
export function compressedSchedule(steps: PlannedStep[], taxYear: string, startAt: Date, msPerDay: number): ScheduledStep[] {
  const origin = taxYearStart(taxYear);
  const at = (date: IsoDate) => new Date(startAt.getTime() + daysBetween(origin, date) * msPerDay).toISOString();
  return steps.map((step) => ({
    ...step,
    opensAt: at(step.opensOn),
    dueAt: step.dueDate ? new Date(Date.parse(at(addDays(step.dueDate, 1))) - 1).toISOString() : null,
  }));
}

/** Midnight at the start of a date in Europe/London, as a UTC instant (GMT in winter, BST in summer). */
export function londonStartOfDay(date: IsoDate): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // London is UTC or UTC+1; at 00:00 London the UTC time is 00:00 or the previous day's 23:00.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(utcMidnight - offsetHours * 3_600_000);
    if (londonDateTime(candidate) === `${date} 00:00`) return candidate;
  }
  return new Date(utcMidnight);
}

function londonDateTime(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
