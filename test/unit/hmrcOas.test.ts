// The HMRC OAS bundle: fresh from HMRC's files, complete, and consistent with HMRC's own examples and error lists.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findEndpoint,
  hmrcOasBundleUrl,
  loadHmrcOas,
  matchEndpoint,
  requestValidator,
  responseValidator,
  type HmrcEndpoint,
  type HmrcExample,
  type JsonSchema,
} from '../../sandbox/hmrc/oas';
import { buildHmrcOasBundle, serializeHmrcOasBundle } from '../../sandbox/hmrc/oasLoader/bundle';
import { schemaForTaxYear, taxYearRange, taxYearVariants } from '../../sandbox/hmrc/oasLoader/taxYearVariants';

const sharedOas = fileURLToPath(new URL('../../../shared/hmrc/oas', import.meta.url));
const sharedPresent = existsSync(sharedOas);

const inScope = [
  'agent-authorisation 2.0',
  'api-platform-test-user 1.0',
  'business-details 2.0',
  'individual-calculations 8.0',
  'individual-losses 6.0',
  'individual-losses 7.0',
  'mtd-sa-test-support 1.0',
  'obligations 3.0',
  'property-business 6.0',
  'self-assessment-accounts 4.0',
  'self-assessment-assist 1.0',
  'self-assessment-bsas 7.0',
  'self-assessment-individual-details 2.0',
  'self-employment-business 5.0',
];

function endpoint(api: string, version: string, method: string, path: string): HmrcEndpoint {
  const found = findEndpoint(api, version, method, path);
  if (!found) throw new Error(`no ${method} ${path} in ${api} ${version}`);
  return found;
}

function codes(e: HmrcEndpoint, status: string): string[] {
  return e.responses[status]!.errors.map((error) => error.code);
}

describe('the committed bundle', () => {
  it.skipIf(!sharedPresent)(
    `is what scripts/bundle-hmrc-oas.ts builds from ../shared/hmrc/oas${sharedPresent ? '' : ' (skipped: ../shared is only beside the repo in development and CI)'}`,
    () => {
      const fresh = serializeHmrcOasBundle(buildHmrcOasBundle(sharedOas).bundle);
      // A boolean, not toEqual: a 6 MB diff helps nobody. Rebuild with `npx tsx scripts/bundle-hmrc-oas.ts`.
      expect(fresh === readFileSync(hmrcOasBundleUrl, 'utf8'), 'sandbox/hmrc/oas-bundle.json is stale: rerun scripts/bundle-hmrc-oas.ts').toBe(true);
    },
  );

  it('holds every in-scope API version, each with endpoints and its Accept header', () => {
    const apis = loadHmrcOas().apis;
    expect(apis.map((api) => `${api.name} ${api.version}`)).toEqual(inScope);
    for (const api of apis) {
      expect(api.endpoints.length, api.name).toBeGreaterThan(0);
      expect(api.accept).toBe(`application/vnd.hmrc.${api.version}+json`);
      expect(api.basePath).toBe('');
      expect(new Set(api.endpoints.map((e) => e.key)).size, `${api.name} keys are unique`).toBe(api.endpoints.length);
    }
  });

  it('has no $ref, definitions or Handlebars left anywhere', () => {
    const text = readFileSync(hmrcOasBundleUrl, 'utf8');
    expect(text).not.toContain('"$ref"');
    expect(text).not.toContain('"definitions"');
    expect(text).not.toContain('{{');
  });
});

