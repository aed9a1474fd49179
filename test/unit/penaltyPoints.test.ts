import { describe, expect, it } from 'vitest';
import { addDays, finalDeclarationWindow, quarterlyPeriods } from '../../domain/calendar';
import {
  activePenaltyPoints,
  assessLateSubmission,
  periodOfComplianceAchievement,
  pointExpiresOn,
  type PenaltyPoint,
} from '../../domain/penaltyPoints';

/** Misses each deadline in turn, feeding every new point back in, as a workflow would. */
function missAll(deadlines: { obligation: 'quarterly' | 'annual'; taxYear: string; dueDate: string }[], start: PenaltyPoint[] = []) {
  const points = [...start];
  return deadlines.map((deadline) => {
    const assessment = assessLateSubmission({ ...deadline, asOf: addDays(deadline.dueDate, 10) }, points);
    if (assessment.point) points.push(assessment.point);
    return { assessment, points: [...points] };
  });
}

const quarters = (taxYear: string) => quarterlyPeriods(taxYear).map((q) => ({ obligation: 'quarterly' as const, taxYear, dueDate: q.dueDate }));

describe('expiry dates (CH192200)', () => {
  it('runs 24 months from the month after the failure, the failure being the day after the due date', () => {
    // HMRC's own examples: due 7 April 2024 or 31 March 2024 (failure 1 April) -> expires 30 April 2026.
    expect(pointExpiresOn('2024-04-07')).toBe('2026-04-30');
    expect(pointExpiresOn('2024-03-31')).toBe('2026-04-30');
    // 2027-28 Q1 due 7 August 2027 -> failure in August 2027 -> 31 August 2029.
    expect(pointExpiresOn('2027-08-07')).toBe('2029-08-31');
    // Final declaration for 2026-27 due 31 January 2028 -> failure 1 February 2028 -> 28 February 2030.
    expect(pointExpiresOn('2028-01-31')).toBe('2030-02-28');
  });

  it('gives the period of compliance as HMRC reports it (periodOfComplianceAchievement)', () => {
    // The API's example: a point for the return due 7 November 2024 and compliance achieved 30 November 2025.
    expect(periodOfComplianceAchievement('quarterly', '2024-11-07')).toBe('2025-11-30');
    expect(periodOfComplianceAchievement('annual', '2029-01-31')).toBe('2031-02-28');
  });
});

