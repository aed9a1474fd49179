import { describe, expect, it } from 'vitest';
import { OTHER_INCOME_KINDS, isOtherIncomeKind, signpostFor, type OtherIncomeKind } from '../../domain/signposting';

describe('signposts for income Practice Engine does not carry', () => {
  it('covers the kinds the brief names, once each', () => {
    expect(new Set(OTHER_INCOME_KINDS).size).toBe(OTHER_INCOME_KINDS.length);
    for (const kind of ['employment', 'savings-interest', 'dividends', 'capital-gains', 'pensions', 'state-benefits', 'foreign-income', 'partnership', 'trust-income', 'gift-aid', 'pension-contributions', 'student-loan', 'high-income-child-benefit-charge']) {
      expect(OTHER_INCOME_KINDS).toContain(kind);
    }
  });

  it('gives every kind a title, where and how it is declared, and a GOV.UK link', () => {
    for (const kind of OTHER_INCOME_KINDS) {
      const signpost = signpostFor(kind);
      expect(signpost.kind).toBe(kind);
      expect(signpost.title.length).toBeGreaterThan(3);
      expect(signpost.whereDeclared).toMatch(/\.$|services|GOV\.UK/);
      expect(signpost.howToDeclare).toMatch(/\.$/);
      expect(signpost.govukUrl).toMatch(/^https:\/\/www\.gov\.uk\/[a-z0-9/-]+$/);
    }
  });

  it('points dividends to GOV.UK and the API other software would use', () => {
    expect(signpostFor('dividends')).toMatchObject({ govukUrl: 'https://www.gov.uk/tax-on-dividends', hmrcApi: 'Individuals Dividends Income API' });
    expect(signpostFor('capital-gains').whereDeclared).toMatch(/60 days/);
    expect(signpostFor('foreign-income').whereDeclared).toMatch(/Foreign property is an MTD business/);
  });

  it('tells an income kind from anything else', () => {
    expect(isOtherIncomeKind('dividends')).toBe(true);
    expect(isOtherIncomeKind('self-employment')).toBe(false);
    expect(() => signpostFor('self-employment' as OtherIncomeKind)).toThrow(/unknown income kind 'self-employment'/);
  });
});
