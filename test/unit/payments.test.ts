import { describe, expect, it } from 'vitest';
import { LATE_PAYMENT_INTEREST_RATES, latePaymentInterestPeriods, latePaymentInterestRateOn } from '../../domain/interestRates';
import { formatPounds, paymentsOnAccount, projectLatePayment, yearPayments } from '../../domain/payments';

describe('payments on account (uk-income-tax-rules.md §4)', () => {
  it('halves the relevant amount, rounding each payment down to the penny', () => {
    // £1,234.57 / 2 = £617.285 -> £617.28 each; the odd penny is left to the balancing payment.
    const decision = paymentsOnAccount({ relevantAmountPence: 123_457, taxDeductedAtSourcePence: 0, totalTaxPence: 123_457 });
    expect(decision).toMatchObject({ required: true, eachPence: 61_728 });
    expect(decision.reason).toBe(
      "Two payments on account of £617.28: half of the previous year's £1,234.57 of tax not deducted at source, rounded down to the penny (the odd penny is left to the balancing payment).",
    );
  });

  it('needs them at exactly £1,000 and not at £999.99', () => {
    // s59A(1)(c): "not less than" £1,000.
    expect(paymentsOnAccount({ relevantAmountPence: 100_000, taxDeductedAtSourcePence: 0, totalTaxPence: 100_000 })).toMatchObject({ required: true, eachPence: 50_000 });
    const under = paymentsOnAccount({ relevantAmountPence: 99_999, taxDeductedAtSourcePence: 0, totalTaxPence: 99_999 });
    expect(under).toMatchObject({ required: false, eachPence: 0 });
    expect(under.reason).toMatch(/£999\.99\) is less than £1,000/);
  });

  it('needs them at exactly 80% deducted at source and not above', () => {
    // £10,000 total, £8,000 deducted: the relevant £2,000 is exactly a fifth, so £1,000 each.
    expect(paymentsOnAccount({ relevantAmountPence: 200_000, taxDeductedAtSourcePence: 800_000, totalTaxPence: 1_000_000 })).toMatchObject({ required: true, eachPence: 100_000 });
    // One penny more deducted: 80.0001% is "more than 80%".
    const over = paymentsOnAccount({ relevantAmountPence: 199_999, taxDeductedAtSourcePence: 800_001, totalTaxPence: 1_000_000 });
    expect(over).toMatchObject({ required: false, eachPence: 0 });
    expect(over.reason).toBe("No payments on account: more than 80% of the previous year's tax (£8,000.01 of £10,000.00) was deducted at source.");
  });

  it('refuses fractional pence', () => {
    expect(() => paymentsOnAccount({ relevantAmountPence: 1000.5, taxDeductedAtSourcePence: 0, totalTaxPence: 1000 })).toThrow(RangeError);
  });
});

