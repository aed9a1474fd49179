// Reads what the Self-Employment and Property Business APIs stored (HMRC's own request bodies) into BSAS figures:
// cumulative totals from 2025-26, the sum of the periods before, plus the annual submission's adjustments and allowances.
import { randomUUID } from 'node:crypto';
import { poundsToPence, type Pence } from '../../../../domain/money';
import { taxYearEnd, taxYearStart } from '../../../../domain/taxYear';
import type { BusinessRecord } from '../testSupport';
import type { SourceYear, StoredSubmission } from '../../taxpayerData';
import type { Amounts, BsasTypeOfBusiness, Figures, SubmissionPeriod, UnitFigures, Units } from './store';

type Json = Record<string, unknown>;
/** Body field (dotted for nested) -> BSAS field. */
type FieldMap = Record<string, string>;

const SE_EXPENSES = [
  'consolidatedExpenses', 'costOfGoods', 'paymentsToSubcontractors', 'wagesAndStaffCosts', 'carVanTravelExpenses', 'premisesRunningCosts',
  'maintenanceCosts', 'adminCosts', 'interestOnBankOtherLoans', 'financeCharges', 'irrecoverableDebts', 'professionalFees', 'depreciation',
  'otherExpenses', 'advertisingCosts', 'businessEntertainmentCosts',
];
const same = (names: string[]): FieldMap => Object.fromEntries(names.map((n) => [n, n]));

const SE_PERIOD = {
  income: same(['turnover', 'other']),
  expenses: same(SE_EXPENSES),
  additions: same(SE_EXPENSES.filter((n) => n !== 'consolidatedExpenses').map((n) => `${n}Disallowable`)),
};
const SE_ANNUAL_ADJUSTMENTS = {
  deductions: same(['includedNonTaxableProfits']),
  accountingAdjustments: same(['basisAdjustment', 'overlapReliefUsed', 'accountingAdjustment', 'averagingAdjustment']),
  additions: same(['balancingChargeOther', 'balancingChargeBpra', 'goodsAndServicesOwnUse']),
};
const SE_ALLOWANCES: FieldMap = {
  ...same([
    'annualInvestmentAllowance', 'capitalAllowanceMainPool', 'capitalAllowanceSpecialRatePool', 'businessPremisesRenovationAllowance',
    'enhancedCapitalAllowance', 'allowanceOnSales', 'capitalAllowanceSingleAssetPool', 'electricChargePointAllowance', 'zeroEmissionsCarAllowance',
    'firstYearAllowanceOnPlantAndMachinery',
  ]),
  zeroEmissionsGoodsVehicleAllowance: 'zeroEmissionGoods',
  zeroEmissionGoodsVehicleAllowance: 'zeroEmissionGoods',
  tradingIncomeAllowance: 'tradingAllowance',
};

const PROPERTY_EXPENSES = same([
  'consolidatedExpenses', 'premisesRunningCosts', 'repairsAndMaintenance', 'financialCosts', 'professionalFees', 'costOfServices', 'other',
  'travelCosts', 'residentialFinancialCost', 'broughtFwdResidentialFinancialCost',
]);
const UK_PERIOD = {
  income: { periodAmount: 'totalRentsReceived', premiumsOfLeaseGrant: 'premiumsOfLeaseGrant', reversePremiums: 'reversePremiums', otherIncome: 'otherPropertyIncome', 'rentARoom.rentsReceived': 'rarRentReceived' },
  expenses: { ...PROPERTY_EXPENSES, residentialFinancialCostsCarriedForward: 'broughtFwdResidentialFinancialCost' },
  deductions: { 'rentARoom.amountClaimed': 'rarReliefClaimed' },
};
const FOREIGN_PERIOD = {
  income: { 'rentIncome.rentAmount': 'totalRentsReceived', rentAmount: 'totalRentsReceived', premiumsOfLeaseGrant: 'premiumsOfLeaseGrant', otherPropertyIncome: 'otherPropertyIncome' },
  expenses: PROPERTY_EXPENSES,
};
const PROPERTY_ANNUAL_ADJUSTMENTS = {
  additions: { privateUseAdjustment: 'privateUseAdjustment', balancingCharge: 'balancingCharge', businessPremisesRenovationAllowanceBalancingCharges: 'bpraBalancingCharge' },
};
const PROPERTY_ALLOWANCES: FieldMap = {
  ...same(['annualInvestmentAllowance', 'businessPremisesRenovationAllowance', 'otherCapitalAllowance', 'zeroEmissionsCarAllowance', 'electricChargePointAllowance', 'costOfReplacingDomesticItems', 'firstYearAllowanceOnPlantAndMachinery']),
  costOfReplacingDomesticGoods: 'costOfReplacingDomesticItems',
  zeroEmissionsGoodsVehicleAllowance: 'zeroEmissionGoods',
  propertyIncomeAllowance: 'propertyAllowance',
};
/** Lists of buildings whose `amount`s add up to one deduction. */
const BUILDING_ALLOWANCES = ['structuredBuildingAllowance', 'enhancedStructuredBuildingAllowance'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function emptyFigures(): Figures {
  return { income: {}, expenses: {}, additions: {}, deductions: {}, accountingAdjustments: {} };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(source: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), source);
}