describe('late quarterly updates', () => {
  it('earn nothing in 2026-27 (soft landing) or before (testing phase)', () => {
    const softLanding = assessLateSubmission({ obligation: 'quarterly', taxYear: '2026-27', dueDate: '2026-08-07', asOf: '2026-08-20' }, []);
    expect(softLanding).toMatchObject({ point: null, penaltyPence: 0, activePoints: 0, threshold: 4, distanceToThreshold: 4 });
    expect(softLanding.reason).toBe(
      'The quarterly update for 2026-27, due 7 August 2026, was late, but HMRC awards no penalty points for late quarterly updates in 2026-27, the first year of MTD (the soft landing). Late final declarations and late payments are not covered.',
    );
    expect(assessLateSubmission({ obligation: 'quarterly', taxYear: '2025-26', dueDate: '2025-08-05', asOf: '2025-09-01' }, []).reason).toMatch(/testing phase/);
  });

  it('earn nothing for a volunteer', () => {
    const volunteer = assessLateSubmission({ obligation: 'quarterly', taxYear: '2027-28', dueDate: '2027-08-07', asOf: '2027-08-20', mandated: false }, []);
    expect(volunteer.point).toBeNull();
    expect(volunteer.reason).toMatch(/voluntarily/);
  });

  it('earn one point each from 2027-28, £200 at the fourth, £200 and no point after that', () => {
    const results = missAll([...quarters('2027-28'), ...quarters('2028-29').slice(0, 1)]);
    expect(results.map((r) => [r.assessment.point?.dueDate ?? null, r.assessment.activePoints, r.assessment.distanceToThreshold, r.assessment.penaltyPence])).toEqual([
      ['2027-08-07', 1, 3, 0],
      ['2027-11-07', 2, 2, 0],
      ['2028-02-07', 3, 1, 0],
      ['2028-05-07', 4, 0, 20_000],
      [null, 4, 0, 20_000],
    ]);
    expect(results[0]!.assessment.point).toEqual({ obligation: 'quarterly', taxYear: '2027-28', dueDate: '2027-08-07', awardedOn: '2027-08-08', expiresOn: '2029-08-31' });
    expect(results[0]!.assessment.reason).toBe(
      'The quarterly update for 2027-28, due 7 August 2027, was late: penalty point 1 of 4 for quarterly updates, no penalty yet. The point expires after 31 August 2029 if the client stays below 4 points.',
    );
    expect(results[3]!.assessment.reason).toBe(
      'The quarterly update for 2027-28, due 7 May 2028, was late: penalty point 4 of 4 for quarterly updates. That reaches the threshold, so HMRC charges a £200 penalty, and £200 for every further late quarterly update. Points now stay until every quarterly update is on time for 12 months (to 31 May 2029) and every return due in the previous 24 months is in.',
    );
    expect(results[4]!.assessment.reason).toMatch(/already at the threshold of 4 points for quarterly updates, so no point is added but HMRC charges another £200 penalty/);
  });

  it('awards nothing twice for the same deadline (several businesses, or a workflow asking again)', () => {
    const first = assessLateSubmission({ obligation: 'quarterly', taxYear: '2027-28', dueDate: '2027-08-07', asOf: '2027-08-10' }, []);
    const again = assessLateSubmission({ obligation: 'quarterly', taxYear: '2027-28', dueDate: '2027-08-07', asOf: '2027-08-12' }, [first.point!]);
    expect(again).toMatchObject({ point: null, penaltyPence: 0, activePoints: 1 });
    expect(again.reason).toMatch(/already has its penalty point/);
  });

  it('are not late before the deadline passes, or when sent on time', () => {
    expect(assessLateSubmission({ obligation: 'quarterly', taxYear: '2027-28', dueDate: '2027-08-07', asOf: '2027-08-07' }, [])).toMatchObject({ point: null, reason: 'The quarterly update for 2027-28, due 7 August 2027, is not late yet.' });
    expect(assessLateSubmission({ obligation: 'quarterly', taxYear: '2027-28', dueDate: '2027-08-07', asOf: '2027-09-01', submittedOn: '2027-08-07' }, []).point).toBeNull();
  });
});

describe('late final declarations', () => {
  const fd = (taxYear: string) => ({ obligation: 'annual' as const, taxYear, dueDate: finalDeclarationWindow(taxYear).dueDate });

  it('earn points from 2026-27, with no soft landing, £200 at the second', () => {
    const results = missAll([fd('2026-27'), fd('2027-28')]);
    expect(results.map((r) => [r.assessment.point?.expiresOn, r.assessment.activePoints, r.assessment.penaltyPence])).toEqual([
      ['2030-02-28', 1, 0],
      ['2031-02-28', 2, 20_000],
    ]);
  });

  it('keep a separate total from quarterly updates', () => {
    const [quarterly] = missAll(quarters('2027-28').slice(0, 1));
    const annual = assessLateSubmission({ ...fd('2026-27'), asOf: '2028-02-10' }, quarterly!.points);
    expect(annual).toMatchObject({ activePoints: 1, threshold: 2, distanceToThreshold: 1, penaltyPence: 0 });
  });
});

