// Builds the emulator's bundle from HMRC's OAS folders: one record per API version, endpoint and response.
import path from 'node:path';
import { compactSchema } from './schemas';
import { Dereferencer, isObject } from './refs';
import { SourceFiles } from './sourceFiles';
import { testScenarios } from './testData';
import {
  type HmrcApi,
  type HmrcEndpoint,
  type HmrcErrorExample,
  type HmrcExample,
  type HmrcOasBundle,
  type HmrcParameter,
  type HmrcRequestBody,
  type HmrcResponse,
  type HttpMethod,
} from './types';

/** The APIs and versions the emulator serves (see /work/shared/hmrc/README.md §0); 9.0 of calculations is not built against. */
export const inScopeApis: ReadonlyArray<{ name: string; version: string }> = [
  { name: 'agent-authorisation', version: '2.0' },
  { name: 'api-platform-test-user', version: '1.0' },
  { name: 'business-details', version: '2.0' },
  { name: 'individual-calculations', version: '8.0' },
  { name: 'individual-losses', version: '6.0' },
  { name: 'individual-losses', version: '7.0' },
  { name: 'mtd-sa-test-support', version: '1.0' },
  { name: 'obligations', version: '3.0' },
  { name: 'property-business', version: '6.0' },
  { name: 'self-assessment-accounts', version: '4.0' },
  { name: 'self-assessment-assist', version: '1.0' },
  { name: 'self-assessment-bsas', version: '7.0' },
  { name: 'self-assessment-individual-details', version: '2.0' },
  { name: 'self-employment-business', version: '5.0' },
];

const methods: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const jsonMediaType = /json/i;

type Node = Record<string, unknown>;

function objectAt(value: unknown): Node {
  return isObject(value) ? value : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function camelCase(words: string): string {
  return words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word, index) => (index === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase()))
    .join('');
}

/** The first media type that looks like JSON: HMRC sometimes writes `applicaton/json`. */
function jsonContent(content: unknown): [string, Node] | undefined {
  const entry = Object.entries(objectAt(content)).find(([mediaType]) => jsonMediaType.test(mediaType));
  return entry ? [entry[0], objectAt(entry[1])] : undefined;
}

export interface BuildResult {
  bundle: HmrcOasBundle;
  /** Files that needed forgiving, and how. */
  quirks: Map<string, string[]>;
}

export function buildHmrcOasBundle(oasRoot: string): BuildResult {
  const files = new SourceFiles(path.resolve(oasRoot));
  const deref = new Dereferencer(files);
  const apis = inScopeApis.map(({ name, version }) => buildApi(deref, path.join(files.root, name, version), name, version));
  return { bundle: { apis }, quirks: files.quirks };
}

/** Two-space JSON with a final newline: the committed file is compared byte for byte with a fresh build. */
export function serializeHmrcOasBundle(bundle: HmrcOasBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

function buildApi(deref: Dereferencer, folder: string, name: string, version: string): HmrcApi {
  const appFile = path.join(folder, 'application.yaml');
  const app = objectAt(deref.at(appFile));
  const info = objectAt(app.info);
  const servers = Array.isArray(app.servers) ? app.servers.map(objectAt) : [];
  const basePaths = new Set(servers.map((server) => new URL(String(server.url)).pathname.replace(/\/+$/, '')));
  if (basePaths.size > 1) throw new Error(`${name} ${version}: servers disagree on the base path`);
  const schemes = objectAt(objectAt(app.components).securitySchemes);

  const endpoints: HmrcEndpoint[] = [];
  for (const [template, rawItem] of Object.entries(objectAt(app.paths))) {
    const item = objectAt(rawItem);
    for (const method of methods) {
      const op = item[method.toLowerCase()];
      if (!isObject(op)) continue;
      endpoints.push(buildEndpoint({ deref, app, schemes, template, item, method, op, appFile }));
    }
  }
  disambiguateKeys(endpoints);
  endpoints.sort((a, b) => (a.path === b.path ? methods.indexOf(a.method) - methods.indexOf(b.method) : a.path < b.path ? -1 : 1));
  return {
    name,
    title: text(info.title) ?? name,
    version,
    accept: `application/vnd.hmrc.${version}+json`,
    basePath: [...basePaths][0] ?? '',
    endpoints,
  };
}

interface EndpointSource {
  deref: Dereferencer;
  app: Node;
  schemes: Node;
  template: string;
  item: Node;
  method: HttpMethod;
  op: Node;
  appFile: string;
}

function buildEndpoint(source: EndpointSource): HmrcEndpoint {
  const { op, item, method, template } = source;
  const security = Array.isArray(op.security) ? op.security : Array.isArray(source.app.security) ? source.app.security : [];
  const scopes = new Set<string>();
  const schemeTypes = new Set<HmrcEndpoint['auth']>();
  for (const requirement of security.map(objectAt)) {
    for (const [scheme, list] of Object.entries(requirement)) {
      if (Array.isArray(list)) list.forEach((scope) => scopes.add(String(scope)));
      if (!isObject(source.schemes[scheme])) throw new Error(`${method} ${template}: undeclared security scheme ${scheme}`);
      const flows = objectAt(source.schemes[scheme].flows);
      schemeTypes.add('clientCredentials' in flows ? 'application-restricted' : 'user-restricted');
    }
  }
  if (schemeTypes.size > 1) throw new Error(`${method} ${template}: mixed security schemes`);
  const scenarios = testScenarios(text(op.description));
  const requestBody = buildRequestBody(op.requestBody);
  return {
    key: operationKey(source),
    method,
    path: template,
    summary: text(op.summary) ?? '',
    deprecated: op.deprecated === true,
    auth: [...schemeTypes][0] ?? 'open',
    scopes: [...scopes],
    parameters: buildParameters(item.parameters, op.parameters),
    ...(requestBody ? { requestBody } : {}),
    govTestScenarios: [...new Set(scenarios.flatMap((row) => (row.header ? [row.header] : [])))],
    testScenarios: scenarios,
    responses: Object.fromEntries(Object.entries(objectAt(op.responses)).map(([status, response]) => [status, buildResponse(source.deref, status, objectAt(response))])),
  };
}

/** operationId if present; else the file the operation (or its path) is written in; else its summary. */
function operationKey({ deref, op, item, method, appFile }: EndpointSource): string {
  if (text(op.operationId)) return text(op.operationId)!;
  for (const node of [op, item]) {
    const file = deref.origin(node)?.file;
    if (file && file !== appFile) return path.basename(file).replace(/\.[^.]+$/, '');
  }
  return camelCase(text(op.summary) ?? `${method} operation`);
}

function disambiguateKeys(endpoints: HmrcEndpoint[]): void {
  const counts = new Map<string, number>();
  for (const { key } of endpoints) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const endpoint of endpoints) {
    if (counts.get(endpoint.key)! > 1) endpoint.key = `${endpoint.key}_${endpoint.method.toLowerCase()}`;
  }
  const keys = endpoints.map((endpoint) => endpoint.key);
  if (new Set(keys).size !== keys.length) throw new Error(`duplicate operation keys: ${keys.join(', ')}`);
}

