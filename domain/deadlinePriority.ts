// Which HMRC work goes first when the rate limit makes it queue: the nearer its deadline, the sooner (Temporal's
// priority key, 1 = first, 5 = last; the server's default range).
import { daysBetween } from './calendar';
import type { IsoDate } from './taxYear';

/** Overdue or due within a week: 1; two weeks: 2; a month: 3; a quarter: 4; later or no deadline: 5. */
export function deadlinePriority(dueDate: IsoDate | null, today: IsoDate): 1 | 2 | 3 | 4 | 5 {
  if (dueDate === null) return 5;
  const days = daysBetween(today, dueDate);
  if (days <= 7) return 1;
  if (days <= 14) return 2;
  if (days <= 31) return 3;
  if (days <= 92) return 4;
  return 5;
}
