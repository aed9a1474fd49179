// Landlords, mixed sources and losses: worked by hand from the reference (2026-27, England unless said), in pence.
import { describe, expect, it } from 'vitest';
import { calculateIncomeTax, pounds, type IncomeTaxInput, type SelfEmploymentInput } from '../../domain/incomeTax';

function year(extra: Partial<IncomeTaxInput>): IncomeTaxInput {
  return { taxYear: '2026-27', residency: 'england', ...extra };
}

function trade(id: string, income: number, expenses: number, extra: Partial<SelfEmploymentInput> = {}): SelfEmploymentInput {
  return { id, income: pounds(income), expenses: pounds(expenses), ...extra };
}

describe('landlords', () => {
  it('UK property with residential finance costs relieved at 20%, no Class 4', () => {
    // Rents 30,000 - expenses 5,000 = profit 25,000 (finance costs 6,000 not deducted). PA 12,570 -> taxable 12,430
    // @ 20% = 2,486.00. Reducer: lowest of finance costs 6,000, profit 25,000, ATI (25,000 - 12,570) 12,430 -> 6,000
    // @ 20% = 1,200.00. Income tax due 1,286.00.
    const calc = calculateIncomeTax(year({ ukProperty: { income: pounds(30_000), expenses: pounds(5_000), residentialFinanceCosts: pounds(6_000) } }));
    expect(calc.ukProperty).toMatchObject({ netProfit: 2_500_000, taxableProfit: 2_500_000 });
    expect(calc.incomeTax.incomeTaxCharged).toBe(248_600);
    expect(calc.incomeTax.residentialFinanceCosts).toEqual({
      adjustedTotalIncome: 1_243_000,
      totalAllowableAmount: 600_000,
      relievableAmount: 600_000,
      rate: 2000,
      relief: 120_000,
      ukProperty: { amountClaimed: 600_000, allowableAmount: 600_000, carryForwardAmount: 0 },
      foreignProperty: null,
    });
    expect(calc.nics.class4.totalAmount).toBe(0);
    expect(calc.incomeTaxAndNicsDue).toBe(128_600);
  });

  it('finance costs above adjusted total income are carried forward', () => {
    // Rents 20,000 - expenses 2,000 = 18,000; taxable 5,430 @ 20% = 1,086.00. ATI 5,430 < finance costs 8,000:
    // 5,430 @ 20% = 1,086.00 relief -> nothing due; 8,000 - 5,430 = 2,570 carried forward.
    const calc = calculateIncomeTax(year({ ukProperty: { income: pounds(20_000), expenses: pounds(2_000), residentialFinanceCosts: pounds(8_000) } }));
    expect(calc.incomeTax.residentialFinanceCosts).toMatchObject({ relievableAmount: 543_000, relief: 108_600 });
    expect(calc.incomeTax.residentialFinanceCosts.ukProperty?.carryForwardAmount).toBe(257_000);
    expect(calc.incomeTax.incomeTaxDue).toBe(0);
  });

  it('property allowance instead of expenses, never making a loss', () => {
    // Rents 800 with the £1,000 allowance: 800 of it used, profit nil. Rents 3,000: profit 2,000.
    const small = calculateIncomeTax(year({ ukProperty: { income: pounds(800), propertyAllowance: pounds(1_000) } }));
    expect(small.ukProperty).toMatchObject({ propertyAllowance: 80_000, netProfit: 0, netLoss: 0 });
    const larger = calculateIncomeTax(year({ foreignProperty: { income: pounds(3_000), propertyAllowance: pounds(1_000) } }));
    expect(larger.foreignProperty).toMatchObject({ propertyAllowance: 100_000, netProfit: 200_000 });
  });
});

describe('self-employment and property together', () => {
  it('profit £40,000 and property £15,000: Class 4 on the trade only', () => {
    // Total 55,000; PA 12,570; taxable 42,430: 37,700 @ 20% = 7,540.00; 4,730 @ 40% = 1,892.00 -> 9,432.00
    // Class 4 on 40,000 only: 27,430 @ 6% = 1,645.80. Total 11,077.80
    const calc = calculateIncomeTax(year({ selfEmployments: [trade('SE1', 40_000, 0)], ukProperty: { income: pounds(20_000), expenses: pounds(5_000) } }));
    expect(calc.totals).toMatchObject({ selfEmploymentProfit: 4_000_000, ukPropertyProfit: 1_500_000, totalIncomeReceivedFromAllSources: 5_500_000 });
    expect(calc.incomeTax.incomeTaxDue).toBe(943_200);
    expect(calc.nics.class4).toMatchObject({ totalIncomeChargeableToClass4: 4_000_000, totalAmount: 164_580 });
    expect(calc.incomeTaxAndNicsDue).toBe(1_107_780);
  });

  it('finance costs limited by the property profit after its brought-forward losses', () => {
    // Trade 30,000. UK property: rents 10,000 - 4,000 = 6,000, less 2,000 b/f losses = 4,000.
    // Non-savings 34,000; taxable 21,430 @ 20% = 4,286.00. Finance costs 5,000 + 1,000 b/f = 6,000 claimed,
    // allowable = property profit 4,000 (< ATI 21,430) -> relief 800.00, 2,000 carried forward. Income tax 3,486.00.
    // Class 4: (30,000 - 12,570) = 17,430 @ 6% = 1,045.80. Total 4,531.80
    const calc = calculateIncomeTax(
      year({
        selfEmployments: [trade('SE1', 30_000, 0)],
        ukProperty: {
          income: pounds(10_000),
          expenses: pounds(4_000),
          lossesBroughtForward: pounds(2_000),
          residentialFinanceCosts: pounds(5_000),
          residentialFinanceCostsBroughtForward: pounds(1_000),
        },
      }),
    );
    expect(calc.incomeTax.residentialFinanceCosts.ukProperty).toEqual({ amountClaimed: 600_000, allowableAmount: 400_000, carryForwardAmount: 200_000 });
    expect(calc.incomeTax.residentialFinanceCosts.relief).toBe(80_000);
    expect(calc.incomeTax.incomeTaxDue).toBe(348_600);
    expect(calc.incomeTaxAndNicsDue).toBe(453_180);
  });
});