describe('a tax year\'s payments', () => {
  it('lists this year\'s payments on account, the balancing payment and next year\'s, by due date', () => {
    // 2026-27: liability £5,000, payments on account £2,000 + £2,000, so £1,000 to balance on 31 January 2028 with next
    // year's first £2,500.
    expect(yearPayments({ taxYear: '2026-27', liabilityPence: 500_000, paymentsOnAccountMadePence: 400_000, nextYearPaymentOnAccountPence: 250_000 })).toEqual([
      { kind: 'first-payment-on-account', taxYear: '2026-27', dueDate: '2027-01-31', amountPence: 200_000, description: 'First payment on account for 2026-27.' },
      { kind: 'second-payment-on-account', taxYear: '2026-27', dueDate: '2027-07-31', amountPence: 200_000, description: 'Second payment on account for 2026-27.' },
      { kind: 'balancing-payment', taxYear: '2026-27', dueDate: '2028-01-31', amountPence: 100_000, description: 'Balancing payment for 2026-27: liability £5,000.00 less payments on account £4,000.00.' },
      { kind: 'first-payment-on-account', taxYear: '2027-28', dueDate: '2028-01-31', amountPence: 250_000, description: "First payment on account for 2027-28, due with 2026-27's balancing payment." },
      { kind: 'second-payment-on-account', taxYear: '2027-28', dueDate: '2028-07-31', amountPence: 250_000, description: 'Second payment on account for 2027-28.' },
    ]);
  });

  it('keeps a repayment negative and says so', () => {
    // Liability £3,000 against £4,000 paid on account: £1,000 back to the client.
    const payments = yearPayments({ taxYear: '2025-26', liabilityPence: 300_000, paymentsOnAccountMadePence: 400_000, nextYearPaymentOnAccountPence: 0 });
    const repayment = payments.find((p) => p.kind === 'balancing-payment');
    expect(repayment).toMatchObject({ dueDate: '2027-01-31', amountPence: -100_000 });
    expect(repayment?.description).toMatch(/^Repayment for 2025-26, shown as a negative amount: .* leaves £1,000\.00 owed to the client/);
    expect(payments.map((p) => p.kind)).toEqual(['first-payment-on-account', 'second-payment-on-account', 'balancing-payment']);
  });

  it('puts an odd penny of payments on account on the second payment', () => {
    const [first, second] = yearPayments({ taxYear: '2026-27', liabilityPence: 0, paymentsOnAccountMadePence: 123_457, nextYearPaymentOnAccountPence: 0 });
    expect([first?.amountPence, second?.amountPence]).toEqual([61_728, 61_729]);
  });
});

describe('late payment interest rates', () => {
  it('looks up the rate in force on a date and refuses dates before the table', () => {
    expect(latePaymentInterestRateOn('2025-04-05').rate).toBe(700);
    expect(latePaymentInterestRateOn('2025-04-06').rate).toBe(850); // base 4.5% + 4
    expect(latePaymentInterestRateOn('2025-05-28').rate).toBe(825);
    expect(latePaymentInterestRateOn('2025-08-27').rate).toBe(800);
    expect(() => latePaymentInterestRateOn('2023-08-21')).toThrow(/table starts on 2023-08-22/);
    expect(LATE_PAYMENT_INTEREST_RATES.every((row, i, all) => i === 0 || all[i - 1]!.from < row.from)).toBe(true);
  });

  it('splits a span where the rate changes', () => {
    expect(latePaymentInterestPeriods('2025-08-01', '2025-09-30').map((p) => [p.from, p.to, p.rate.rate])).toEqual([
      ['2025-08-01', '2025-08-26', 825],
      ['2025-08-27', '2025-09-30', 800],
    ]);
    expect(latePaymentInterestPeriods('2025-09-30', '2025-09-29')).toEqual([]);
  });
});

