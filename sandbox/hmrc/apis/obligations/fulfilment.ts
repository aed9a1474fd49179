// When a quarterly obligation was met: the date HMRC received the update that covered it.
import { nextDay } from '../../../../domain/calendar';
import type { CumulativeSubmission, PeriodSubmission, SourceYear } from '../../taxpayerData';

/**
 * 2025-26 onwards: the earliest cumulative update (year to date) whose period ends on or after the obligation's end
 * fulfils it, so a late Q2 update also fulfils a missed Q1 (HMRC README §5.2). Updates without dates (annual or
 * latent sources) fulfil no quarter.
 */
function cumulativeReceived(source: SourceYear, periodEnd: string): string | undefined {
  const updates: CumulativeSubmission[] = [...source.cumulativeHistory];
  if (source.cumulative && !updates.includes(source.cumulative)) updates.push(source.cumulative);
  return updates
    .filter((u) => u.periodEndDate !== undefined && u.periodEndDate >= periodEnd)
    .map((u) => u.submittedOn)
    .sort()[0];
}

/**
 * 2024-25 and before: separate period summaries; the obligation is met once the periods received so far cover every
 * day of it (one summary for the quarter, or several shorter ones), on the day the last missing piece arrived.
 */
function periodsReceived(periods: PeriodSubmission[], periodStart: string, periodEnd: string): string | undefined {
  const received: PeriodSubmission[] = [];
  for (const period of [...periods].sort((a, b) => a.submittedOn.localeCompare(b.submittedOn))) {
    received.push(period);
    let coveredTo = periodStart;
    for (const p of [...received].sort((a, b) => a.fromDate.localeCompare(b.fromDate))) {
      if (p.fromDate <= coveredTo && p.toDate >= coveredTo) coveredTo = nextDay(p.toDate);
    }
    if (coveredTo > periodEnd) return period.submittedOn;
  }
  return undefined;
}

/** The receivedDate (YYYY-MM-DD) of the quarter, or undefined while it is open. */
export function quarterReceivedDate(source: SourceYear | undefined, periodStart: string, periodEnd: string): string | undefined {
  if (!source) return undefined;
  const instants = [cumulativeReceived(source, periodEnd), periodsReceived(source.periods, periodStart, periodEnd)].filter((d): d is string => d !== undefined);
  return instants.sort()[0]?.slice(0, 10);
}