describe('losses brought forward', () => {
  it('reduce the same trade\'s profit for income tax and Class 4', () => {
    // Profit 30,000 - 8,000 b/f = 22,000; taxable 9,430 @ 20% = 1,886.00; Class 4 9,430 @ 6% = 565.80. Total 2,451.60
    const calc = calculateIncomeTax(year({ selfEmployments: [trade('SE1', 30_000, 0, { lossesBroughtForward: pounds(8_000) })] }));
    expect(calc.selfEmployments[0]).toMatchObject({ lossesBroughtForwardUsed: 800_000, taxableProfit: 2_200_000, lossesCarriedForward: 0 });
    expect(calc.incomeTax.incomeTaxDue).toBe(188_600);
    expect(calc.nics.class4.totalAmount).toBe(56_580);
    expect(calc.incomeTaxAndNicsDue).toBe(245_180);
  });

  it('go no further than the profit; the rest is carried forward', () => {
    const calc = calculateIncomeTax(year({ selfEmployments: [trade('SE1', 5_000, 0, { lossesBroughtForward: pounds(8_000) })] }));
    expect(calc.selfEmployments[0]).toMatchObject({ lossesBroughtForwardUsed: 500_000, taxableProfit: 0, lossesCarriedForward: 300_000 });
  });

  it('stay with their own source: a trade loss does not touch property, a UK property loss does not touch foreign', () => {
    // Trade breaks even with 5,000 b/f: unused. UK property 5,000 - 7,000 b/f -> nil, 2,000 carried forward.
    // Foreign property 10,000 and a second trade 20,000 stay whole: non-savings 30,000; taxable 17,430 @ 20% = 3,486.00.
    // Class 4 on 20,000: 7,430 @ 6% = 445.80
    const calc = calculateIncomeTax(
      year({
        selfEmployments: [trade('SE1', 1_000, 1_000, { lossesBroughtForward: pounds(5_000) }), trade('SE2', 20_000, 0)],
        ukProperty: { income: pounds(5_000), lossesBroughtForward: pounds(7_000) },
        foreignProperty: { income: pounds(12_000), expenses: pounds(2_000) },
      }),
    );
    expect(calc.selfEmployments[0]).toMatchObject({ lossesBroughtForwardUsed: 0, lossesCarriedForward: 500_000 });
    expect(calc.ukProperty).toMatchObject({ lossesBroughtForwardUsed: 500_000, taxableProfit: 0, lossesCarriedForward: 200_000 });
    expect(calc.totals.foreignPropertyProfit).toBe(1_000_000);
    expect(calc.incomeTax.incomeTaxDue).toBe(348_600);
    expect(calc.nics.class4.totalAmount).toBe(44_580);
  });
});

