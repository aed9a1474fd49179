// What the income tax calculation needs from Individual Losses for one tax year, per business, in pence.
import type { PropertyBusinessInput, SelfEmploymentInput } from '../../../../domain/incomeTax/types';
import type { Pence } from '../../../../domain/money';
import type { EmulatorState } from '../../state';
import { yearBroughtInto } from './broughtForwardLosses';
import { FIRST_V7_TAX_YEAR, businessOf, nextTaxYear } from './rules';
import { findLossesStore, type BroughtForwardLossType, type LossesAndClaimsRecord } from './store';

export type LossBusinessType = 'self-employment' | 'uk-property' | 'foreign-property';

interface BusinessLossesBase {
  businessId: string;
  typeOfBusiness: LossBusinessType;
  /**
   * Earlier years' losses set against this business's profits this year (trade ITA 2007 s83, property s118).
   * 6.0: the brought-forward losses used this year (see `yearBroughtInto`) of type self-employment, uk-property(-fhl)
   * or foreign-property(-fhl-eea). 7.0: `losses.broughtForwardLosses`, which then replaces any 6.0 losses.
   */
  lossesBroughtForward: Pence;
  /** Of which FHL losses (6.0 uk-property-fhl / foreign-property-fhl-eea, up to 2024-25): the calculation has no FHL pot. */
  fhlLossesBroughtForward: Pence;
  /** Self-employment only, 6.0 `self-employment-class4`: losses that still count against profits for Class 4. 7.0 has none. */
  class4LossesBroughtForward: Pence;
  /** This year's loss set against general income: a 6.0 carry-sideways (or carry-sideways-fhl) claim, or a 7.0 carrySideways amount above 0. */
  carrySideways: boolean;
  /** 6.0: the claim's place among the year's carry-sideways claims (1 is used first). The array is sorted by it. */
  sidewaysSequence?: number;
  /** 6.0 carry-sideways-fhl (property, up to 2024-25). */
  carrySidewaysFhl: boolean;
  /** 7.0 claims.carrySideways.currentYearGeneralIncome: the amount claimed sideways. */
  carrySidewaysAmount?: Pence;
  /** 6.0 carry-forward, or 7.0 claims.carryForward present: the loss goes forward (what the calculation does anyway). */
  carryForward: boolean;
  /** 7.0 claims.carryForward amounts. */
  carryForwardAmounts?: { currentYearLosses: Pence; previousYearsLosses: Pence };
  /** 6.0 carry-forward-to-carry-sideways (property). Not modelled by calculateIncomeTax. */
  carryForwardToCarrySideways: boolean;
  /** 7.0 claims.carryBack: this year's loss set against earlier years (s64 previous year, s72 early years, s89 terminal). */
  carryBack?: { previousYearGeneralIncome: Pence; earlyYearLosses: Pence; terminalLosses: Pence };
  /** 7.0 claims.preferenceOrder.applyFirst: which s64 claim takes the loss first. */
  preferenceOrder?: 'carry-sideways' | 'carry-back';
  /** Next year's 7.0 carryBack.previousYearGeneralIncome: next year's loss set against this year's general income (s64). */
  lossesCarriedBackFromNextYear: Pence;
  /** Where the figures came from, for tracing a calculation back to the submissions. */
  sources: { lossIds: string[]; claimIds: string[]; lossesAndClaimsSubmittedOn?: string };
}

/** Exactly the loss fields of SelfEmploymentInput: spread into the business's entry of `selfEmployments`. */
export type SelfEmploymentLossInput = Required<Pick<SelfEmploymentInput, 'lossesBroughtForward' | 'class4LossesBroughtForward' | 'carryLossSideways'>>;
/** Exactly the loss fields of PropertyBusinessInput: spread into `ukProperty` / `foreignProperty`. */
export type PropertyLossInput = Required<Pick<PropertyBusinessInput, 'lossesBroughtForward'>>;

