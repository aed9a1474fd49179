// How the Property Business endpoints check a request body: HMRC's two stages (shape, then values and rules),
// amounts, dates, country codes and repeated entries.
import { HmrcError, HmrcErrors } from '../../platform/errors';
import { ErrorCollector, checkBody, endpointError, isIsoDate } from '../../platform/validation';
import { schemaForTaxYear } from '../../oasLoader/taxYearVariants';
import type { JsonSchema } from '../../oas';
import { countryCodeProblem } from '../../../../domain/countries';

/**
 * An empty object or array anywhere in a body: HMRC's shared JSON reader refuses them with
 * RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED and their paths, even where the schema would allow them.
 */
function emptyPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [path] : value.flatMap((item, i) => emptyPaths(item, `${path}/${i}`));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? [path] : entries.flatMap(([key, item]) => emptyPaths(item, `${path}/${key}`));
  }
  return [];
}

function schemaAt(schema: JsonSchema | undefined, pointer: string): JsonSchema | undefined {
  let node = schema;
  for (const segment of pointer.split('/').filter(Boolean)) {
    const properties = node?.properties as Record<string, JsonSchema> | undefined;
    node = properties?.[segment] ?? (/^\d+$/.test(segment) ? (node?.items as JsonSchema | undefined) : undefined);
  }
  return node;
}

function rangeMessage(field: JsonSchema | undefined): string {
  const show = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const min = typeof field?.minimum === 'number' ? field.minimum : 0;
  const max = typeof field?.maximum === 'number' ? field.maximum : 99999999999.99;
  return `The value must be between ${show(min)} and ${show(max)}`;
}

function isTwoDecimals(value: number): boolean {
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

/**
 * FORMAT_VALUE for amounts whose definition gives no range (HMRC's validators hold them): each number in the body is
 * checked against the range a schema of the same shape gives for that field (e.g. the amend endpoint's for a create),
 * or against the default 0 to 99999999999.99 when there is none.
 */
export function checkAmounts(errors: ErrorCollector, body: unknown, rangesFrom: JsonSchema | undefined): void {
  const byMessage = new Map<string, string[]>();
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}/${i}`));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, `${path}/${key}`);
    else if (typeof value === 'number') {
      // With no schema to go by, every amount takes HMRC's default range.
      const field = rangesFrom ? schemaAt(rangesFrom, path) : { type: 'number' };
      if (field?.type !== 'number') return;
      const min = typeof field.minimum === 'number' ? field.minimum : 0;
      const max = typeof field.maximum === 'number' ? field.maximum : 99999999999.99;
      const message = rangeMessage(field);
      if (value < min || value > max || !isTwoDecimals(value)) byMessage.set(message, [...(byMessage.get(message) ?? []), path]);
    }
  };
  walk(body, '');
  for (const [message, paths] of byMessage) errors.errors.push(new HmrcError(400, 'FORMAT_VALUE', message, paths));
}

/**
 * The body in HMRC's two stages. First the path parameters (already in `errors`) and the body's shape: any problem
 * there ends the request. Then the field values (money ranges, formats): these are returned so that the endpoint's own
 * rules can add to them, as HMRC's rules validators report value and rule errors together.
 */
export function checkBodyInStages(
  errors: ErrorCollector,
  body: unknown,
  options: { taxYear?: string; fieldCodes?: Record<string, string> } = {},
): ErrorCollector {
  const found = new ErrorCollector(errors.endpoint);
  const taxYear = options.taxYear;
  checkBody(found, body, { ...(taxYear ? { variant: (schema) => schemaForTaxYear(schema, taxYear) } : {}), ...(options.fieldCodes ? { fieldCodes: options.fieldCodes } : {}) });
  const empties = typeof body === 'object' && body !== null && Object.keys(body).length > 0 ? emptyPaths(body) : [];
  if (empties.length > 0) found.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: empties });
  const shape = found.errors.filter((e) => e.code === 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
  if (errors.errors.length > 0 || shape.length > 0) throw new HmrcErrors([...errors.errors, ...shape]);
  const values = new ErrorCollector(errors.endpoint);
  values.errors.push(...found.errors);
  return values;
}

/** HMRC's date resolver for period dates: a real YYYY-MM-DD date with a year from 1900 to 2099. */
export function isDateInRange(value: unknown, minYear = 1900, maxYear = 2099): value is string {
  if (!isIsoDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= minYear && year <= maxYear;
}

/** FORMAT_COUNTRY_CODE or RULE_COUNTRY_CODE at `path`, as HMRC's country code resolver answers. */
export function checkCountryCode(errors: ErrorCollector, code: string, path: string): void {
  const problem = countryCodeProblem(code);
  if (problem) errors.add(problem, { paths: [path] });
}

/**
 * A value repeated across an array's entries, reported once per value with the paths of its entries. HMRC names the
 * value in the message, so it is built here rather than taken from the endpoint's examples.
 */
function checkDuplicates(errors: ErrorCollector, code: string, values: (string | undefined)[], pathOf: (i: number) => string, message: (value: string) => string): void {
  const paths = new Map<string, string[]>();
  values.forEach((value, i) => {
    if (value !== undefined) paths.set(value, [...(paths.get(value) ?? []), pathOf(i)]);
  });
  const documented = endpointError(errors.endpoint, code);
  for (const [value, where] of paths) {
    if (where.length > 1) errors.errors.push(new HmrcError(documented.status, code, message(value), where));
  }
}

export function checkDuplicatePropertyIds(errors: ErrorCollector, ids: (string | undefined)[], arrayPath: string): void {
  checkDuplicates(errors, 'RULE_DUPLICATE_PROPERTY_ID', ids, (i) => `${arrayPath}/${i}/propertyId`, (id) => `The property ID '${id}' is duplicated for multiple properties`);
}

/** As validated in the ≤2024-25 period summaries (later definitions leave duplicate countries to the back end). */
export function checkDuplicateCountryCodes(errors: ErrorCollector, codes: (string | undefined)[], arrayPath: string): void {
  checkDuplicates(errors, 'RULE_DUPLICATE_COUNTRY_CODE', codes, (i) => `${arrayPath}/${i}/countryCode`, (code) => `The country code '${code}' is duplicated for multiple properties`);
}
