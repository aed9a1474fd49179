// What the emulator feeds the income tax calculation: the taxpayer's submissions, BSAS adjustments and losses, in pence.
import type { IncomeTaxInput, PropertyBusinessInput, Residency, SelfEmploymentInput } from '../../../../domain/incomeTax';
import type { EmulatorState } from '../../state';
import { figuresFor, type SourceFigures } from '../../taxpayerData';
import { bsasAdjustmentsFor } from '../bsas';
import { lossesForCalculation } from '../individualLosses';

/** Extra inputs other APIs contribute (BSAS adjustments, losses), registered by those APIs. */
export type InputContributor = (state: EmulatorState, nino: string, taxYear: string, input: IncomeTaxInput) => void;
const contributors: InputContributor[] = [];

export function registerInputContributor(contributor: InputContributor): void {
  contributors.push(contributor);
}

/** Scottish and Welsh taxpayers by the postcode HMRC holds (the emulator's stand-in for HMRC's residence records). */
export function residencyFromPostcode(postcode: string | undefined): Residency {
  const area = (postcode ?? '').toUpperCase().match(/^[A-Z]{1,2}/)?.[0] ?? '';
  if (['AB', 'DD', 'DG', 'EH', 'FK', 'G', 'HS', 'IV', 'KA', 'KW', 'KY', 'ML', 'PA', 'PH', 'TD', 'ZE'].includes(area)) return 'scotland';
  if (['CF', 'LD', 'LL', 'NP', 'SA'].includes(area)) return 'wales';
  if (area === 'BT') return 'northern-ireland';
  return 'england';
}

function property(f: SourceFigures): PropertyBusinessInput {
  return {
    income: f.income,
    ...(f.propertyAllowance ? { propertyAllowance: f.propertyAllowance } : { expenses: f.expenses }),
    adjustments: f.adjustments,
    ...(f.residentialFinanceCosts ? { residentialFinanceCosts: f.residentialFinanceCosts } : {}),
  };
}

/** The year's figures with any accounting adjustments made through BSAS on a still-valid summary. */
function adjustedFigures(state: EmulatorState, nino: string, taxYear: string): SourceFigures[] {
  return figuresFor(state, nino, taxYear).map((f) => {
    const bsas = bsasAdjustmentsFor(state, nino, f.businessId, taxYear);
    if (!bsas) return f;
    return {
      ...f,
      adjustments: f.adjustments + bsas.profitAdjustment,
      ...(f.residentialFinanceCosts !== undefined || bsas.residentialFinanceCostAdjustment !== 0
        ? { residentialFinanceCosts: Math.max(0, (f.residentialFinanceCosts ?? 0) + bsas.residentialFinanceCostAdjustment) }
        : {}),
    };
  });
}

export function calculationInput(state: EmulatorState, nino: string, taxYear: string): { input: IncomeTaxInput; figures: SourceFigures[] } {
  const figures = adjustedFigures(state, nino, taxYear);
  const user = Object.values(state.users).find((u) => u.kind === 'individual' && u.nino === nino);
  // Individual Losses orders businesses by carry-sideways sequence: the calculation relieves losses in array order.
  const losses = lossesForCalculation(state, nino, taxYear);
  const lossesOf = (businessId: string) => losses.find((l) => l.businessId === businessId)?.input ?? {};
  const order = (id: string) => {
    const i = losses.findIndex((l) => l.businessId === id);
    return i === -1 ? losses.length : i;
  };
  const selfEmployments: SelfEmploymentInput[] = figures
    .filter((f) => f.typeOfBusiness === 'self-employment')
    .sort((a, b) => order(a.businessId) - order(b.businessId))
    .map((f) => ({
      id: f.businessId,
      income: f.income,
      ...(f.tradingAllowance ? { tradingAllowance: f.tradingAllowance } : { expenses: f.expenses }),
      adjustments: f.adjustments,
      ...lossesOf(f.businessId),
    }));
  const uk = figures.find((f) => f.typeOfBusiness === 'uk-property');
  const foreign = figures.find((f) => f.typeOfBusiness === 'foreign-property');
  const input: IncomeTaxInput = {
    taxYear,
    residency: residencyFromPostcode(user?.kind === 'individual' ? user.individualDetails.address.postcode : undefined),
    selfEmployments,
    ...(uk ? { ukProperty: { ...property(uk), ...lossesOf(uk.businessId) } } : {}),
    ...(foreign ? { foreignProperty: { ...property(foreign), ...lossesOf(foreign.businessId) } } : {}),
  };
  for (const contribute of contributors) contribute(state, nino, taxYear, input);
  return { input, figures };
}
