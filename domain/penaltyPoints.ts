// MTD late-submission penalty points (FA 2021 Sch 24): who gets a point, when points expire or reset, when £200 is due.
import { addDays } from './calendar';
import type { Pence } from './incomeTax/money';
import { taxYearStartYear, type IsoDate } from './taxYear';

/** Quarterly updates and the annual return (the final declaration) keep separate points totals (§5.2). */
export type SubmissionObligation = 'quarterly' | 'annual';

export interface PenaltyPoint {
  obligation: SubmissionObligation;
  taxYear: string;
  /** The deadline that was missed. */
  dueDate: IsoDate;
  /** The day the failure counts from: the day after the due date (CH192200). HMRC's letter comes later. */
  awardedOn: IsoDate;
  /** Last day the point counts while the client is below the threshold; at the threshold it waits for a reset instead. */
  expiresOn: IsoDate;
}

/** Points at which the £200 penalty starts (§5.2; HMRC README §6.3). */
const THRESHOLDS: Readonly<Record<SubmissionObligation, number>> = { quarterly: 4, annual: 2 };

/** Months of on-time submissions that reset every point of a kind (§5.2; CH192210). */
const COMPLIANCE_MONTHS: Readonly<Record<SubmissionObligation, number>> = { quarterly: 12, annual: 24 };

export const LATE_SUBMISSION_PENALTY_PENCE: Pence = 20_000;

export function penaltyThreshold(obligation: SubmissionObligation): number {
  return THRESHOLDS[obligation];
}

/**
 * A point "expires at the end of the relevant period", 24 months "beginning on the first day of the month after the
 * end of the month in which the failure ... occurred", the failure being the day after the due date
 * (FA 2021 Sch 24 para 7; HMRC Compliance Handbook CH192200, https://www.gov.uk/hmrc-internal-manuals/compliance-handbook/ch192200).
 * CH192200's examples: due 7 April 2024 or 31 March 2024 -> expires 30 April 2026.
 */
export function pointExpiresOn(dueDate: IsoDate): IsoDate {
  return lastDayOfMonthAfter(addDays(dueDate, 1), 24);
}

/**
 * The last day of the period of compliance that starts the month after the latest late submission: 12 months for
 * quarterly updates, 24 for the annual return (CH192210). HMRC reports the same date as `periodOfComplianceAchievement`
 * (Self Assessment Accounts API, Retrieve ITSA Penalties): from the day after it, every point of the kind resets if all
 * returns due in the previous 24 months are in.
 */
export function periodOfComplianceAchievement(obligation: SubmissionObligation, latestLateDueDate: IsoDate): IsoDate {
  return lastDayOfMonthAfter(addDays(latestLateDueDate, 1), COMPLIANCE_MONTHS[obligation]);
}

/** What the caller knows beyond the points, so the period-of-compliance reset can be applied. */
export interface ComplianceHistory {
  /**
   * Due dates of late submissions of this kind that earned no point (at the threshold, soft landing): they restart the
   * period of compliance too. Points' own due dates are taken from the points.
   */
  lateDueDatesWithoutPoint?: IsoDate[];
  /** Condition B of the reset: every return of this kind due in the 24 months before is in. Only the caller can know. */
  allReturnsDueInLast24MonthsSubmitted: boolean;
}

/**
 * How many points of one kind count on `asOf`. Points expire one by one 24 months after the month of their failure,
 * unless the client is at the threshold just before that (then they stay until a reset, Sch 24 para 7).
 *
 * The reset (CH192210): all points of a kind expire once a full period of compliance (12 or 24 months from the month
 * after the latest late submission) has passed and every return due in the previous 24 months is in. HMRC applies it
 * "irrespective of how many points the person has", so it can clear quarterly points before their own 24 months. It is
 * applied only when `compliance` is given, and its condition B is taken as having held at every earlier reset too;
 * without it, points at the threshold simply stay.
 */