describe('active points on a date', () => {
  const point = (dueDate: string, obligation: 'quarterly' | 'annual' = 'annual'): PenaltyPoint => {
    const assessment = assessLateSubmission({ obligation, taxYear: obligation === 'annual' ? '2026-27' : '2027-28', dueDate, asOf: addDays(dueDate, 10) }, []);
    return assessment.point!;
  };

  it('drops a point after its last day while below the threshold', () => {
    const late = point('2028-01-31');
    expect(activePenaltyPoints([late], 'annual', '2028-01-31')).toBe(0); // the failure is the next day
    expect(activePenaltyPoints([late], 'annual', '2028-02-01')).toBe(1);
    expect(activePenaltyPoints([late], 'annual', '2030-02-28')).toBe(1);
    expect(activePenaltyPoints([late], 'annual', '2030-03-01')).toBe(0);
  });

  it('counts an expired point out of the next assessment', () => {
    // Quarterly point from August 2027 expires after 31 August 2029; the next miss (due 7 November 2029) is point 1 again.
    const old = point('2027-08-07', 'quarterly');
    const next = assessLateSubmission({ obligation: 'quarterly', taxYear: '2029-30', dueDate: '2029-11-07', asOf: '2029-11-10' }, [old]);
    expect(next).toMatchObject({ activePoints: 1, distanceToThreshold: 3 });
    expect(next.reason).toMatch(/penalty point 1 of 4/);
  });

  it('keeps points at the threshold past their expiry until the period of compliance resets them', () => {
    const points = [point('2028-01-31'), { ...point('2029-01-31'), taxYear: '2027-28' }];
    // The first would expire after 28 February 2030, but the client is at 2 of 2 then.
    expect(activePenaltyPoints(points, 'annual', '2030-03-01')).toBe(2);
    expect(activePenaltyPoints(points, 'annual', '2035-01-01')).toBe(2);
    // Reset: 24 months from March 2029 (the month after the latest failure) ends 28 February 2031.
    const compliant = { allReturnsDueInLast24MonthsSubmitted: true };
    expect(activePenaltyPoints(points, 'annual', '2031-02-28', compliant)).toBe(2);
    expect(activePenaltyPoints(points, 'annual', '2031-03-01', compliant)).toBe(0);
    // A return still outstanding blocks the reset (condition B).
    expect(activePenaltyPoints(points, 'annual', '2031-03-01', { allReturnsDueInLast24MonthsSubmitted: false })).toBe(2);
    // A late return that earned no point restarts the period: due 31 January 2030 -> compliance to 28 February 2032.
    expect(activePenaltyPoints(points, 'annual', '2031-03-01', { ...compliant, lateDueDatesWithoutPoint: ['2030-01-31'] })).toBe(2);
    expect(activePenaltyPoints(points, 'annual', '2032-03-01', { ...compliant, lateDueDatesWithoutPoint: ['2030-01-31'] })).toBe(0);
  });

  it('resets quarterly points after 12 compliant months, whatever their number (CH192210)', () => {
    const one = point('2027-08-07', 'quarterly');
    expect(activePenaltyPoints([one], 'quarterly', '2028-09-01')).toBe(1);
    expect(activePenaltyPoints([one], 'quarterly', '2028-08-31', { allReturnsDueInLast24MonthsSubmitted: true })).toBe(1);
    expect(activePenaltyPoints([one], 'quarterly', '2028-09-01', { allReturnsDueInLast24MonthsSubmitted: true })).toBe(0);
  });

  it('starts afresh after a reset when the next failure comes', () => {
    const points = [point('2028-01-31'), { ...point('2029-01-31'), taxYear: '2027-28' }];
    const after = assessLateSubmission(
      { obligation: 'annual', taxYear: '2030-31', dueDate: '2032-01-31', asOf: '2032-02-05', compliance: { allReturnsDueInLast24MonthsSubmitted: true } },
      points,
    );
    expect(after).toMatchObject({ activePoints: 1, penaltyPence: 0 });
    // Without the compliance history the old points still stand, so this one costs £200.
    expect(assessLateSubmission({ obligation: 'annual', taxYear: '2030-31', dueDate: '2032-01-31', asOf: '2032-02-05' }, points)).toMatchObject({ point: null, penaltyPence: 20_000 });
  });
});
