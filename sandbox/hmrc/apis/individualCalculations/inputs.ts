// What the emulator feeds the income tax calculation: the taxpayer's submissions, BSAS adjustments and losses, in pence.
import type { IncomeTaxInput, PropertyBusinessInput, Residency, SelfEmploymentInput } from '../../../../domain/incomeTax';
import type { EmulatorState } from '../../state';
import { figuresFor, type SourceFigures } from '../../taxpayerData';

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

export function calculationInput(state: EmulatorState, nino: string, taxYear: string): { input: IncomeTaxInput; figures: SourceFigures[] } {
  const figures = figuresFor(state, nino, taxYear);
  const user = Object.values(state.users).find((u) => u.kind === 'individual' && u.nino === nino);
  const selfEmployments: SelfEmploymentInput[] = figures
    .filter((f) => f.typeOfBusiness === 'self-employment')
    .map((f) => ({ id: f.businessId, income: f.income, ...(f.tradingAllowance ? { tradingAllowance: f.tradingAllowance } : { expenses: f.expenses }), adjustments: f.adjustments }));
  const uk = figures.find((f) => f.typeOfBusiness === 'uk-property');
  const foreign = figures.find((f) => f.typeOfBusiness === 'foreign-property');
  const input: IncomeTaxInput = {
    taxYear,
    residency: residencyFromPostcode(user?.kind === 'individual' ? user.individualDetails.address.postcode : undefined),
    selfEmployments,
    ...(uk ? { ukProperty: property(uk) } : {}),
    ...(foreign ? { foreignProperty: property(foreign) } : {}),
  };
  for (const contribute of contributors) contribute(state, nino, taxYear, input);
  return { input, figures };
}
