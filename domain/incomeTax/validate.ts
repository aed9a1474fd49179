// Checks an IncomeTaxInput before any arithmetic, throwing an IncomeTaxInputError that names the offending field.
import { IncomeTaxInputError } from './errors';
import type { Pence } from './money';
import type { TaxYearRates } from './rates';
import type { IncomeTaxInput, PropertyBusinessInput, Residency } from './types';

const RESIDENCIES: readonly Residency[] = ['england', 'northern-ireland', 'wales', 'scotland'];

/** HMRC's largest monetary value (99,999,999,999.99); it also keeps every sum of pence a safe integer. */
const MAX_AMOUNT: Pence = 9_999_999_999_999;

function checkAmount(field: string, value: unknown, { signed = false } = {}): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new IncomeTaxInputError(field, 'expected a whole number of pence');
  if (!signed && value < 0) throw new IncomeTaxInputError(field, 'expected zero or more pence, not a negative amount');
  if (Math.abs(value) > MAX_AMOUNT) throw new IncomeTaxInputError(field, `expected at most ${MAX_AMOUNT} pence`);
}

function checkRequiredAmount(field: string, value: unknown): void {
  if (value === undefined) throw new IncomeTaxInputError(field, 'required');
  checkAmount(field, value);
}

function inPounds(amount: Pence): string {
  return `£${String(amount / 100).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

function checkBoolean(field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new IncomeTaxInputError(field, 'expected true or false');
}

/** Allowances claimed instead of expenses, shared by the taxpayer's businesses of one kind (§1.1: £1,000 each). */
function checkAllowance(field: string, claimed: Pence | undefined, limit: Pence, alreadyClaimed: Pence): Pence {
  checkAmount(field, claimed);
  const total = alreadyClaimed + (claimed ?? 0);
  if (total > limit) throw new IncomeTaxInputError(field, `expected at most ${limit} pence (${inPounds(limit)}) in all, counting every business's claim`);
  return total;
}

function checkProperty(field: string, property: PropertyBusinessInput, rates: TaxYearRates, allowanceSoFar: Pence): Pence {
  if (typeof property !== 'object' || property === null) throw new IncomeTaxInputError(field, 'expected an object');
  checkRequiredAmount(`${field}.income`, property.income);
  checkAmount(`${field}.expenses`, property.expenses);
  checkAmount(`${field}.adjustments`, property.adjustments, { signed: true });
  checkAmount(`${field}.residentialFinanceCosts`, property.residentialFinanceCosts);
  checkAmount(`${field}.residentialFinanceCostsBroughtForward`, property.residentialFinanceCostsBroughtForward);
  checkAmount(`${field}.lossesBroughtForward`, property.lossesBroughtForward);
  const total = checkAllowance(`${field}.propertyAllowance`, property.propertyAllowance, rates.propertyAllowance, allowanceSoFar);
  if ((property.propertyAllowance ?? 0) > 0 && ((property.expenses ?? 0) > 0 || (property.residentialFinanceCosts ?? 0) > 0)) {
    throw new IncomeTaxInputError(`${field}.propertyAllowance`, 'cannot be claimed together with expenses or residential finance costs');
  }
  return total;
}

export function validateIncomeTaxInput(input: IncomeTaxInput, rates: TaxYearRates): void {
  if (!RESIDENCIES.includes(input.residency)) throw new IncomeTaxInputError('residency', `expected one of ${RESIDENCIES.join(', ')}`);
  const selfEmployments = input.selfEmployments ?? [];
  if (!Array.isArray(selfEmployments)) throw new IncomeTaxInputError('selfEmployments', 'expected an array');
  const ids = new Set<string>();
  let tradingAllowance = 0;
  selfEmployments.forEach((business, i) => {
    const field = `selfEmployments[${i}]`;
    if (typeof business !== 'object' || business === null) throw new IncomeTaxInputError(field, 'expected an object');
    if (typeof business.id !== 'string' || business.id.trim() === '') throw new IncomeTaxInputError(`${field}.id`, 'expected a business id');
    if (ids.has(business.id)) throw new IncomeTaxInputError(`${field}.id`, `'${business.id}' appears more than once`);
    ids.add(business.id);
    checkRequiredAmount(`${field}.income`, business.income);
    checkAmount(`${field}.expenses`, business.expenses);
    checkAmount(`${field}.adjustments`, business.adjustments, { signed: true });
    checkAmount(`${field}.lossesBroughtForward`, business.lossesBroughtForward);
    checkAmount(`${field}.class4LossesBroughtForward`, business.class4LossesBroughtForward);
    checkBoolean(`${field}.carryLossSideways`, business.carryLossSideways);
    tradingAllowance = checkAllowance(`${field}.tradingAllowance`, business.tradingAllowance, rates.tradingAllowance, tradingAllowance);
    if ((business.tradingAllowance ?? 0) > 0 && (business.expenses ?? 0) > 0) {
      throw new IncomeTaxInputError(`${field}.tradingAllowance`, 'cannot be claimed together with expenses');
    }
  });
  let propertyAllowance = 0;
  if (input.ukProperty !== undefined) propertyAllowance = checkProperty('ukProperty', input.ukProperty, rates, propertyAllowance);
  if (input.foreignProperty !== undefined) checkProperty('foreignProperty', input.foreignProperty, rates, propertyAllowance);
  checkAmount('savingsInterest', input.savingsInterest);
  checkAmount('dividends', input.dividends);
  checkBoolean('class4Exempt', input.class4Exempt);
  checkBoolean('payVoluntaryClass2', input.payVoluntaryClass2);
  if (input.payVoluntaryClass2 && selfEmployments.length === 0) {
    throw new IncomeTaxInputError('payVoluntaryClass2', 'voluntary Class 2 is paid through Self Assessment only by the self-employed; there is no self-employment');
  }
}