describe('known endpoints', () => {
  it('Self-Employment cumulative period summary (PUT)', () => {
    const e = endpoint('self-employment-business', '5.0', 'put', '/individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}');
    expect(e).toMatchObject({ method: 'PUT', key: 'create_amend_cumulative_period_summary', auth: 'user-restricted', scopes: ['write:self-assessment'] });
    expect(e.govTestScenarios).toEqual(expect.arrayContaining(['STATEFUL', 'EARLY_DATA_SUBMISSION_NOT_ACCEPTED', 'OUTSIDE_AMENDMENT_WINDOW']));
    expect(e.govTestScenarios).not.toContain('N/A - DEFAULT');
    expect(e.testScenarios[0]).toEqual({ header: null, description: 'Simulates success response.' });
    expect(codes(e, '400')).toEqual(expect.arrayContaining(['FORMAT_NINO', 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', 'RULE_TAX_YEAR_NOT_SUPPORTED', 'RULE_EARLY_DATA_SUBMISSION_NOT_ACCEPTED']));
    expect(e.responses['400']!.errors[0]).toEqual({
      name: 'formatNino',
      key: 'FORMAT_NINO',
      code: 'FORMAT_NINO',
      message: 'The NINO format is invalid',
      description: 'The format of the supplied NINO field is not valid.',
    });
    expect(codes(e, '404')).toEqual(['MATCHING_RESOURCE_NOT_FOUND']);
    // HMRC's typo is kept, and the body is still found.
    expect(e.requestBody).toMatchObject({ mediaType: 'applicaton/json' });
    expect(e.requestBody!.examples.map((x) => x.name)).toEqual(['Non-consolidated request', 'Consolidated request']);
    expect(e.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:nino', 'path:businessId', 'path:taxYear', 'header:Accept', 'header:Gov-Test-Scenario']),
    );
  });

  it('Business Details list, where a literal segment competes with {businessId}', () => {
    const e = endpoint('business-details', '2.0', 'GET', '/individuals/business/details/{nino}/list');
    expect(e.scopes).toEqual(['read:self-assessment']);
    expect(e.govTestScenarios).toEqual(['PROPERTY', 'FOREIGN_PROPERTY', 'BUSINESS_AND_PROPERTY', 'UNSPECIFIED', 'NOT_FOUND', 'STATEFUL']);
  });

  it('reads Test Data tables with a Tax Year column, the `Gov_test-Scenario` typo and default-row notes', () => {
    const foreign = endpoint('property-business', '6.0', 'PUT', '/individuals/business/property/foreign/{nino}/{businessId}/cumulative/{taxYear}');
    expect(foreign.testScenarios[0]).toEqual({ header: null, taxYears: '2025-26 onwards', description: 'Simulates success response.' });
    expect(foreign.govTestScenarios).toContain('EARLY_DATA_SUBMISSION_NOT_ACCEPTED');
    const codingOut = endpoint('self-assessment-accounts', '4.0', 'GET', '/accounts/self-assessment/{nino}/{taxYear}/collection/tax-code');
    expect(codingOut.testScenarios.filter((row) => row.header === null).map((row) => row.note)).toEqual([
      undefined,
      'using ?source=latest',
      'using ?source=hmrcHeld',
      'using ?source=user',
    ]);
  });

  it('renders feature-switch templates as HMRC Sandbox does (switch on, not released in production)', () => {
    const e = endpoint('self-assessment-bsas', '7.0', 'GET', '/individuals/self-assessment/adjustable-summary/{nino}/self-employment/{calculationId}/{taxYear}');
    const names = e.responses['200']!.examples.map((x) => x.name);
    expect(names).toContain('TY-2025-26-Zero-Adjustments');
    expect(names).not.toContain('TY-2025-26-Onwards-Zero-Adjustments');
    expect(names).toContain('TY-2026-27-Onwards-Zero-Adjustments');
    expect((e.responses['200']!.schema!.oneOf as JsonSchema[]).map((s) => s.title)).toEqual([
      'For TY 2023-24 and Before',
      'For TY 2024-25',
      'For TY 2025-26',
      '[Test only]  For TY 2026-27 and after',
    ]);
  });

  it('Agent Authorisation, with operationIds, inline errors and one code under several messages', () => {
    const e = endpoint('agent-authorisation', '2.0', 'POST', '/agents/{arn}/invitations');
    expect(e).toMatchObject({ key: 'Createanewauthorisation', scopes: ['write:sent-invitations'], auth: 'user-restricted' });
    expect(e.responses['400']!.errors.filter((error) => error.code === 'BAD_REQUEST').map((error) => error.message)).toEqual([
      'Missing or unsupported version number',
      'Missing or unsupported content-type.',
      'Bad Request',
    ]);
    expect(codes(e, '403')).toContain('CLIENT_REGISTRATION_NOT_FOUND');
  });

  it('test users are application-restricted; Self Assessment Assist errors come as arrays', () => {
    expect(endpoint('api-platform-test-user', '1.0', 'POST', '/create-test-user/individuals')).toMatchObject({ auth: 'application-restricted', scopes: [] });
    const assist = endpoint('self-assessment-assist', '1.0', 'POST', '/individuals/self-assessment/assist/reports/{nino}/{taxYear}/{calculationId}');
    expect(assist.responses['400']!.schema!.type).toBe('array');
    expect(assist.responses['400']!.errors[0]).toMatchObject({ name: 'formatNino', code: 'FORMAT_NINO', message: 'The provided NINO is invalid' });
  });
});

describe('matchEndpoint', () => {
  it('resolves concrete paths to their endpoint and path parameters', () => {
    const se = matchEndpoint('put', '/individuals/business/self-employment/AA123456A/XAIS12345678910/cumulative/2025-26');
    expect(se?.api.name).toBe('self-employment-business');
    expect(se?.endpoint.key).toBe('create_amend_cumulative_period_summary');
    expect(se?.params).toEqual({ nino: 'AA123456A', businessId: 'XAIS12345678910', taxYear: '2025-26' });

    const losses = matchEndpoint('GET', '/individuals/losses/AA123456A/businesses/XAIS12345678910/loss-claims/2026-27?x=1', 'application/vnd.hmrc.7.0+json');
    expect(losses?.api.version).toBe('7.0');
    expect(losses?.params.taxYear).toBe('2026-27');
  });

  it('prefers literal segments over parameters', () => {
    expect(matchEndpoint('GET', '/individuals/business/details/AA123456A/list')?.endpoint.path).toBe('/individuals/business/details/{nino}/list');
    expect(matchEndpoint('GET', '/individuals/business/details/AA123456A/XAIS12345678910')?.endpoint.path).toBe('/individuals/business/details/{nino}/{businessId}');
    expect(matchEndpoint('POST', '/individuals/calculations/AA123456A/self-assessment/2025-26/trigger/intent-to-finalise')?.endpoint.key).toBe('trigger');
    expect(matchEndpoint('GET', '/individuals/business/property/uk/annual/furnished-holiday-lettings/AA123456A/2022-23')?.endpoint.key).toBe(
      'historic_uk_fhl_annual_submission_retrieve',
    );
  });

  it('filters by the Accept version and refuses unknown methods and paths', () => {
    expect(matchEndpoint('GET', '/individuals/business/details/AA123456A/list', '2.0')).toBeDefined();
    expect(matchEndpoint('GET', '/individuals/business/details/AA123456A/list', '1.0')).toBeUndefined();
    expect(matchEndpoint('PATCH', '/individuals/business/details/AA123456A/list')).toBeUndefined();
    expect(matchEndpoint('GET', '/individuals/business/details/AA123456A/list/extra')).toBeUndefined();
  });
});

/** `{api} {version} {METHOD} {path} {request|status} :: {example name}` */
type ExampleId = string;

/**
 * Upstream examples that contradict their own schemas (checked by hand against the raw files in ../shared/hmrc/oas).
 * Validation stays strict; when HMRC fixes one, this test fails until it is taken off the list.
 */
const knownUpstreamDiscrepancies: ExampleId[] = [
  // VAT examples: clientType is a `oneOf` of two overlapping enums, and knownFact's pattern is literally "yyyy-mm-dd".
  'agent-authorisation 2.0 PUT /agents/{arn}/deauthorise-client request :: example-VAT',
  'agent-authorisation 2.0 POST /agents/{arn}/invitations request :: example-VAT',
  'agent-authorisation 2.0 POST /agents/{arn}/relationships request :: example-VAT',
  // `service` is a string where the schema wants an array; `created` has no time zone; `expiresOn` is not a date.
  'agent-authorisation 2.0 GET /agents/{arn}/invitations 200 :: pending and responded',
  'agent-authorisation 2.0 GET /agents/{arn}/invitations/{invitationId} 200 :: pending',
  'agent-authorisation 2.0 GET /agents/{arn}/invitations/{invitationId} 200 :: responded',
  // liabilityAmount is the string "236.89"; the schema says number.
  'individual-calculations 8.0 GET /individuals/calculations/{nino}/self-assessment/{taxYear} 200 :: Example response for TY 2023-24 and 2024-25',
  'individual-calculations 8.0 GET /individuals/calculations/{nino}/self-assessment/{taxYear} 200 :: Example response for TY 2025-26 onwards',
  // Old camelCase and numeric enum values ("customerRequest", "UK", "01"), retired fields, ids that are not UUIDs.
  'individual-calculations 8.0 GET /individuals/calculations/{nino}/self-assessment/{taxYear}/{calculationId} 200 :: Example response for TY 2025-26',
  'individual-calculations 8.0 GET /individuals/calculations/{nino}/self-assessment/{taxYear}/{calculationId} 200 :: Example response for TY 2026-27 onwards',
  // checkpointId examples are hyphenated UUIDs; the pattern is ^[A-Za-z0-9]{36}$.
  'mtd-sa-test-support 1.0 GET /individuals/self-assessment-test-support/vendor-state/checkpoints 200 :: example-response',
  // Negative income where minimum is 0, and broughtFwdResidentialFinancialCost, which the 2024-25 schema does not allow.
  'property-business 6.0 PUT /individuals/business/property/uk/{nino}/{businessId}/period/{taxYear}/{submissionId} request :: Consolidated Expenses request for TY 2024-25',
  // chargeTypeDescription has spaces against ^[0-9A-Za-z]{1,30}$; taxYear "2022-23" is declared `format: date`.
  'self-assessment-accounts 4.0 GET /accounts/self-assessment/{nino}/balance-and-transactions 200 :: Request',
  'self-assessment-accounts 4.0 GET /accounts/self-assessment/{nino}/charges/chargeReference/{chargeReference} 200 :: Request',
  'self-assessment-accounts 4.0 GET /accounts/self-assessment/{nino}/charges/transactionId/{transactionId} 200 :: Request',
  'self-assessment-accounts 4.0 GET /accounts/self-assessment/{nino}/charges/{transactionId} 200 :: Request',
  'self-assessment-accounts 4.0 GET /accounts/self-assessment/{nino}/payments-and-allocations 200 :: Request',
  // inputs.submissionPeriod (singular, no typeOfBusiness) where the schema requires submissionPeriods and typeOfBusiness.
  'self-assessment-bsas 7.0 GET /individuals/self-assessment/adjustable-summary/{nino}/foreign-property/{calculationId}/{taxYear} 200 :: TY-2025-26-Foreign-Property-Consolidated-Expenses',
  'self-assessment-bsas 7.0 GET /individuals/self-assessment/adjustable-summary/{nino}/foreign-property/{calculationId}/{taxYear} 200 :: TY-2026-27-Foreign-Property-Consolidated-Expenses',
];

/** The tax year an example's name speaks of: "… for TY 2023-24 and before", "PRE-TY-2024-25-…", "TY-2026-27-Onwards-…". */
function exampleTaxYear(name: string): string | undefined {
  const words = name
    .replace(/\bPRE-TY-/i, 'before TY ')
    .replace(/(\d{4}-\d{2})-/g, '$1 ')
    .replace(/TY-(\d)/gi, 'TY $1');
  const range = taxYearRange(words);
  const start = range?.from ?? range?.to;
  return start === undefined ? undefined : `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * HMRC's tax-year `oneOf`s are not exclusive (a 2024-25 body often fits the 2023-24 definition too), and HMRC picks
 * the definition by tax year, so an example is checked against the definition for the year its name gives; an
 * example whose name gives none must fit at least one definition.
 */
function exampleProblems(validateWhole: (value: unknown) => boolean, schema: JsonSchema, example: HmrcExample, compile: (s: JsonSchema) => (value: unknown) => boolean): boolean {
  const variants = taxYearVariants(schema);
  if (variants.length === 0) return !validateWhole(example.value);
  const year = exampleTaxYear(example.name);
  if (year) return !compile(schemaForTaxYear(schema, year))(example.value);
  return !variants.some((variant) => compile(variant.schema)(example.value));
}

describe("HMRC's schemas and examples", () => {
  const apis = loadHmrcOas().apis;
  const variantValidator = (endpointOf: HmrcEndpoint, status: string | undefined) => (schema: JsonSchema) => {
    const validate = status === undefined ? requestValidator(endpointOf, () => schema) : responseValidator(endpointOf, status, () => schema);
    return (value: unknown) => validate!(value);
  };

  it('every request and response schema compiles', () => {
    let compiled = 0;
    for (const api of apis) {
      for (const e of api.endpoints) {
        if (e.requestBody?.schema) compiled += requestValidator(e) ? 1 : 0;
        for (const [status, response] of Object.entries(e.responses)) {
          if (response.schema) compiled += responseValidator(e, status) ? 1 : 0;
        }
      }
    }
    expect(compiled).toBeGreaterThan(400);
  });

  it('example bodies fit their own schemas, apart from the known upstream discrepancies', () => {
    const failing: ExampleId[] = [];
    let checked = 0;
    for (const api of apis) {
      for (const e of api.endpoints) {
        const where = `${api.name} ${api.version} ${e.method} ${e.path}`;
        const cases: Array<[string, string | undefined, JsonSchema | undefined, HmrcExample[]]> = [
          ['request', undefined, e.requestBody?.schema, e.requestBody?.examples ?? []],
          ...Object.entries(e.responses).map(([status, r]) => [status, status, r.schema, r.examples] as [string, string, JsonSchema | undefined, HmrcExample[]]),
        ];
        for (const [label, status, schema, examples] of cases) {
          if (!schema) continue;
          const whole = status === undefined ? requestValidator(e)! : responseValidator(e, status)!;
          for (const example of examples) {
            checked++;
            if (exampleProblems((value) => whole(value), schema, example, variantValidator(e, status))) failing.push(`${where} ${label} :: ${example.name}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(250);
    expect(failing.sort()).toEqual([...knownUpstreamDiscrepancies].sort());
  });

  it('every documented error fits its response schema', () => {
    const failing: string[] = [];
    for (const api of apis) {
      for (const e of api.endpoints) {
        for (const [status, response] of Object.entries(e.responses)) {
          const validate = responseValidator(e, status);
          for (const { code, message } of response.errors) {
            expect(code, `${e.path} ${status}`).toMatch(/^[A-Z][A-Z0-9_]*$/);
            if (!validate) continue;
            const body = response.schema?.type === 'array' ? [{ code, message }] : { code, message };
            if (!validate(body)) failing.push(`${api.name} ${e.method} ${e.path} ${status} ${code}`);
          }
        }
      }
    }
    expect(failing).toEqual([]);
  });

  it('money is checked to the penny without floating-point false alarms', () => {
    const e = endpoint('self-employment-business', '5.0', 'PUT', '/individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}');
    const validate = requestValidator(e)!;
    const body = (turnover: number) => ({ periodIncome: { turnover, other: 0.07 }, periodExpenses: { consolidatedExpenses: 5009.99 } });
    expect(validate(body(99999999999.99)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(body(1000.995))).toBe(false);
    expect(validate.errors?.map((error) => `${error.instancePath} ${error.keyword}`)).toEqual(['/periodIncome/turnover multipleOf']);
  });
});