function add(target: Amounts, field: string, pence: Pence): void {
  target[field] = (target[field] ?? 0) + pence;
}

function readInto(target: Amounts, source: unknown, map: FieldMap): void {
  for (const [from, to] of Object.entries(map)) {
    const value = at(source, from);
    if (typeof value === 'number') add(target, to, poundsToPence(value));
  }
}

function readBuildings(target: Amounts, allowances: unknown): void {
  for (const name of BUILDING_ALLOWANCES) {
    const list = isObject(allowances) ? allowances[name] : undefined;
    if (!Array.isArray(list)) continue;
    for (const building of list) if (isObject(building) && typeof building.amount === 'number') add(target, name, poundsToPence(building.amount));
  }
}

function readPeriod(figures: Figures, body: unknown, maps: { income: FieldMap; expenses: FieldMap; additions?: FieldMap; deductions?: FieldMap }): void {
  readInto(figures.income, at(body, 'income'), maps.income);
  readInto(figures.expenses, at(body, 'expenses'), maps.expenses);
  if (maps.deductions) {
    readInto(figures.deductions, at(body, 'income'), maps.deductions);
    readInto(figures.deductions, at(body, 'expenses'), maps.deductions);
  }
}

function readPropertyAnnual(figures: Figures, part: unknown): void {
  readInto(figures.additions, at(part, 'adjustments'), PROPERTY_ANNUAL_ADJUSTMENTS.additions);
  readInto(figures.deductions, at(part, 'allowances'), PROPERTY_ALLOWANCES);
  readBuildings(figures.deductions, at(part, 'allowances'));
}

/** The submissions the summary is built on: the latest cumulative one from 2025-26, every period before. */
function submissionPeriods(source: SourceYear | undefined, taxYear: string): SubmissionPeriod[] {
  if (!source) return [];
  if (source.periods.length > 0) {
    return [...source.periods]
      .sort((a, b) => a.fromDate.localeCompare(b.fromDate))
      .map((p) => ({ ...(UUID.test(p.id) ? { submissionId: p.id } : { periodId: p.id }), startDate: p.fromDate, endDate: p.toDate, receivedDateTime: p.submittedOn }));
  }
  const latest: StoredSubmission | undefined = source.cumulative ?? source.annual;
  if (!latest) return [];
  return [
    {
      // HMRC numbers each submission; the data model keeps none, so the summary numbers the one it was built on.
      submissionId: randomUUID(),
      startDate: source.cumulative?.periodStartDate ?? taxYearStart(taxYear),
      endDate: source.cumulative?.periodEndDate ?? taxYearEnd(taxYear),
      receivedDateTime: latest.submittedOn,
    },
  ];
}

/** Period bodies: the latest cumulative summary (2025-26 on) or every period (before). */
function periodBodies(source: SourceYear | undefined): unknown[] {
  if (!source) return [];
  if (source.periods.length > 0) return source.periods.map((p) => p.body);
  return source.cumulative ? [source.cumulative.body] : [];
}

function selfEmployment(source: SourceYear | undefined): Figures {
  const figures = emptyFigures();
  for (const body of periodBodies(source)) {
    readInto(figures.income, at(body, 'periodIncome'), SE_PERIOD.income);
    readInto(figures.expenses, at(body, 'periodExpenses'), SE_PERIOD.expenses);
    readInto(figures.additions, at(body, 'periodDisallowableExpenses'), SE_PERIOD.additions);
  }
  const annual = source?.annual?.body;
  readInto(figures.deductions, at(annual, 'adjustments'), SE_ANNUAL_ADJUSTMENTS.deductions);
  readInto(figures.accountingAdjustments, at(annual, 'adjustments'), SE_ANNUAL_ADJUSTMENTS.accountingAdjustments);
  readInto(figures.additions, at(annual, 'adjustments'), SE_ANNUAL_ADJUSTMENTS.additions);
  const outstanding = at(annual, 'adjustments.outstandingBusinessIncome');
  if (typeof outstanding === 'number') figures.outstandingBusinessIncome = poundsToPence(outstanding);
  readInto(figures.deductions, at(annual, 'allowances'), SE_ALLOWANCES);
  readBuildings(figures.deductions, at(annual, 'allowances'));
  return figures;
}

