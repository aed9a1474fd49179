// Submit accounting adjustments to a summary: once per summary, only while it is valid, as deltas on its figures.
import { taxYearStartYear } from '../../../../domain/taxYear';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBody, endpointError } from '../../platform/validation';
import { findEndpoint, type JsonSchema } from '../../oas';
import { schemaForTaxYear } from '../../oasLoader/taxYearVariants';
import type { ApiContext } from '../types';
import { propertiesInYear } from '../propertyBusiness/foreignProperties';
import { checkAdjustmentRules, emptyPaths, forShapeCheck, readAdjustment } from './adjustBody';
import { applyDeltas, totalsOf } from './calculation';
import { emptyFigures } from './sources';
import { checkSummaryPath, findSummary } from './retrieve';
import { outsideAmendmentWindow } from './rules';
import { kindOf, statusOf, type BsasKind, type Deltas, type Figures, type StoredAdjustment, type StoredSummary } from './store';

type Json = Record<string, unknown>;

/** Consolidated expenses are for turnover up to the VAT registration threshold: £85,000, £90,000 from 2024-25. */
function consolidatedThreshold(taxYear: string): number {
  return taxYearStartYear(taxYear) >= 2024 ? 9_000_000 : 8_500_000;
}

const RETRIEVE_PATHS: Record<BsasKind, string> = {
  'self-employment': '/individuals/self-assessment/adjustable-summary/{nino}/self-employment/{calculationId}/{taxYear}',
  'uk-property': '/individuals/self-assessment/adjustable-summary/{nino}/uk-property/{calculationId}/{taxYear}',
  'foreign-property': '/individuals/self-assessment/adjustable-summary/{nino}/foreign-property/{calculationId}/{taxYear}',
};
const SECTIONS = ['income', 'expenses', 'additions'] as const;

/**
 * "Where not allowed" is where the year's retrieve definition puts the adjusted figure's minimum at zero: every income
 * field; residential finance costs; before 2024-25, property expenses too.
 */
function nonNegativeFields(kind: BsasKind, taxYear: string): Record<(typeof SECTIONS)[number], Set<string>> {
  const schema = findEndpoint('self-assessment-bsas', '7.0', 'GET', RETRIEVE_PATHS[kind])?.responses['200']?.schema;
  const adjusted = (schema ? schemaForTaxYear(schema, taxYear) : {}) as { properties?: Record<string, JsonSchema> };
  const block = adjusted.properties?.adjustedSummaryCalculation?.properties as Record<string, JsonSchema> | undefined;
  const fields = (section: string) =>
    new Set(Object.entries((block?.[section]?.properties ?? {}) as Record<string, JsonSchema>).filter(([, f]) => typeof f.minimum === 'number' && f.minimum >= 0).map(([name]) => name));
  return { income: fields('income'), expenses: fields('expenses'), additions: fields('additions') };
}

function validate(request: ApiRequest, kind: BsasKind): Json {
  const taxYear = request.params.taxYear!;
  const shape = new ErrorCollector(request.endpoint.oas);
  checkSummaryPath(request, (errors) => {
    checkBody(shape, forShapeCheck(request.body), { variant: (schema) => schemaForTaxYear(schema, taxYear) });
    // Amounts are HMRC's rules' business (non-zero too), with their own message; the shape is the schema's.
    errors.errors.push(...shape.errors.filter((e) => e.code !== 'FORMAT_VALUE'));
    const empty = emptyPaths(request.body);
    if (empty.length > 0 && shape.errors.length === 0) errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: empty });
  });
  const rules = new ErrorCollector(request.endpoint.oas);
  checkAdjustmentRules(rules, kind, request.body as Json);
  rules.throwIfAny();
  return request.body as Json;
}

function anyExpenses(deltas: Deltas): boolean {
  return Object.keys(deltas.expenses).length > 0;
}

