// HMRC's MTD API definitions (from oas-bundle.json) for the emulator: endpoint lookup, path matching and validators.
import { readFileSync } from 'node:fs';
import { type ValidateFunction } from 'ajv-draft-04';
import { allowUnknownFormats, createHmrcAjv } from './oasLoader/ajv';
import { type HmrcApi, type HmrcEndpoint, type HmrcOasBundle, type JsonSchema } from './oasLoader/types';

export type {
  HmrcApi,
  HmrcEndpoint,
  HmrcErrorExample,
  HmrcExample,
  HmrcOasBundle,
  HmrcParameter,
  HmrcRequestBody,
  HmrcResponse,
  HmrcTestScenario,
  HttpMethod,
  JsonSchema,
} from './oasLoader/types';

export const hmrcOasBundleUrl = new URL('./oas-bundle.json', import.meta.url);

let bundle: HmrcOasBundle | undefined;

/** The bundle, read once on first use (the emulator may never need it). */
export function loadHmrcOas(): HmrcOasBundle {
  bundle ??= JSON.parse(readFileSync(hmrcOasBundleUrl, 'utf8')) as HmrcOasBundle;
  return bundle;
}

export function findApi(name: string, version: string): HmrcApi | undefined {
  return loadHmrcOas().apis.find((api) => api.name === name && api.version === version);
}

/** The endpoint whose OAS path template (e.g. `/individuals/business/details/{nino}/list`) and method match exactly. */
export function findEndpoint(api: string, version: string, method: string, pathTemplate: string): HmrcEndpoint | undefined {
  const wanted = method.toUpperCase();
  return findApi(api, version)?.endpoints.find((endpoint) => endpoint.method === wanted && endpoint.path === pathTemplate);
}

export interface HmrcEndpointMatch {
  api: HmrcApi;
  endpoint: HmrcEndpoint;
  /** Path parameters by the names in the template, URL-decoded. */
  params: Record<string, string>;
}

interface CompiledTemplate {
  api: HmrcApi;
  endpoint: HmrcEndpoint;
  pattern: RegExp;
  names: string[];
  /** One flag per segment, true for literal: literal segments win over parameters, as in HMRC's routes. */
  literals: boolean[];
}

let templates: CompiledTemplate[] | undefined;

function compiledTemplates(): CompiledTemplate[] {
  templates ??= loadHmrcOas().apis.flatMap((api) =>
    api.endpoints.map((endpoint) => {
      const names: string[] = [];
      const source = `${api.basePath}${endpoint.path}`
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        })
        .join('');
      const literals = endpoint.path.split('/').map((segment) => !segment.includes('{'));
      return { api, endpoint, pattern: new RegExp(`^${source}$`), names, literals };
    }),
  );
  return templates;
}

/** Accepts `5.0` or a whole Accept header such as `application/vnd.hmrc.5.0+json`. */
function versionOf(accept: string): string {
  return /application\/vnd\.hmrc\.([^+]+)\+json/.exec(accept)?.[1] ?? accept.trim();
}

function moreSpecific(a: CompiledTemplate, b: CompiledTemplate): number {
  for (let i = 0; i < Math.min(a.literals.length, b.literals.length); i++) {
    if (a.literals[i] !== b.literals[i]) return a.literals[i] ? -1 : 1;
  }
  // Same shape in two versions of one API: the newest wins when the caller did not say which.
  return Number.parseFloat(b.api.version) - Number.parseFloat(a.api.version);
}

/**
 * The endpoint a request for `concretePath` (query string ignored) reaches, with its path parameters. With an
 * Accept version only that version's endpoints are considered; without one, the most specific template wins.
 */
export function matchEndpoint(method: string, concretePath: string, acceptVersion?: string): HmrcEndpointMatch | undefined {
  const wanted = method.toUpperCase();
  const version = acceptVersion === undefined ? undefined : versionOf(acceptVersion);
  const path = concretePath.split('?')[0]!;
  const candidates = compiledTemplates()
    .filter((t) => t.endpoint.method === wanted && (version === undefined || t.api.version === version))
    .flatMap((t) => {
      const found = t.pattern.exec(path);
      return found ? [{ t, values: found.slice(1) }] : [];
    })
    .sort((a, b) => moreSpecific(a.t, b.t));
  const best = candidates[0];
  if (!best) return undefined;
  let params: Record<string, string>;
  try {
    params = Object.fromEntries(best.t.names.map((name, i) => [name, decodeURIComponent(best.values[i]!)]));
  } catch {
    return undefined;
  }
  return { api: best.t.api, endpoint: best.t.endpoint, params };
}

let ajv: ReturnType<typeof createHmrcAjv> | undefined;
const byIdentity = new WeakMap<JsonSchema, ValidateFunction>();
const byContent = new Map<string, ValidateFunction>();

function validatorFor(schema: JsonSchema | undefined): ValidateFunction | undefined {
  if (!schema) return undefined;
  let validate = byIdentity.get(schema);
  if (validate) return validate;
  // A variant built afresh on every call (one tax year's branch, say) must not compile afresh every time.
  const content = JSON.stringify(schema);
  validate = byContent.get(content);
  if (!validate) {
    ajv ??= createHmrcAjv();
    allowUnknownFormats(ajv, schema);
    validate = ajv.compile(schema);
    byContent.set(content, validate);
  }
  byIdentity.set(schema, validate);
  return validate;
}

/** Narrows or adjusts a schema before compiling, e.g. to the `oneOf` branch for the request's tax year. */
export type SchemaVariant = (schema: JsonSchema) => JsonSchema;

/** Validates a request body against the endpoint's schema (or a variant of it); undefined when HMRC defines no body. */
export function requestValidator(endpoint: HmrcEndpoint, variant?: SchemaVariant): ValidateFunction | undefined {
  const schema = endpoint.requestBody?.schema;
  return validatorFor(schema && variant ? variant(schema) : schema);
}

/** Validates a response body for one status; undefined when that status has no body schema. */
export function responseValidator(endpoint: HmrcEndpoint, status: number | string, variant?: SchemaVariant): ValidateFunction | undefined {
  const schema = endpoint.responses[String(status)]?.schema;
  return validatorFor(schema && variant ? variant(schema) : schema);
}