describe('late payment: interest and penalties (§5.2, §5.3)', () => {
  it('£10,000 balancing payment due 31 January 2026, paid 45 days late on 17 March 2026', () => {
    // Interest: 1 Feb to 17 Mar 2026 = 45 days at 7.75%: 1,000,000p x 7.75% x 45/365 = 9,554.79p -> 9,554p.
    // Penalty: 3% after day 15 = 30,000p; 3% after day 30 = 30,000p; 10% a year for days 31-45 (15 days):
    // 1,000,000p x 10% x 15/365 = 4,109.59p -> 4,109p. Total penalty 64,109p (£641.09).
    const projection = projectLatePayment({ amountPence: 1_000_000, dueDate: '2026-01-31', asOf: '2026-03-17' });
    expect(projection).toEqual({
      daysLate: 45,
      interestPence: 9_554,
      penaltyPence: 64_109,
      breakdown: [
        { label: 'Late payment interest at 7.75% a year on £10,000.00, 1 February 2026 to 17 March 2026 (45 days)', pence: 9_554 },
        { label: 'First late payment penalty: 3% of £10,000.00 unpaid after day 15', pence: 30_000 },
        { label: 'First late payment penalty, second part: 3% of £10,000.00 still unpaid after day 30', pence: 30_000 },
        { label: 'Second late payment penalty: 10% a year on £10,000.00 from day 31 (15 days)', pence: 4_109 },
      ],
      notes: [],
    });
  });

  it('splits interest at a rate change, and charges no penalty on a payment on account', () => {
    // Second payment on account for 2024-25, £10,000 due 31 July 2025, paid 30 September 2025 (61 days):
    // 1-26 Aug at 8.25%: 1,000,000 x 8.25% x 26/365 = 5,876.71p -> 5,876p;
    // 27 Aug-30 Sep at 8.00%: 1,000,000 x 8% x 35/365 = 7,671.23p -> 7,671p. Interest 13,547p.
    const projection = projectLatePayment({ amountPence: 1_000_000, dueDate: '2025-07-31', asOf: '2025-09-30', kind: 'second-payment-on-account' });
    expect(projection.daysLate).toBe(61);
    expect(projection.breakdown.map((line) => line.pence)).toEqual([5_876, 7_671]);
    expect(projection.interestPence).toBe(13_547);
    expect(projection.penaltyPence).toBe(0);
    expect(projection.notes).toEqual(['No late payment penalty: penalties apply to the balancing payment, not to payments on account; interest still runs.']);
  });

  it('uses 2% / 2% / 4% for due dates before 1 April 2025', () => {
    // £10,000 due 31 January 2025, paid 17 March 2025 (45 days).
    // Interest: 1-24 Feb at 7.25%: 1,000,000 x 7.25% x 24/365 = 4,767.12p -> 4,767p; 25 Feb-17 Mar at 7%:
    // 1,000,000 x 7% x 21/365 = 4,027.39p -> 4,027p. Interest 8,794p.
    // Penalty: 2% + 2% = 40,000p; 4% a year for 15 days: 1,000,000 x 4% x 15/365 = 1,643.84p -> 1,643p. 41,643p.
    const projection = projectLatePayment({ amountPence: 1_000_000, dueDate: '2025-01-31', asOf: '2025-03-17' });
    expect(projection).toMatchObject({ daysLate: 45, interestPence: 8_794, penaltyPence: 41_643 });
  });

  it('has no penalty up to day 15, the first 3% from day 16, the second from day 31 with one day of 10%', () => {
    const due = '2026-01-31';
    const on = (asOf: string) => projectLatePayment({ amountPence: 1_000_000, dueDate: due, asOf });
    expect(on('2026-01-31')).toEqual({ daysLate: 0, interestPence: 0, penaltyPence: 0, breakdown: [], notes: ['Not late: due 31 January 2026.'] });
    expect(on('2026-02-15')).toMatchObject({ daysLate: 15, penaltyPence: 0, notes: ['No late payment penalty: paid within 15 days of the due date.'] });
    expect(on('2026-02-16')).toMatchObject({ daysLate: 16, penaltyPence: 30_000 });
    expect(on('2026-03-02')).toMatchObject({ daysLate: 30, penaltyPence: 30_000 });
    // Day 31: 30,000 + 30,000 + 1,000,000 x 10% x 1/365 = 273.97p -> 273p.
    expect(on('2026-03-03')).toMatchObject({ daysLate: 31, penaltyPence: 60_273 });
    // One day late: 1,000,000 x 7.75% / 365 = 212.33p -> 212p of interest.
    expect(on('2026-02-01')).toMatchObject({ daysLate: 1, interestPence: 212, penaltyPence: 0 });
  });

  it('refuses bad input', () => {
    expect(() => projectLatePayment({ amountPence: -1, dueDate: '2026-01-31', asOf: '2026-03-01' })).toThrow(RangeError);
    expect(() => projectLatePayment({ amountPence: 100, dueDate: '2026-02-30', asOf: '2026-03-01' })).toThrow(/dueDate/);
  });
});

describe('formatPounds', () => {
  it('writes pence as GOV.UK writes money', () => {
    expect(formatPounds(123_456_789)).toBe('£1,234,567.89');
    expect(formatPounds(5)).toBe('£0.05');
    expect(formatPounds(-100_000)).toBe('-£1,000.00');
  });
});
