// The ajv (JSON Schema draft-04) set-up that HMRC's schemas need to validate the way HMRC means them.
import Ajv, { type SchemaValidateFunction, type ErrorObject } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

function decimalPlaces(value: number): number | undefined {
  const text = String(value);
  if (/e/i.test(text)) return undefined;
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

/**
 * `multipleOf: 0.01` on money (thousands of times in HMRC's schemas) means "at most 2 decimal places", as in HMRC's
 * BigDecimal validation. ajv divides binary floats and rejects 0.07 and 5009.99, so compare scaled integers instead.
 */
export function isDecimalMultiple(value: number, divisor: number): boolean {
  const places = Math.max(decimalPlaces(value) ?? Infinity, decimalPlaces(divisor) ?? Infinity);
  if (places > 15) {
    const quotient = value / divisor;
    return Math.abs(quotient - Math.round(quotient)) < 1e-9;
  }
  const scale = 10 ** places;
  return Math.round(value * scale) % Math.round(divisor * scale) === 0;
}

export function createHmrcAjv(): Ajv {
  // strict: false because HMRC's schemas carry OpenAPI and documentation keywords (example, nullable ...);
  // verbose so that callers mapping errors to HMRC's codes can read the failing schema (minimum, maximum ...);
  // patterns are Java regexes, in which escapes such as `\"` are fine but JavaScript's `u` flag rejects them.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, unicodeRegExp: false });
  addFormats(ajv);
  ajv.removeKeyword('multipleOf');
  ajv.addKeyword({
    keyword: 'multipleOf',
    type: 'number',
    schemaType: 'number',
    errors: true,
    compile(divisor: number, parentSchema: Record<string, unknown>) {
      const validate: SchemaValidateFunction = (value: number) => {
        const valid = isDecimalMultiple(value, divisor);
        // ajv fills in instancePath and schemaPath only when they are left undefined; parentSchema lets callers
        // read the field's range (minimum, maximum) for HMRC's FORMAT_VALUE message, as verbose mode gives elsewhere.
        const error: Partial<ErrorObject> = { keyword: 'multipleOf', message: `must be multiple of ${divisor}`, params: { multipleOf: divisor }, parentSchema };
        if (!valid) validate.errors = [error as ErrorObject];
        return valid;
      };
      return validate;
    },
  });
  return ajv;
}

/**
 * HMRC writes display patterns in `format` ("YYYY-MM-DD", "YYYY-YY"); its own validation uses `pattern` and code,
 * so unknown format names are accepted as documentation, as ajv would with a warning on every compile.
 */
export function allowUnknownFormats(ajv: Ajv, schema: unknown): void {
  if (Array.isArray(schema)) {
    schema.forEach((item) => allowUnknownFormats(ajv, item));
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'format' && typeof value === 'string' && !(value in ajv.formats)) ajv.addFormat(value, true);
      else allowUnknownFormats(ajv, value);
    }
  }
}
