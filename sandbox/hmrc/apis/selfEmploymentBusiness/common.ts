// What every Self-Employment Business endpoint shares: the business lookup, the body check in HMRC's order, tax-year windows.
import { taxYearStart, type IsoDate } from '../../../../domain/taxYear';
import type { JsonSchema } from '../../oas';
import { schemaForTaxYear } from '../../oasLoader/taxYearVariants';
import { HmrcErrors, type HmrcError } from '../../platform/errors';
import type { ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBody, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { FinalDeclaration } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';

export const API = 'self-employment-business';
export const VERSION = '5.0';
export const BASE = '/individuals/business/self-employment/{nino}/{businessId}';

/** Tax years each family of endpoints serves (README §3.3; HMRC's validators and path parameter docs). */
export const TAX_YEARS = {
  cumulative: { min: '2025-26' },
  annual: { min: '2017-18' },
  periods: { min: '2017-18', max: '2024-25' },
} as const;

/** The path parameters, once their formats have been checked. */
export function pathParameters(request: ApiRequest): Record<'nino' | 'businessId' | 'taxYear' | 'periodId', string> {
  return request.params as Record<'nino' | 'businessId' | 'taxYear' | 'periodId', string>;
}

export function today(request: ApiRequest): IsoDate {
  return request.now.toISOString().slice(0, 10);
}

/** The NINO's self-employment with this id; 404 otherwise (a property business is not found here either). */
export function selfEmployment(state: EmulatorState, request: ApiRequest): BusinessRecord {
  const business = (state.taxpayers[request.params.nino!]?.businesses as Record<string, BusinessRecord> | undefined)?.[request.params.businessId!];
  if (!business || business.typeOfBusiness !== 'self-employment') throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
  return business;
}

/** HMRC takes no data for a tax year that has not begun (its back end answers TAX_YEAR_NOT_SUPPORTED). */
export function checkTaxYearStarted(request: ApiRequest, taxYear: string): void {
  if (today(request) < taxYearStart(taxYear)) throw endpointError(request.endpoint.oas, 'RULE_TAX_YEAR_NOT_SUPPORTED');
}

/**
 * After a final declaration, changes are amendments, allowed until 12 months after the filing date, i.e. 31 January
 * three calendar years after the tax year starts (HMRC README §5.4: 2025-26 can be amended until 31 January 2028).
 */
export function checkAmendmentWindow(state: EmulatorState, request: ApiRequest, taxYear: string): void {
  const declared = (state.taxpayers[request.params.nino!]?.finalDeclarations as Record<string, FinalDeclaration> | undefined)?.[taxYear];
  const closes = `${Number(taxYear.slice(0, 4)) + 3}-01-31`;
  if (declared && today(request) > closes) throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
}

const closedSchemas = new WeakMap<JsonSchema, Map<string, JsonSchema>>();

/** HMRC refuses unexpected fields anywhere (UnexpectedJsonFieldsValidator), though some of its schemas leave objects open. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)])) as JsonSchema;
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/** The request schema HMRC applies for the tax year, with every object closed. */
export function variantFor(taxYear: string): (schema: JsonSchema) => JsonSchema {
  return (schema) => {
    let byYear = closedSchemas.get(schema);
    if (!byYear) closedSchemas.set(schema, (byYear = new Map()));
    let variant = byYear.get(taxYear);
    if (!variant) byYear.set(taxYear, (variant = closed(schemaForTaxYear(schema, taxYear)) as JsonSchema));
    return variant;
  };
}

function schemaAt(schema: JsonSchema, pointer: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const part of pointer.split('/').filter(Boolean)) {
    node = /^\d+$/.test(part) && node?.type === 'array' ? (node.items as JsonSchema) : (node?.properties as Record<string, JsonSchema> | undefined)?.[part];
  }
  return node;
}

function rangeMessage(field: JsonSchema | undefined): string {
  const min = typeof field?.minimum === 'number' ? field.minimum : 0;
  const max = typeof field?.maximum === 'number' ? field.maximum : 99999999999.99;
  const show = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  return `The value must be between ${show(min)} and ${show(max)}`;
}

/**
 * FORMAT_VALUE with each field's own range. The shared check reads the range off the failing keyword's schema, which
 * the custom multipleOf keyword does not carry, so a negative-allowed field with three decimals would be told
 * "between 0 and ..."; HMRC's ResolveParsedNumber names the field's real range.
 */
function withFieldRanges(found: ErrorCollector, schema: JsonSchema): ErrorCollector {
  const fixed = new ErrorCollector(found.endpoint);
  const byMessage = new Map<string, string[]>();
  for (const error of found.errors) {
    if (error.code !== 'FORMAT_VALUE') {
      fixed.errors.push(error);
      continue;
    }
    for (const path of error.paths ?? []) {
      const message = rangeMessage(schemaAt(schema, path));
      byMessage.set(message, [...(byMessage.get(message) ?? []), path]);
    }
  }
  for (const [message, paths] of byMessage) fixed.add('FORMAT_VALUE', { paths, message });
  return fixed;
}

/** Empty objects and arrays inside a body: HMRC's EmptinessChecker refuses them, with their paths. */
function emptyPaths(value: unknown, path = ''): string[] {
  const children: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : isObject(value) ? Object.entries(value) : [];
  if ((Array.isArray(value) || isObject(value)) && children.length === 0) return [path];
  return children.flatMap(([key, child]) => emptyPaths(child, `${path}/${key}`));
}

/**
 * HMRC's validation order for a body: path parameters and the JSON shape first (reported together), then the field
 * values and business rules (reported together). Returns the collector for the rules stage, already holding the
 * value errors (FORMAT_VALUE and field FORMAT_ codes) that the schema found.
 */
export function checkShape(
  request: ApiRequest,
  pathErrors: ErrorCollector,
  options: { taxYear: string; fieldCodes?: Record<string, string> },
): ErrorCollector {
  const variant = variantFor(options.taxYear);
  const body = new ErrorCollector(request.endpoint.oas);
  checkBody(body, request.body, { variant, ...(options.fieldCodes ? { fieldCodes: options.fieldCodes } : {}) });
  const shape = body.errors.filter((e: HmrcError) => e.code === 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
  const empty = shape.length === 0 ? emptyPaths(request.body) : [];
  if (empty.length > 0) shape.push(endpointError(request.endpoint.oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: empty }));
  if (pathErrors.errors.length > 0 || shape.length > 0) throw new HmrcErrors([...pathErrors.errors, ...shape]);
  return withFieldRanges(body, variant(request.endpoint.oas.requestBody!.schema!));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