export interface SelfEmploymentLosses extends BusinessLossesBase {
  typeOfBusiness: 'self-employment';
  input: SelfEmploymentLossInput;
}

export interface PropertyLosses extends BusinessLossesBase {
  typeOfBusiness: 'uk-property' | 'foreign-property';
  input: PropertyLossInput;
}

export type BusinessLosses = SelfEmploymentLosses | PropertyLosses;

const BUSINESS_OF_LOSS: Record<BroughtForwardLossType, LossBusinessType> = {
  'self-employment': 'self-employment',
  'self-employment-class4': 'self-employment',
  'uk-property': 'uk-property',
  'uk-property-fhl': 'uk-property',
  'foreign-property': 'foreign-property',
  'foreign-property-fhl-eea': 'foreign-property',
};

/** The business's type from Test Support; a deleted or property-unspecified one falls back on what its losses say. */
function businessType(state: EmulatorState, nino: string, businessId: string, fromLoss: LossBusinessType | undefined): LossBusinessType {
  const type = businessOf(state, nino, businessId)?.typeOfBusiness;
  if (type === 'self-employment' || type === 'uk-property' || type === 'foreign-property') return type;
  if (fromLoss) return fromLoss;
  // The emulator's own business ids say their type (identifiers.ts: XB, XP, XF).
  return businessId[1] === 'B' ? 'self-employment' : businessId[1] === 'F' ? 'foreign-property' : 'uk-property';
}

function blank(businessId: string): Omit<BusinessLossesBase, 'typeOfBusiness'> {
  return {
    businessId,
    lossesBroughtForward: 0,
    fhlLossesBroughtForward: 0,
    class4LossesBroughtForward: 0,
    carrySideways: false,
    carrySidewaysFhl: false,
    carryForward: false,
    carryForwardToCarrySideways: false,
    lossesCarriedBackFromNextYear: 0,
    sources: { lossIds: [], claimIds: [] },
  };
}

function applyLossesAndClaims(entry: Omit<BusinessLossesBase, 'typeOfBusiness'>, record: LossesAndClaimsRecord): void {
  const { claims, losses } = record.amounts;
  entry.sources.lossesAndClaimsSubmittedOn = record.submittedOn;
  if (losses?.broughtForwardLosses !== undefined) {
    // 7.0 states the amount brought into this year: it replaces, not adds to, any 6.0 loss brought into the same year.
    entry.lossesBroughtForward = losses.broughtForwardLosses;
    entry.fhlLossesBroughtForward = 0;
  }
  const sideways = claims?.carrySideways?.currentYearGeneralIncome;
  if (sideways !== undefined) {
    entry.carrySidewaysAmount = sideways;
    entry.carrySideways ||= sideways > 0;
  }
  if (claims?.carryForward) {
    entry.carryForward = true;
    entry.carryForwardAmounts = { currentYearLosses: claims.carryForward.currentYearLosses ?? 0, previousYearsLosses: claims.carryForward.previousYearsLosses ?? 0 };
  }
  if (claims?.carryBack) {
    const back = claims.carryBack;
    entry.carryBack = { previousYearGeneralIncome: back.previousYearGeneralIncome ?? 0, earlyYearLosses: back.earlyYearLosses ?? 0, terminalLosses: back.terminalLosses ?? 0 };
  }
  if (claims?.preferenceOrder?.applyFirst) entry.preferenceOrder = claims.preferenceOrder.applyFirst;
}

/**
 * Per business, what Individual Losses holds for `taxYear` that the calculation uses, in integer pence. Businesses
 * with nothing are left out. The array is in the order the calculation must relieve sideways claims (6.0 claim
 * sequence first; then the rest in the order the taxpayer's businesses were created), so Individual Calculations can
 * build `selfEmployments` in this order and spread each `input` in:
 *   selfEmployments: losses.filter(l => l.typeOfBusiness === 'self-employment').map(l => ({ id: l.businessId, income, ..., ...l.input }))
 */
