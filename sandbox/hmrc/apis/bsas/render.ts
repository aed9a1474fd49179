// The retrieve answer for a summary: built once with every year's fields, then cut down to the tax year's definition.
import type { JsonSchema } from '../../oas';
import { schemaForTaxYear } from '../../oasLoader/taxYearVariants';
import type { EmulatorState } from '../../state';
import { findForeignProperty } from '../propertyBusiness/foreignProperties';
import { applyDeltas, calculationBody, compact, deltasTotal, foreignCalculationBody, money } from './calculation';
import { kindOf, statusOf, type Deltas, type StoredSummary } from './store';

type Json = Record<string, unknown>;

/** HMRC writes date-times to the second: 2026-05-01T10:15:00Z. */
export function hmrcDateTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

function deltasBody(deltas: Deltas): Json {
  return compact({ income: money(deltas.income), expenses: money(deltas.expenses), additions: money(deltas.additions) });
}

function adjustmentsBody(summary: StoredSummary): Json | undefined {
  const adjustment = summary.adjustment;
  if (!adjustment) return undefined;
  if (adjustment.zeroAdjustments) return { zeroAdjustments: true };
  if (adjustment.units) {
    const list = adjustment.units.list.map(({ key, ...deltas }) => ({ [adjustment.units!.kind === 'country' ? 'countryCode' : 'propertyId']: key, ...deltasBody(deltas) }));
    return adjustment.units.kind === 'country' ? { countryLevelDetail: list } : { propertyLevelDetail: list };
  }
  return deltasBody(adjustment.total);
}

function adjustedBody(state: EmulatorState, nino: string, summary: StoredSummary): Json {
  const kind = kindOf(summary.typeOfBusiness);
  const total = summary.adjustment?.total ?? deltasTotal([]);
  const figures = applyDeltas(summary.figures, total);
  if (kind !== 'foreign-property') return calculationBody(figures, kind, summary.taxYear);
  const unitDeltas = summary.adjustment?.units?.list.map(({ key, ...deltas }) => ({ key, deltas }));
  return foreignCalculationBody(figures, summary.units, summary.taxYear, countryOf(state, nino), unitDeltas);
}

/** Where a 2026-27+ foreign property is: its Foreign Property Details (kept by the Property Business API). */
function countryOf(state: EmulatorState, nino: string): (propertyId: string) => string | undefined {
  return (propertyId) => findForeignProperty(state, nino, propertyId)?.countryCode;
}

/** Everything any year's definition may want; `fitToSchema` keeps what the year's definition has. */
function fullBody(state: EmulatorState, nino: string, summary: StoredSummary): Json {
  const kind = kindOf(summary.typeOfBusiness);
  const [first] = summary.submissionPeriods;
  const adjustments = adjustmentsBody(summary);
  const adjustable =
    kind === 'foreign-property'
      ? foreignCalculationBody(summary.figures, summary.units, summary.taxYear, countryOf(state, nino))
      : calculationBody(summary.figures, kind, summary.taxYear);
  return compact({
    metadata: compact({
      calculationId: summary.calculationId,
      requestedDateTime: hmrcDateTime(summary.requestedDateTime),
      adjustedDateTime: summary.adjustment ? hmrcDateTime(summary.adjustment.adjustedDateTime) : undefined,
      nino,
      taxYear: summary.taxYear,
      summaryStatus: statusOf(state, nino, summary),
    }),
    inputs: compact({
      businessId: summary.businessId,
      typeOfBusiness: summary.typeOfBusiness,
      businessName: summary.businessName,
      accountingPeriodStartDate: summary.accountingPeriod.startDate,
      accountingPeriodEndDate: summary.accountingPeriod.endDate,
      source: 'MTD-SA',
      submissionPeriod: first,
      submissionPeriods: summary.submissionPeriods,
    }),
    adjustableSummaryCalculation: adjustable,
    adjustments,
    // UK property's definitions require the adjusted block even before any adjustment: it then equals the adjustable one.
    adjustedSummaryCalculation: summary.adjustment || kind === 'uk-property' ? adjustedBody(state, nino, summary) : undefined,
  });
}

/** Keeps only the members the schema defines, all the way down (a year's definition lacks other years' fields). */
export function fitToSchema(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return value.map((item) => fitToSchema(item, schema.items as JsonSchema | undefined));
  if (typeof value !== 'object' || value === null) return value;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return value;
  const out: Json = {};
  for (const [key, member] of Object.entries(value)) if (properties[key]) out[key] = fitToSchema(member, properties[key]);
  return out;
}

export function retrieveBody(state: EmulatorState, nino: string, summary: StoredSummary, responseSchema: JsonSchema | undefined): unknown {
  const body = fullBody(state, nino, summary);
  return responseSchema ? fitToSchema(body, schemaForTaxYear(responseSchema, summary.taxYear)) : body;
}
