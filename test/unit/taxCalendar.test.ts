import { describe, expect, it } from 'vitest';
import { finalDeclarationWindow, paymentDates, quarterlyPeriods } from '../../domain/calendar';
import { REAL_TIMELINE, dateAt, durationOfDays, endOfDate, londonStartOfDay, startOfDate, type Timeline } from '../../domain/timeline';
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

describe('timelines: the real London calendar and a compressed one', () => {
  it('London midnight is 23:00 UTC the day before in summer and 00:00 UTC in winter', () => {
    expect(londonStartOfDay('2026-07-06').toISOString()).toBe('2026-07-05T23:00:00.000Z');
    expect(londonStartOfDay('2027-01-06').toISOString()).toBe('2027-01-06T00:00:00.000Z');
    // The day the clocks go forward (29 March 2026) starts at 00:00 GMT.
    expect(londonStartOfDay('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    // The day they go back (25 October 2026) starts at 00:00 BST.
    expect(londonStartOfDay('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
  });

  it('on the real timeline a date starts at London midnight and a deadline holds to the last millisecond of its day', () => {
    expect(new Date(startOfDate('2026-07-06', REAL_TIMELINE)).toISOString()).toBe('2026-07-05T23:00:00.000Z');
    expect(new Date(endOfDate('2026-08-07', REAL_TIMELINE)).toISOString()).toBe('2026-08-07T22:59:59.999Z');
    expect(dateAt(Date.parse('2026-07-05T23:30:00Z'), REAL_TIMELINE)).toBe('2026-07-06');
    expect(dateAt(Date.parse('2027-01-05T23:30:00Z'), REAL_TIMELINE)).toBe('2027-01-05');
  });

  it('a compressed timeline keeps the calendar proportions: day N after the origin begins N * msPerDay later', () => {
    const timeline: Timeline = { kind: 'compressed', origin: '2026-04-06', originAt: '2026-11-22T09:00:00.000Z', msPerDay: 1000 };
    expect(new Date(startOfDate('2026-04-06', timeline)).toISOString()).toBe('2026-11-22T09:00:00.000Z');
    // 6 Apr -> 6 Jul is 91 days.
    expect(new Date(startOfDate('2026-07-06', timeline)).toISOString()).toBe('2026-11-22T09:01:31.000Z');
    // Due 7 Aug: 123 days in; the day ends a millisecond before day 124.
    expect(endOfDate('2026-08-07', timeline)).toBe(Date.parse('2026-11-22T09:00:00Z') + 124_000 - 1);
    expect(dateAt(Date.parse('2026-11-22T09:01:31.500Z'), timeline)).toBe('2026-07-06');
    expect(durationOfDays(7, timeline)).toBe(7000);
  });
});
