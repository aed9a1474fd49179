import { describe, expect, it } from 'vitest';
import { ninoProblem, normaliseNino, utrCheckDigit, utrProblem } from '../../domain/identifiers';

describe('National Insurance numbers', () => {
  it('accepts HMRC-valid NINOs once normalised', () => {
    expect(normaliseNino(' aa 12 34 56 a ')).toBe('AA123456A');
    expect(ninoProblem('AA123456A')).toBeNull();
    expect(ninoProblem('AB123456C')).toBeNull();
  });

  it.each(['AA123456E', 'AA12345A', 'DA123456A', 'AO123456A', 'GB123456A', 'NK123456A', 'aa123456a'])('refuses %s', (nino) => {
    expect(ninoProblem(nino)).toMatch(/National Insurance number/);
  });
});

describe('Unique Taxpayer References', () => {
  it("accepts HMRC's test vector UTR and ones built with the check digit", () => {
    expect(utrProblem('2234567890')).toBeNull();
    for (const body of ['123456789', '000000001', '987654321', '555555555']) expect(utrProblem(utrCheckDigit(body) + body)).toBeNull();
  });

  it('refuses a wrong check digit or the wrong length', () => {
    expect(utrProblem('1234567890')).toMatch(/check digit/);
    expect(utrProblem('223456789')).toMatch(/ten digits/);
    expect(utrProblem('22345678901')).toMatch(/ten digits/);
  });
});
