// The shape of sandbox/hmrc/oas-bundle.json: HMRC's OpenAPI definitions reduced to what the emulator needs at run time.

/** A JSON Schema (draft-04), fully dereferenced: no `$ref`, `definitions`, `id` or `$schema` left. */
export type JsonSchema = { [keyword: string]: unknown };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface HmrcOasBundle {
  apis: HmrcApi[];
}

export interface HmrcApi {
  /** The folder name in HMRC's repositories, e.g. `self-employment-business`. */
  name: string;
  /** `info.title`, e.g. `Self Employment Business (MTD)`. */
  title: string;
  version: string;
  /** The Accept header that selects this version, e.g. `application/vnd.hmrc.5.0+json`. */
  accept: string;
  /** Path prefix from `servers` ('' when the paths are absolute, as in every HMRC API so far). */
  basePath: string;
  endpoints: HmrcEndpoint[];
}

export interface HmrcEndpoint {
  /** operationId when HMRC gives one, else derived from the endpoint's file name; unique within its API version. */
  key: string;
  method: HttpMethod;
  /** The path template exactly as in the OAS, e.g. `/individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}`. */
  path: string;
  summary: string;
  deprecated: boolean;
  auth: 'user-restricted' | 'application-restricted' | 'open';
  scopes: string[];
  parameters: HmrcParameter[];
  requestBody?: HmrcRequestBody;
  /** Gov-Test-Scenario header values from the endpoint's Test Data table, without the default (no header) row. */
  govTestScenarios: string[];
  /** Every row of the Test Data table, the default (`header: null`) included. */
  testScenarios: HmrcTestScenario[];
  /** Keyed by HTTP status as written in the OAS ('200', '400', ...). */
  responses: Record<string, HmrcResponse>;
}

export interface HmrcParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema?: JsonSchema;
}

export interface HmrcRequestBody {
  required: boolean;
  /** The media type key as HMRC wrote it (sometimes misspelt `applicaton/json`). */
  mediaType: string;
  schema?: JsonSchema;
  examples: HmrcExample[];
}

export interface HmrcExample {
  name: string;
  description?: string;
  value: unknown;
}

export interface HmrcTestScenario {
  /** The Gov-Test-Scenario value; null for the `N/A - DEFAULT` row(s). */
  header: string | null;
  /** The Tax Year column, in the tables that have one (e.g. `2025-26 onwards`). */
  taxYears?: string;
  /** What follows `N/A - DEFAULT` in a default row, e.g. `using ?source=user`. */
  note?: string;
  description: string;
}

export interface HmrcResponse {
  status: string;
  description: string;
  /** Names of the response headers HMRC documents (X-CorrelationId, Location, Deprecation ...). */
  headers: string[];
  mediaType?: string;
  schema?: JsonSchema;
  /** Examples that are not error bodies (success bodies, or unusual error shapes). */
  examples: HmrcExample[];
  /** Error bodies HMRC documents for this status; Self Assessment Assist sends them as an array (see `schema`). */
  errors: HmrcErrorExample[];
}

export interface HmrcErrorExample {
  /** The named example in common/errors.yaml when the endpoint refers to one (e.g. `formatNino`), else the example's key. */
  name: string;
  /** The example's key under the response status (e.g. `FORMAT_NINO`). */
  key: string;
  code: string;
  message: string;
  description?: string;
}