export function lossesForCalculation(state: EmulatorState, nino: string, taxYear: string): BusinessLosses[] {
  const store = findLossesStore(state, nino);
  if (!store) return [];
  const entries = new Map<string, Omit<BusinessLossesBase, 'typeOfBusiness'> & { lossType?: LossBusinessType }>();
  const entry = (businessId: string) => {
    let found = entries.get(businessId);
    if (!found) entries.set(businessId, (found = blank(businessId)));
    return found;
  };

  for (const loss of Object.values(store.broughtForward)) {
    if (yearBroughtInto(loss) !== taxYear) continue;
    const e = entry(loss.businessId);
    e.lossType = BUSINESS_OF_LOSS[loss.typeOfLoss];
    e.sources.lossIds.push(loss.lossId);
    if (loss.typeOfLoss === 'self-employment-class4') {
      e.class4LossesBroughtForward += loss.lossAmount;
    } else {
      e.lossesBroughtForward += loss.lossAmount;
      if (loss.typeOfLoss.endsWith('-fhl') || loss.typeOfLoss.endsWith('-fhl-eea')) e.fhlLossesBroughtForward += loss.lossAmount;
    }
  }

  for (const claim of Object.values(store.claims)) {
    if (claim.taxYearClaimedFor !== taxYear) continue;
    const e = entry(claim.businessId);
    e.lossType = claim.typeOfLoss;
    e.sources.claimIds.push(claim.claimId);
    if (claim.typeOfClaim === 'carry-sideways') {
      e.carrySideways = true;
      e.sidewaysSequence = claim.sequence;
    }
    if (claim.typeOfClaim === 'carry-sideways-fhl') e.carrySideways = e.carrySidewaysFhl = true;
    if (claim.typeOfClaim === 'carry-forward') e.carryForward = true;
    if (claim.typeOfClaim === 'carry-forward-to-carry-sideways') e.carryForwardToCarrySideways = true;
  }

  for (const record of Object.values(store.lossesAndClaims)) {
    if (record.taxYear === taxYear) applyLossesAndClaims(entry(record.businessId), record);
  }
  const next = nextTaxYear(taxYear);
  if (next >= FIRST_V7_TAX_YEAR) {
    for (const record of Object.values(store.lossesAndClaims)) {
      const back = record.taxYear === next ? record.amounts.claims?.carryBack?.previousYearGeneralIncome : undefined;
      if (back !== undefined) entry(record.businessId).lossesCarriedBackFromNextYear = back;
    }
  }

  const businessOrder = Object.keys(state.taxpayers[nino]?.businesses ?? {});
  const position = (businessId: string) => (businessOrder.includes(businessId) ? businessOrder.indexOf(businessId) : Infinity);
  const compare = (x: number, y: number) => (x === y ? 0 : x < y ? -1 : 1);
  return [...entries.values()]
    .map(({ lossType, ...e }): BusinessLosses => {
      const typeOfBusiness = businessType(state, nino, e.businessId, lossType);
      return typeOfBusiness === 'self-employment'
        ? { ...e, typeOfBusiness, input: { lossesBroughtForward: e.lossesBroughtForward, class4LossesBroughtForward: e.class4LossesBroughtForward, carryLossSideways: e.carrySideways } }
        : { ...e, typeOfBusiness, input: { lossesBroughtForward: e.lossesBroughtForward } };
    })
    .sort((a, b) => compare(a.sidewaysSequence ?? Infinity, b.sidewaysSequence ?? Infinity) || compare(position(a.businessId), position(b.businessId)));
}

/** When anything Individual Losses holds that a tax year's calculation uses last changed (deletions included). */
export function lossesLastChangedOn(state: EmulatorState, nino: string, taxYear: string): string | undefined {
  return findLossesStore(state, nino)?.changedOn[taxYear];
}