export function activePenaltyPoints(points: readonly PenaltyPoint[], obligation: SubmissionObligation, asOf: IsoDate, compliance?: ComplianceHistory): number {
  const threshold = THRESHOLDS[obligation];
  const resets = compliance?.allReturnsDueInLast24MonthsSubmitted === true;
  // One point per deadline, even if the caller's list repeats one.
  const mine = [...new Map(points.filter((p) => p.obligation === obligation).map((p) => [p.dueDate, p] as const)).values()];
  const pointDueDates = new Set(mine.map((p) => p.dueDate));
  const failures = [
    ...mine.map((point) => ({ dueDate: point.dueDate, failedOn: point.awardedOn, point })),
    ...(compliance?.lateDueDatesWithoutPoint ?? []).filter((d) => !pointDueDates.has(d)).map((dueDate) => ({ dueDate, failedOn: addDays(dueDate, 1), point: null })),
  ]
    .filter((f) => f.failedOn <= asOf)
    .sort((a, b) => (a.failedOn < b.failedOn ? -1 : a.failedOn > b.failedOn ? 1 : 0));

  let active: PenaltyPoint[] = [];
  // Expiries before `day`, oldest first; each needs the count below the threshold at that moment.
  const expireBefore = (day: IsoDate): void => {
    for (;;) {
      const next = active.filter((p) => p.expiresOn < day).sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : 1))[0];
      if (!next || active.length >= threshold) return;
      active = active.filter((p) => p !== next);
    }
  };
  const resetBefore = (day: IsoDate, latestLateDueDate: IsoDate | null): void => {
    if (resets && latestLateDueDate !== null && day > periodOfComplianceAchievement(obligation, latestLateDueDate)) active = [];
  };

  let latestLateDueDate: IsoDate | null = null;
  for (const failure of failures) {
    expireBefore(failure.failedOn);
    resetBefore(failure.failedOn, latestLateDueDate);
    if (failure.point) active.push(failure.point);
    if (latestLateDueDate === null || failure.dueDate > latestLateDueDate) latestLateDueDate = failure.dueDate;
  }
  expireBefore(asOf);
  resetBefore(asOf, latestLateDueDate);
  return active.length;
}

export interface LateSubmissionAssessment {
  /** The new point, or null when none is awarded (not late, already counted, soft landing, already at the threshold). */
  point: PenaltyPoint | null;
  /** A sentence staff can read to the client. */
  reason: string;
  /** Points of this kind counting on `asOf`, the new one included. */
  activePoints: number;
  threshold: number;
  distanceToThreshold: number;
  /** £200 when this failure reaches the threshold or comes while at it; otherwise 0. */
  penaltyPence: Pence;
}

/**
 * Whether a submission due on `dueDate` earns a penalty point, and whether it costs £200, given the points already on
 * the client's record (§5.2, FA 2021 Sch 24). `earlierPoints` are the points HMRC has not cancelled on appeal; points
 * of the other kind are ignored. Idempotent: asking again with the new point among `earlierPoints` awards nothing more.
 * A submission sent on its due date is on time, so the failure is seen from the day after: `asOf` must be later than
 * `dueDate` (and `submittedOn`, if given, later too) for anything to be awarded.
 *
 * - One point per missed deadline, and at most one per obligation kind per calendar month (CH192170), which also makes
 *   several businesses missing the same quarterly deadline one point.
 * - Below the threshold a point is awarded; the one that reaches the threshold carries a £200 penalty.
 * - At the threshold no further point is awarded (CH192170) but each further late submission costs £200. The caller
 *   must record those due dates (ComplianceHistory.lateDueDatesWithoutPoint) and not ask twice for one deadline: there
 *   is no point to make that idempotent.
 * - Quarterly updates earn no points for 2026-27 (the soft landing), before it (the testing phase), or while the client
 *   is a volunteer (`mandated: false`); the annual return is not covered by any of these.
 */