function buildParameters(pathLevel: unknown, operationLevel: unknown): HmrcParameter[] {
  const byKey = new Map<string, HmrcParameter>();
  for (const list of [pathLevel, operationLevel]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list.map(objectAt)) {
      const location = raw.in;
      if (location !== 'path' && location !== 'query' && location !== 'header') continue;
      const name = String(raw.name);
      const description = text(raw.description);
      byKey.set(`${location}:${location === 'header' ? name.toLowerCase() : name}`, {
        name,
        in: location,
        required: location === 'path' || raw.required === true,
        ...(description ? { description } : {}),
        ...(isObject(raw.schema) ? { schema: compactSchema(raw.schema) } : {}),
      });
    }
  }
  return [...byKey.values()];
}

function buildRequestBody(raw: unknown): HmrcRequestBody | undefined {
  if (!isObject(raw)) return undefined;
  const content = jsonContent(raw.content);
  if (!content) return undefined;
  const [mediaType, media] = content;
  return {
    required: raw.required === true,
    mediaType,
    ...(isObject(media.schema) ? { schema: compactSchema(media.schema) } : {}),
    examples: mediaExamples(media).map(({ example }) => example),
  };
}

function mediaExamples(media: Node): Array<{ key: string; raw: Node; example: HmrcExample }> {
  const found: Array<{ key: string; raw: Node; example: HmrcExample }> = [];
  for (const [key, rawExample] of Object.entries(objectAt(media.examples))) {
    const raw = objectAt(rawExample);
    if (!('value' in raw)) throw new Error(`example ${key} has no value`);
    const description = text(raw.description) ?? text(raw.summary);
    found.push({ key, raw, example: { name: key, ...(description ? { description } : {}), value: raw.value } });
  }
  if ('example' in media) found.push({ key: 'example', raw: {}, example: { name: 'example', value: media.example } });
  return found;
}

function isErrorBody(value: unknown): value is { code: string; message: string } {
  return isObject(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

/** HMRC's error bodies are `{code, message}`; Self Assessment Assist wraps them in an array (its schema says so). */
function errorBodies(value: unknown): Array<{ code: string; message: string }> | undefined {
  if (isErrorBody(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(isErrorBody)) return value;
  return undefined;
}

function buildResponse(deref: Dereferencer, status: string, raw: Node): HmrcResponse {
  const content = jsonContent(raw.content);
  const examples: HmrcExample[] = [];
  const errors: HmrcErrorExample[] = [];
  for (const { key, raw: rawExample, example } of content ? mediaExamples(content[1]) : []) {
    const bodies = Number(status) >= 400 ? errorBodies(example.value) : undefined;
    if (bodies) {
      const origin = deref.origin(rawExample);
      const named = origin?.pointer.startsWith('/components/examples/') ? origin.pointer.split('/').at(-1) : undefined;
      for (const { code, message } of bodies) {
        errors.push({ name: named ?? key, key, code, message, ...(example.description ? { description: example.description } : {}) });
      }
    } else {
      examples.push(example);
    }
  }
  return {
    status,
    description: text(raw.description) ?? '',
    headers: Object.keys(objectAt(raw.headers)),
    ...(content ? { mediaType: content[0] } : {}),
    ...(content && isObject(content[1].schema) ? { schema: compactSchema(content[1].schema) } : {}),
    examples,
    errors,
  };
}
