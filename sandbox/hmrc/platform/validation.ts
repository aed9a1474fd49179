// Validation as HMRC's MTD services do it: path formats and body shape first (all collected), then business rules.
// Codes and messages come from the endpoint's own documented errors, so they are HMRC's, word for word.
import type { ErrorObject } from 'ajv';
import type { HmrcEndpoint } from '../oasLoader/types';
import { requestValidator } from '../oas';
import { HmrcError, HmrcErrors } from './errors';

/** The MTD shared NINO validator (HMRC README §1.8); the suffix letter is optional there. */
const NINO = /^([ACEHJLMOPRSWXY][A-CEGHJ-NPR-TW-Z]|B[A-CEHJ-NPR-TW-Z]|G[ACEGHJ-NPR-TW-Z]|[KT][A-CEGHJ-MPR-TW-Z]|N[A-CEGHJL-NPR-SW-Z]|Z[A-CEGHJ-NPR-TW-Y])[0-9]{6}[A-D ]?$/;
const NINO_EXCLUDED = /^(BG|GB|NK|KN|TN|NT|ZZ)/;
const TAX_YEAR = /^20([1-9][0-9])-([1-9][0-9])$/;
const BUSINESS_ID = /^X[A-Z0-9]IS[0-9]{11}$/;

/** Default messages for codes an endpoint might not spell out in its examples. */
const FALLBACK_MESSAGES: Record<string, [number, string]> = {
  FORMAT_NINO: [400, 'The provided NINO is invalid'],
  FORMAT_TAX_YEAR: [400, 'The provided tax year is invalid'],
  FORMAT_BUSINESS_ID: [400, 'The provided Business ID is invalid'],
  RULE_TAX_YEAR_RANGE_INVALID: [400, 'Tax year range invalid. A tax year range of one year is required'],
  RULE_TAX_YEAR_NOT_SUPPORTED: [400, 'The tax year specified does not lie within the supported range'],
  RULE_TAX_YEAR_NOT_ENDED: [400, 'The submission has been made before the tax year has ended'],
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: [400, 'An empty or non-matching body was submitted'],
  FORMAT_VALUE: [400, 'The value must be between 0 and 99999999999.99'],
  MATCHING_RESOURCE_NOT_FOUND: [404, 'Matching resource not found'],
  RULE_REQUEST_CANNOT_BE_FULFILLED: [422, 'Custom (will vary in production depending on the actual error)'],
  CLIENT_OR_AGENT_NOT_AUTHORISED: [403, 'The client and/or agent is not authorised'],
};

/** HMRC's error for `code` on this endpoint: the documented status and message (first variant unless told). */
export function endpointError(endpoint: HmrcEndpoint, code: string, options: { paths?: string[]; message?: string; status?: number } = {}): HmrcError {
  for (const [status, response] of Object.entries(endpoint.responses)) {
    const example = response.errors.find((e) => e.code === code && (!options.message || e.message === options.message));
    if (example) return new HmrcError(options.status ?? Number(status), code, options.message ?? example.message, options.paths);
  }
  const fallback = FALLBACK_MESSAGES[code];
  if (!fallback) throw new Error(`Emulator bug: ${code} is not documented for ${endpoint.method} ${endpoint.path}`);
  return new HmrcError(options.status ?? fallback[0], code, options.message ?? fallback[1], options.paths);
}

export function isDocumented(endpoint: HmrcEndpoint, code: string): boolean {
  return Object.values(endpoint.responses).some((r) => r.errors.some((e) => e.code === code));
}

/** Collects errors so every format problem is reported at once, as HMRC does. */
export class ErrorCollector {
  readonly errors: HmrcError[] = [];
  constructor(readonly endpoint: HmrcEndpoint) {}

  add(code: string, options: { paths?: string[]; message?: string } = {}): void {
    this.errors.push(endpointError(this.endpoint, code, options));
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new HmrcErrors(this.errors);
  }
}

export function checkNino(errors: ErrorCollector, nino: string | undefined): void {
  if (!nino || !NINO.test(nino) || NINO_EXCLUDED.test(nino)) errors.add('FORMAT_NINO');
}

export function checkBusinessId(errors: ErrorCollector, businessId: string | undefined): void {
  if (!businessId || !BUSINESS_ID.test(businessId)) errors.add('FORMAT_BUSINESS_ID');
}