/** UK property: `ukProperty` from 2025-26; `ukNonFhlProperty` or `ukFhlProperty` before, as the summary's type asks. */
function ukProperty(source: SourceYear | undefined, fhl: boolean): Figures {
  const figures = emptyFigures();
  const part = (body: unknown) => at(body, 'ukProperty') ?? at(body, fhl ? 'ukFhlProperty' : 'ukNonFhlProperty');
  for (const body of periodBodies(source)) readPeriod(figures, part(body), UK_PERIOD);
  readPropertyAnnual(figures, part(source?.annual?.body));
  return figures;
}

function unitFigures(units: Map<string, UnitFigures>, key: string): UnitFigures {
  let unit = units.get(key);
  if (!unit) units.set(key, (unit = { key, ...emptyFigures() }));
  return unit;
}

/**
 * Foreign property: one unit per country (`countryCode`, 2025-26 and before) or per property (`propertyId`, 2026-27 on),
 * from `foreignProperty` (cumulative) or `foreignNonFhlProperty` (periods). The EEA FHL part is a single unit.
 */
function foreignProperty(source: SourceYear | undefined, fhl: boolean): { figures: Figures; units?: Units } {
  if (fhl) {
    const figures = emptyFigures();
    for (const body of periodBodies(source)) readPeriod(figures, at(body, 'foreignFhlEea'), FOREIGN_PERIOD);
    readPropertyAnnual(figures, at(source?.annual?.body, 'foreignFhlEea'));
    return { figures };
  }
  const units = new Map<string, UnitFigures>();
  let kind: Units['kind'] = 'country';
  const entries = (body: unknown): Json[] => {
    const list = at(body, 'foreignProperty') ?? at(body, 'foreignNonFhlProperty');
    return Array.isArray(list) ? list.filter(isObject) : [];
  };
  const keyOf = (entry: Json): string | undefined => {
    if (typeof entry.propertyId === 'string') {
      kind = 'property';
      return entry.propertyId;
    }
    return typeof entry.countryCode === 'string' ? entry.countryCode : undefined;
  };
  for (const body of periodBodies(source)) {
    for (const entry of entries(body)) {
      const key = keyOf(entry);
      if (key) readPeriod(unitFigures(units, key), entry, FOREIGN_PERIOD);
    }
  }
  for (const entry of entries(source?.annual?.body)) {
    const key = keyOf(entry);
    if (key) readPropertyAnnual(unitFigures(units, key), entry);
  }
  const list = [...units.values()];
  return { figures: sumFigures(list), units: { kind, list } };
}

export function sumFigures(list: Figures[]): Figures {
  const total = emptyFigures();
  for (const unit of list) {
    for (const part of ['income', 'expenses', 'additions', 'deductions', 'accountingAdjustments'] as const) {
      for (const [field, pence] of Object.entries(unit[part])) add(total[part], field, pence);
    }
  }
  return total;
}

export interface SourceSnapshot {
  figures: Figures;
  units?: Units;
  submissionPeriods: SubmissionPeriod[];
  businessName?: string;
}

/** The part of HMRC's bodies that holds each type's figures (before 2025-26 one UK or foreign business had FHL and non-FHL parts). */
const PARTS: Record<BsasTypeOfBusiness, string[] | 'any'> = {
  // A nil self-employment return (dates only) still counts: the business reported for the year.
  'self-employment': 'any',
  'uk-property': ['ukProperty', 'ukNonFhlProperty'],
  'uk-property-fhl': ['ukFhlProperty'],
  'foreign-property': ['foreignProperty', 'foreignNonFhlProperty'],
  'foreign-property-fhl-eea': ['foreignFhlEea'],
};

function hasPart(source: SourceYear, type: BsasTypeOfBusiness): boolean {
  const parts = PARTS[type];
  const bodies = [...periodBodies(source), source.annual?.body].filter(isObject);
  return parts === 'any' ? bodies.length > 0 : bodies.some((body) => parts.some((part) => body[part] !== undefined));
}

/** What a summary of this business, of this type, for this year is built on; null when nothing was submitted for it. */
export function snapshotOf(source: SourceYear | undefined, business: BusinessRecord, type: BsasTypeOfBusiness, taxYear: string): SourceSnapshot | null {
  if (!source || !hasPart(source, type)) return null;
  const periods = submissionPeriods(source, taxYear);
  if (type === 'self-employment') {
    return { figures: selfEmployment(source), submissionPeriods: periods, ...(business.tradingName ? { businessName: business.tradingName } : {}) };
  }
  if (type === 'uk-property' || type === 'uk-property-fhl') return { figures: ukProperty(source, type === 'uk-property-fhl'), submissionPeriods: periods };
  return { ...foreignProperty(source, type === 'foreign-property-fhl-eea'), submissionPeriods: periods };
}
