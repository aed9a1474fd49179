// How tax dates become instants a workflow waits for: the real London calendar, or a compressed one where a day
// lasts a few hundred milliseconds so a demo or a test runs a whole year in minutes with the same workflow code.
import { addDays, daysBetween } from './calendar';
import type { IsoDate } from './taxYear';

export type Timeline =
  | { kind: 'real' }
  /** `origin` (a date) begins at the instant `originAt`, and every later day lasts `msPerDay`. */
  | { kind: 'compressed'; origin: IsoDate; originAt: string; msPerDay: number };

export const REAL_TIMELINE: Timeline = { kind: 'real' };

/** The instant (ms since epoch) a date begins: midnight in London, or its place on the compressed line. */
export function startOfDate(date: IsoDate, timeline: Timeline): number {
  if (timeline.kind === 'real') return londonStartOfDay(date).getTime();
  return Date.parse(timeline.originAt) + daysBetween(timeline.origin, date) * timeline.msPerDay;
}

/** The last millisecond of a date: a deadline "on the 7th" holds until the 8th begins. */
export function endOfDate(date: IsoDate, timeline: Timeline): number {
  return startOfDate(addDays(date, 1), timeline) - 1;
}

/** The date it is at an instant. */
export function dateAt(instantMs: number, timeline: Timeline): IsoDate {
  if (timeline.kind === 'real') return londonDate(new Date(instantMs));
  return addDays(timeline.origin, Math.floor((instantMs - Date.parse(timeline.originAt)) / timeline.msPerDay));
}

/** How long `days` days last on the timeline (for reminders and polling between dates). */
export function durationOfDays(days: number, timeline: Timeline): number {
  return timeline.kind === 'real' ? days * 86_400_000 : days * timeline.msPerDay;
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

export function londonDate(instant: Date): IsoDate {
  return londonDateTime(instant).slice(0, 10);
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