/**
 * taxYear 'YYYY-YY': malformed is FORMAT_TAX_YEAR; parts not one year apart is RULE_TAX_YEAR_RANGE_INVALID; outside the
 * endpoint's range is RULE_TAX_YEAR_NOT_SUPPORTED. Returns the starting calendar year when the format is right.
 */
export function checkTaxYear(errors: ErrorCollector, taxYear: string | undefined, range: { min?: string; max?: string } = {}): number | null {
  const match = TAX_YEAR.exec(taxYear ?? '');
  if (!match) {
    errors.add('FORMAT_TAX_YEAR');
    return null;
  }
  const start = 2000 + Number(match[1]);
  if ((Number(match[1]) + 1) % 100 !== Number(match[2])) {
    errors.add('RULE_TAX_YEAR_RANGE_INVALID');
    return null;
  }
  if ((range.min && taxYear! < range.min) || (range.max && taxYear! > range.max)) {
    errors.add('RULE_TAX_YEAR_NOT_SUPPORTED');
    return null;
  }
  return start;
}

function pointer(error: ErrorObject): string {
  if (error.keyword === 'required') return `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`;
  if (error.keyword === 'additionalProperties') return `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`;
  return error.instancePath || '/';
}

function fieldCode(path: string): string {
  const last = path.split('/').filter((p) => p && !/^\d+$/.test(p)).pop() ?? '';
  return `FORMAT_${last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** The field's own FORMAT_ code: as the handler names it, else derived from the field name (startDate -> FORMAT_START_DATE). */
function codeFor(path: string, fieldCodes: Record<string, string> | undefined): string {
  const last = path.split('/').filter((p) => p && !/^\d+$/.test(p)).pop() ?? '';
  return fieldCodes?.[last] ?? fieldCode(path);
}

function numberRange(schema: Record<string, unknown> | undefined): string {
  const min = typeof schema?.minimum === 'number' ? schema.minimum : 0;
  const max = typeof schema?.maximum === 'number' ? schema.maximum : 99999999999.99;
  const show = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  return `The value must be between ${show(min)} and ${show(max)}`;
}

/**
 * Checks a body against the endpoint's request schema. Shape problems (missing, unknown or mistyped fields, an empty
 * object) are RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED with paths; numbers out of range or with more than two decimals are
 * FORMAT_VALUE; a string failing its pattern is the field's own FORMAT_ code where the endpoint documents one.
 */
export function checkBody(
  errors: ErrorCollector,
  body: unknown,
  options: { variant?: (schema: Record<string, unknown>) => Record<string, unknown>; fieldCodes?: Record<string, string> } = {},
): void {
  const endpoint = errors.endpoint;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
    errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    return;
  }
  const validate = requestValidator(endpoint, options.variant);
  if (!validate || validate(body)) return;
  const shapePaths: string[] = [];
  const valuePaths = new Map<string, string[]>();
  for (const error of validate.errors ?? []) {
    const path = pointer(error);
    const named = options.fieldCodes?.[path.split('/').filter((p) => p && !/^\d+$/.test(p)).pop() ?? ''];
    if (named && error.keyword !== 'required' && error.keyword !== 'additionalProperties' && isDocumented(endpoint, named)) {
      // The handler names this field's own code: HMRC reports any bad value of it that way.
      errors.add(named, { paths: [path] });
    } else if (['minimum', 'maximum', 'multipleOf', 'exclusiveMinimum', 'exclusiveMaximum'].includes(error.keyword)) {
      const message = numberRange(error.parentSchema as Record<string, unknown> | undefined);
      valuePaths.set(message, [...(valuePaths.get(message) ?? []), path]);
    } else if (['pattern', 'format', 'maxLength', 'minLength', 'enum'].includes(error.keyword) && isDocumented(endpoint, codeFor(path, options.fieldCodes))) {
      errors.add(codeFor(path, options.fieldCodes), { paths: [path] });
    } else if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') {
      // The branch errors say what is wrong; the combinator itself adds nothing.
      continue;
    } else {
      shapePaths.push(path);
    }
  }
  for (const [message, paths] of valuePaths) errors.add('FORMAT_VALUE', { paths: [...new Set(paths)], message });
  if (shapePaths.length > 0) errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: [...new Set(shapePaths)].sort() });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
