import { describe, expect, it } from 'vitest';
import { finalDeclarationWindow, paymentDates, quarterlyPeriods } from '../../domain/calendar';
import { compressedSchedule, londonStartOfDay, planYear, realSchedule } from '../../domain/schedule';
import { isTaxYear, taxYearEnd, taxYearOf, taxYearProblem, taxYearStart } from '../../domain/taxYear';

describe('tax years', () => {
  it('accepts YYYY-YY where the second part is the next year', () => {
    expect(isTaxYear('2026-27')).toBe(true);
    expect(isTaxYear('2099-00')).toBe(true);
    expect(taxYearProblem('2026-28')).toMatch(/end in 27/);
    expect(taxYearProblem('26-27')).toMatch(/'YYYY-YY'/);
    expect(taxYearProblem('2016-17')).toMatch(/from 2017-18/);
  });

  it('runs 6 April to 5 April, and places dates in the right year', () => {
    expect(taxYearStart('2026-27')).toBe('2026-04-06');
    expect(taxYearEnd('2026-27')).toBe('2027-04-05');
    expect(taxYearOf('2027-04-05')).toBe('2026-27');
    expect(taxYearOf('2027-04-06')).toBe('2027-28');
    expect(taxYearOf('2026-12-25')).toBe('2026-27');
  });
});

describe('quarterly periods (HMRC README §6.1)', () => {
  it('2026-27 onwards: cumulative standard quarters due on the 7th', () => {
    expect(quarterlyPeriods('2026-27')).toEqual([
      { quarter: 1, periodStart: '2026-04-06', periodEnd: '2026-07-05', dueDate: '2026-08-07' },
      { quarter: 2, periodStart: '2026-04-06', periodEnd: '2026-10-05', dueDate: '2026-11-07' },
      { quarter: 3, periodStart: '2026-04-06', periodEnd: '2027-01-05', dueDate: '2027-02-07' },
      { quarter: 4, periodStart: '2026-04-06', periodEnd: '2027-04-05', dueDate: '2027-05-07' },
    ]);
  });

  it('2025-26: cumulative, due on the 5th', () => {
    expect(quarterlyPeriods('2025-26').map((q) => [q.periodStart, q.dueDate])).toEqual([
      ['2025-04-06', '2025-08-05'],
      ['2025-04-06', '2025-11-05'],
      ['2025-04-06', '2026-02-05'],
      ['2025-04-06', '2026-05-05'],
    ]);
  });

  it('2024-25 and before: each quarter separate', () => {
    expect(quarterlyPeriods('2024-25').map((q) => [q.periodStart, q.periodEnd])).toEqual([
      ['2024-04-06', '2024-07-05'],
      ['2024-07-06', '2024-10-05'],
      ['2024-10-06', '2025-01-05'],
      ['2025-01-06', '2025-04-05'],
    ]);
  });

  it('calendar quarters start 1 April, or 6 April in the first year of the election', () => {
    expect(quarterlyPeriods('2026-27', { periodType: 'calendar' }).map((q) => [q.periodStart, q.periodEnd, q.dueDate])).toEqual([
      ['2026-04-01', '2026-06-30', '2026-08-07'],
      ['2026-04-01', '2026-09-30', '2026-11-07'],
      ['2026-04-01', '2026-12-31', '2027-02-07'],
      ['2026-04-01', '2027-03-31', '2027-05-07'],
    ]);
    expect(quarterlyPeriods('2026-27', { periodType: 'calendar', firstYearOfElection: true })[0]!.periodStart).toBe('2026-04-06');
  });

  it('final declaration and payment dates', () => {
    expect(finalDeclarationWindow('2026-27')).toEqual({ opensOn: '2027-04-06', dueDate: '2028-01-31' });
    expect(paymentDates('2026-27')).toEqual({ firstPaymentOnAccount: '2027-01-31', secondPaymentOnAccount: '2027-07-31', balancingPayment: '2028-01-31' });
  });
});

describe('the year plan and its schedules', () => {
  it('plans authorisation, four quarterly updates and the final declaration, in order', () => {
    const plan = planYear('2026-27');
    expect(plan.map((s) => [s.key, s.opensOn, s.dueDate])).toEqual([
      ['authorisation', '2026-04-06', null],
      ['quarterly-update/q1', '2026-07-06', '2026-08-07'],
      ['quarterly-update/q2', '2026-10-06', '2026-11-07'],
      ['quarterly-update/q3', '2027-01-06', '2027-02-07'],
      ['quarterly-update/q4', '2027-04-06', '2027-05-07'],
      ['final-declaration', '2027-04-06', '2028-01-31'],
    ]);
  });

  it('London midnight is 23:00 UTC the day before in summer and 00:00 UTC in winter', () => {
    expect(londonStartOfDay('2026-07-06').toISOString()).toBe('2026-07-05T23:00:00.000Z');
    expect(londonStartOfDay('2027-01-06').toISOString()).toBe('2027-01-06T00:00:00.000Z');
    // The day the clocks go forward (29 March 2026) starts at 00:00 GMT.
    expect(londonStartOfDay('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    // The day they go back (25 October 2026) starts at 00:00 BST.
    expect(londonStartOfDay('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
  });

  it('the real schedule opens steps at London midnight and ends due dates at the last instant of the day', () => {
    const q1 = realSchedule(planYear('2026-27'))[1]!;
    expect(q1.opensAt).toBe('2026-07-05T23:00:00.000Z');
    expect(q1.dueAt).toBe('2026-08-07T22:59:59.999Z');
  });

  it('a compressed schedule keeps the calendar proportions: day N of the year is N * msPerDay after the start', () => {
    const start = new Date('2026-11-22T09:00:00Z');
    const schedule = compressedSchedule(planYear('2026-27'), '2026-27', start, 1000);
    expect(schedule[0]!.opensAt).toBe('2026-11-22T09:00:00.000Z');
    // 6 Apr -> 6 Jul is 91 days.
    expect(schedule[1]!.opensAt).toBe('2026-11-22T09:01:31.000Z');
    // Due 7 Aug: 123 days in; the day ends a millisecond before day 124.
    expect(schedule[1]!.dueAt).toBe(new Date(start.getTime() + 124_000 - 1).toISOString());
  });
});