export function assessLateSubmission(
  input: { obligation: SubmissionObligation; taxYear: string; dueDate: IsoDate; asOf: IsoDate; submittedOn?: IsoDate | null; mandated?: boolean; compliance?: ComplianceHistory },
  earlierPoints: readonly PenaltyPoint[],
): LateSubmissionAssessment {
  const { obligation, taxYear, dueDate, asOf, submittedOn } = input;
  const startYear = taxYearStartYear(taxYear);
  const threshold = THRESHOLDS[obligation];
  const words = WORDS[obligation];
  const what = `${words.the} for ${taxYear}, due ${formatDate(dueDate)},`;
  // A late submission restarts the period of compliance even when it earns no point, so it joins the history here.
  const result = (point: PenaltyPoint | null, reason: string, penaltyPence: Pence, late: boolean): LateSubmissionAssessment => {
    const compliance = input.compliance && late && !point ? { ...input.compliance, lateDueDatesWithoutPoint: [...(input.compliance.lateDueDatesWithoutPoint ?? []), dueDate] } : input.compliance;
    const activePoints = activePenaltyPoints(point ? [...earlierPoints, point] : earlierPoints, obligation, asOf, compliance);
    return { point, reason, activePoints, threshold, distanceToThreshold: Math.max(0, threshold - activePoints), penaltyPence };
  };

  if (submittedOn && submittedOn <= dueDate) return result(null, `${what} was sent on time (${formatDate(submittedOn)}): no penalty point.`, 0, false);
  if (asOf <= dueDate) return result(null, `${what} is not late yet.`, 0, false);

  const failedOn = addDays(dueDate, 1);
  const sameMonth = earlierPoints.find((p) => p.obligation === obligation && p.awardedOn.slice(0, 7) === failedOn.slice(0, 7));
  if (sameMonth) {
    const already =
      sameMonth.dueDate === dueDate ? 'already has its penalty point' : `falls in the same month as the missed deadline of ${formatDate(sameMonth.dueDate)}, which already earned a point (one point a month at most)`;
    return result(null, `${what} was late but ${already}: nothing more is awarded.`, 0, true);
  }
  if (obligation === 'quarterly') {
    if (startYear === 2026) {
      return result(
        null,
        `${what} was late, but HMRC awards no penalty points for late quarterly updates in 2026-27, the first year of MTD (the soft landing). Late final declarations and late payments are not covered.`,
        0,
        true,
      );
    }
    if (startYear < 2026) return result(null, `${what} was late, but quarterly updates earned no penalty points before 2026-27 (HMRC's testing phase).`, 0, true);
    if (input.mandated === false) {
      return result(null, `${what} was late, but the client is in MTD voluntarily and HMRC awards points for quarterly updates only once MTD is mandatory for them.`, 0, true);
    }
  }

  const compliance = input.compliance && { ...input.compliance, lateDueDatesWithoutPoint: (input.compliance.lateDueDatesWithoutPoint ?? []).filter((d) => d < dueDate) };
  const before = activePenaltyPoints(
    earlierPoints.filter((p) => p.awardedOn < failedOn),
    obligation,
    failedOn,
    compliance,
  );
  const resetRule = `Points now stay until every ${words.one} is on time for ${COMPLIANCE_MONTHS[obligation]} months (to ${formatDate(periodOfComplianceAchievement(obligation, dueDate))}) and every return due in the previous 24 months is in.`;
  if (before >= threshold) {
    return result(null, `${what} was late. The client is already at the threshold of ${threshold} points for ${words.many}, so no point is added but HMRC charges another £200 penalty. ${resetRule}`, LATE_SUBMISSION_PENALTY_PENCE, true);
  }

  const point: PenaltyPoint = { obligation, taxYear, dueDate, awardedOn: failedOn, expiresOn: pointExpiresOn(dueDate) };
  const count = before + 1;
  if (count >= threshold) {
    return result(
      point,
      `${what} was late: penalty point ${count} of ${threshold} for ${words.many}. That reaches the threshold, so HMRC charges a £200 penalty, and £200 for every further late ${words.one}. ${resetRule}`,
      LATE_SUBMISSION_PENALTY_PENCE,
      true,
    );
  }
  return result(point, `${what} was late: penalty point ${count} of ${threshold} for ${words.many}, no penalty yet. The point expires after ${formatDate(point.expiresOn)} if the client stays below ${threshold} points.`, 0, true);
}

const WORDS: Readonly<Record<SubmissionObligation, { the: string; one: string; many: string }>> = {
  quarterly: { the: 'The quarterly update', one: 'quarterly update', many: 'quarterly updates' },
  annual: { the: 'The final declaration (annual return)', one: 'annual return', many: 'annual returns' },
};

/** The last day of the month `months` after the month `date` falls in. */
function lastDayOfMonthAfter(date: IsoDate, months: number): IsoDate {
  const monthIndex = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  // Day 0 of the following month is the last day of this one.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function formatDate(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}