/** Each figure block the adjustment changes, before and after: the business, and each country or property it names. */
function adjustedBlocks(summary: StoredSummary, adjustment: StoredAdjustment): { before: Figures; after: Figures; deltas: Deltas }[] {
  const blocks = [{ before: summary.figures, after: applyDeltas(summary.figures, adjustment.total), deltas: adjustment.total }];
  for (const unit of adjustment.units?.list ?? []) {
    const before = summary.units?.list.find((u) => u.key === unit.key) ?? emptyFigures();
    blocks.push({ before, after: applyDeltas(before, unit), deltas: unit });
  }
  return blocks;
}

/** The back end's checks of the adjustment against the summary, in the order its errors are most specific. */
function checkAgainstSummary(ctx: ApiContext, request: ApiRequest, summary: StoredSummary, adjustment: StoredAdjustment): void {
  const oas = request.endpoint.oas;
  const fail = (code: string) => endpointError(oas, code);
  const kind = kindOf(summary.typeOfBusiness);
  if (adjustment.units?.kind === 'property') {
    // The income source's properties: those the summary has figures for, and those registered for it in the year.
    const registered = propertiesInYear(ctx.state, request.params.nino!, summary.businessId, summary.taxYear).map((p) => p.propertyId);
    const known = new Set([...(summary.units?.kind === 'property' ? summary.units.list.map((u) => u.key) : []), ...registered]);
    if (adjustment.units.list.some((u) => !known.has(u.key))) throw fail('RULE_PROPERTY_ID_MISMATCH');
  }
  const blocks = adjustedBlocks(summary, adjustment);
  const allowance = kind === 'self-employment' ? 'tradingAllowance' : 'propertyAllowance';
  if (blocks.some((b) => (b.before.deductions[allowance] ?? 0) > 0 && anyExpenses(b.deltas))) {
    throw fail(kind === 'self-employment' ? 'RULE_TRADING_INCOME_ALLOWANCE_CLAIMED' : 'RULE_PROPERTY_INCOME_ALLOWANCE_CLAIMED');
  }
  if (adjustment.total.expenses.consolidatedExpenses !== undefined) {
    const after = blocks[0]!.after;
    const turnover = kind === 'self-employment' ? (after.income.turnover ?? 0) : totalsOf(after, kind).totalIncome;
    if (turnover > consolidatedThreshold(summary.taxYear)) throw fail('RULE_OVER_CONSOLIDATED_EXPENSES_THRESHOLD');
  }
  const nonNegative = nonNegativeFields(kind, summary.taxYear);
  const negative = blocks.some(({ after, deltas }) =>
    SECTIONS.some((section) => Object.keys(deltas[section]).some((field) => nonNegative[section].has(field) && (after[section][field] ?? 0) < 0)),
  );
  if (negative) throw fail('RULE_RESULTING_VALUE_NOT_PERMITTED');
}

export function adjustHandler(ctx: ApiContext, kind: BsasKind): ApiHandler {
  return (request) => {
    const body = validate(request, kind);
    const nino = request.params.nino!;
    const oas = request.endpoint.oas;
    const summary = findSummary(ctx, request, kind);
    const { part, adjustment } = readAdjustment(kind, body, request.now.toISOString());
    // An FHL body for a non-FHL summary (or the reverse) is for another type of business.
    if ((part === 'fhl') !== summary.typeOfBusiness.includes('fhl')) throw endpointError(oas, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    if (outsideAmendmentWindow(ctx.state, nino, summary.taxYear, request.now)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const status = statusOf(ctx.state, nino, summary);
    if (status === 'superseded') throw endpointError(oas, 'RULE_SUMMARY_STATUS_SUPERSEDED');
    if (status === 'invalid') throw endpointError(oas, 'RULE_SUMMARY_STATUS_INVALID');
    if (summary.adjustment) throw endpointError(oas, 'RULE_ALREADY_ADJUSTED');
    if (!adjustment.zeroAdjustments) checkAgainstSummary(ctx, request, summary, adjustment);
    summary.adjustment = adjustment;
    ctx.changed();
    return { status: 200, write: { nino, taxYear: summary.taxYear, businessId: summary.businessId } };
  };
}