describe('trading losses of the year', () => {
  const lossMaking = (extra: Partial<SelfEmploymentInput> = {}) => trade('SE1', 5_000, 15_000, extra); // loss 10,000
  const property30k = { income: pounds(30_000) };

  it('without a claim are carried forward against the trade', () => {
    // Loss 10,000 carried forward; property 30,000 taxed alone: 17,430 @ 20% = 3,486.00
    const calc = calculateIncomeTax(year({ selfEmployments: [lossMaking()], ukProperty: property30k }));
    expect(calc.selfEmployments[0]).toMatchObject({ netLoss: 1_000_000, lossUsedSideways: 0, lossesCarriedForward: 1_000_000 });
    expect(calc.incomeTax.incomeTaxDue).toBe(348_600);
  });

  it('carried sideways reduce general income, and stay a Class 4 loss when used against property', () => {
    // 30,000 - 10,000 = 20,000 net income; taxable 7,430 @ 20% = 1,486.00. No trading profit for Class 4 to use it
    // against, so the whole 10,000 goes forward as a Class 4 loss.
    const calc = calculateIncomeTax(year({ selfEmployments: [lossMaking({ carryLossSideways: true })], ukProperty: property30k }));
    expect(calc.selfEmployments[0]).toMatchObject({ lossUsedSideways: 1_000_000, lossesCarriedForward: 0, class4LossesCarriedForward: 1_000_000 });
    expect(calc.totals).toMatchObject({
      lossesAppliedToGeneralIncome: 1_000_000,
      netIncome: 2_000_000,
      totalAllowancesAndDeductions: 2_257_000, // 10,000 loss + 12,570 PA
      totalTaxableIncome: 743_000,
    });
    expect(calc.incomeTax.incomeTaxDue).toBe(148_600);
    expect(calc.nics.class4.lossesCarriedForward).toBe(1_000_000);
  });

  it('carried sideways against another trade reduce its Class 4 profits too', () => {
    // Trade A 40,000, trade B loss 15,000 claimed: net income 25,000; taxable 12,430 @ 20% = 2,486.00.
    // Class 4 on 40,000 - 15,000 = 25,000: 12,430 @ 6% = 745.80. Total 3,231.80
    const calc = calculateIncomeTax(
      year({ selfEmployments: [trade('A', 40_000, 0), trade('B', 0, 15_000, { carryLossSideways: true })] }),
    );
    expect(calc.incomeTax.incomeTaxDue).toBe(248_600);
    expect(calc.nics.class4).toMatchObject({ adjustmentToProfitsForClass4: 1_500_000, totalIncomeChargeableToClass4: 2_500_000, totalAmount: 74_580, lossesCarriedForward: 0 });
    expect(calc.incomeTaxAndNicsDue).toBe(323_180);
  });

  it('are capped at £50,000 when 25% of income is less', () => {
    // Loss 80,000 claimed against property 100,000: cap max(50,000, 25% x 100,000 = 25,000) = 50,000.
    // Net income 50,000; taxable 37,430 @ 20% = 7,486.00. 30,000 carried forward for income tax (and Class 4);
    // the 50,000 used against property stays a Class 4-only loss.
    const calc = calculateIncomeTax(
      year({ selfEmployments: [trade('SE1', 0, 80_000, { carryLossSideways: true })], ukProperty: { income: pounds(100_000) } }),
    );
    expect(calc.totals.sidewaysLossReliefCap).toBe(5_000_000);
    expect(calc.selfEmployments[0]).toMatchObject({ lossUsedSideways: 5_000_000, lossesCarriedForward: 3_000_000, class4LossesCarriedForward: 5_000_000 });
    expect(calc.incomeTax.incomeTaxDue).toBe(748_600);
  });

  it('are capped at 25% of income when that is more than £50,000', () => {
    // Loss 90,000 against property 300,000: cap 25% x 300,000 = 75,000; 15,000 carried forward.
    // Net income 225,000 -> PA nil: 7,540.00 + 87,440 @ 40% = 34,976.00 + (225,000 - 125,140) = 99,860 @ 45%
    // = 44,937.00 -> 87,453.00
    const calc = calculateIncomeTax(
      year({ selfEmployments: [trade('SE1', 0, 90_000, { carryLossSideways: true })], ukProperty: { income: pounds(300_000) } }),
    );
    expect(calc.totals.sidewaysLossReliefCap).toBe(7_500_000);
    expect(calc.selfEmployments[0]).toMatchObject({ lossUsedSideways: 7_500_000, lossesCarriedForward: 1_500_000 });
    expect(calc.incomeTax.incomeTaxDue).toBe(8_745_300);
  });

  it('come off non-savings income first, then savings', () => {
    // Loss 10,000 against property 5,000 and interest 8,000: 5,000 from each; 3,000 interest left, under the PA.
    const calc = calculateIncomeTax(
      year({ selfEmployments: [lossMaking({ carryLossSideways: true })], ukProperty: { income: pounds(5_000) }, savingsInterest: pounds(8_000) }),
    );
    expect(calc.incomeTax.payPensionsProfit.lossesAllocated).toBe(500_000);
    expect(calc.incomeTax.savingsAndGains.lossesAllocated).toBe(500_000);
    expect(calc.incomeTax.incomeTaxDue).toBe(0);
  });

  it('Class 4-only losses brought forward reduce Class 4 profits but not income tax', () => {
    // Profit 30,000 with 5,000 Class 4-only losses: income tax on 30,000 (3,486.00); Class 4 on 25,000: 12,430 @ 6%
    // = 745.80
    const calc = calculateIncomeTax(year({ selfEmployments: [trade('SE1', 30_000, 0, { class4LossesBroughtForward: pounds(5_000) })] }));
    expect(calc.incomeTax.incomeTaxDue).toBe(348_600);
    expect(calc.nics.class4.totalAmount).toBe(74_580);
    expect(calc.selfEmployments[0]).toMatchObject({ class4LossesBroughtForwardUsed: 500_000, class4LossesCarriedForward: 0 });
  });
});
