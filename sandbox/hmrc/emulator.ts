// The HMRC MTD emulator: state, clock, rate limit, faults and ledger, with HMRC's paths at the root and its own
// controls under /emulator/. Runs in-process (tests, demo, benchmark) or standalone (scripts/sandbox.ts).
import { Hono, type Context } from 'hono';
import { EmulatorClock } from './platform/clock';
import { HmrcError, platformErrors } from './platform/errors';
import { endpointError, isDocumented } from './platform/validation';
import { noFaults, seededRandom, type FaultSettings } from './platform/faults';
import { createOAuthRoutes } from './platform/oauth';
import {
  acceptedVersion,
  authorise,
  checkActingFor,
  errorResponse,
  testScenario,
  type ApiHandler,
  type ApiRequest,
  type EndpointSpec,
} from './platform/pipeline';
import { RateLimiter } from './platform/rateLimiter';
import { newCorrelationId } from './identifiers';
import { emptyState, loadState, saveState, type Application, type EmulatorState } from './state';
import { createEmulatorControlRoutes } from './controlRoutes';
import { createFraudPreventionRoutes, recordFraudVerdict } from './fraudPreventionRoutes';
import { createClientPages } from './clientPages';
import { registerHmrcApis } from './apis';

export interface Deprecation {
  /** When the API version was deprecated (sent as an IMF-fixdate). */
  deprecation: Date;
  sunset?: Date;
  link?: string;
}

export interface HmrcEmulatorOptions {
  /** Requests per second per application; HMRC's production limit is 3. null: unlimited. */
  rateLimitPerSecond?: number | null;
  /** Applications that may use the emulator (as registered on HMRC's Developer Hub). */
  applications?: Application[];
  /** Keep state in this JSON file (loaded at start, written after every change); in memory only when unset. */
  persistPath?: string;
  /** Deprecation headers to send, per `<api> <version>`, e.g. 'business-details 2.0'. */
  deprecations?: Record<string, Deprecation>;
  /** Seed for fault injection, so a failing run can be replayed. */
  faultSeed?: number;
  /** How long a token refresh takes (a concurrent refresh of the same grant is refused meanwhile). */
  refreshDelayMs?: number;
  /** How long a tax calculation takes before it can be retrieved (HMRC's are asynchronous). Default 0. */
  calculationDelayMs?: number;
}

/** APIs whose error bodies HMRC documents as arrays of {code, message}. */
const arrayErrorApis = new Set(['self-assessment-assist']);

function apiOf(candidates: RegisteredEndpoint[]): string {
  return candidates[0]?.spec.api ?? '';
}

interface RegisteredEndpoint {
  spec: EndpointSpec;
  handler: ApiHandler;
}

/** Turns an OpenAPI path template into Hono's: {nino} -> :nino */
function honoPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * A documented Gov-Test-Scenario: the error it names (NOT_FOUND, X, RULE_X or FORMAT_X as the endpoint documents it),
 * or else the endpoint's canned success example, as HMRC's sandbox answers.
 */
function cannedScenario(spec: EndpointSpec, scenario: string): [number, unknown] {
  const codes =
    scenario === 'NOT_FOUND'
      ? ['MATCHING_RESOURCE_NOT_FOUND', 'NOT_FOUND']
      : [scenario, `RULE_${scenario}`, `FORMAT_${scenario}`, scenario.replace(/^RULE_/, ''), ...(SCENARIO_ALIASES[scenario] ?? [])];
  for (const code of codes) {
    if (isDocumented(spec.oas, code)) {
      const error = endpointError(spec.oas, code);
      return [error.status, { code: error.code, message: error.message }];
    }
  }
  const success = Object.values(spec.oas.responses).find((r) => r.status.startsWith('2'));
  // The example whose name or description speaks of the scenario (e.g. NO_PENALTIES -> "No penalties"), else the first.
  const words = scenario.toLowerCase().split('_');
  const named = success?.examples.find((e) => {
    const label = `${e.name} ${e.description ?? ''}`.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
    return words.every((w) => label.includes(w));
  });
  return [Number(success?.status ?? 200), (named ?? success?.examples[0])?.value];
}

/**
 * Some APIs document their own platform answers: Agent Authorisation's 401 is UNAUTHORIZED, and several APIs word
 * ACCEPT_HEADER_INVALID or INTERNAL_SERVER_ERROR their own way. Use the API's own code and words where it has them.
 */
function documentedPlatformError(spec: EndpointSpec, err: unknown): unknown {
  if (!(err instanceof HmrcError)) return err;
  if (err.status === 401 && isDocumented(spec.oas, 'UNAUTHORIZED') && !isDocumented(spec.oas, err.code)) {
    return endpointError(spec.oas, 'UNAUTHORIZED');
  }
  if (['ACCEPT_HEADER_INVALID', 'INTERNAL_SERVER_ERROR'].includes(err.code) && isDocumented(spec.oas, err.code)) return endpointError(spec.oas, err.code);
  return err;
}

/** Scenarios whose name is not the code they simulate. */
const SCENARIO_ALIASES: Record<string, string[]> = {
  DUPLICATE: ['RULE_DUPLICATE_SUBMISSION', 'RULE_DUPLICATE_CLAIM_SUBMISSION'],
};

function imfFixdate(date: Date): string {
  return date.toUTCString();
}

export class HmrcEmulator {
  readonly app = new Hono();
  readonly clock = new EmulatorClock();
  readonly rateLimiter: RateLimiter;
  faults: FaultSettings = { ...noFaults };
  /** Deprecation headers sent per `<api> <version>`; set at creation or through POST /emulator/deprecations. */
  readonly deprecations: Record<string, Deprecation>;
  private random: () => number;
  private readonly endpoints = new Map<string, RegisteredEndpoint[]>();
  private dirty = false;
  /** Where callers reach the emulator (for links HMRC puts in responses, such as an invitation's clientActionUrl). */
  publicBaseUrl = 'http://localhost:4010';
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly state: EmulatorState,
    private readonly options: HmrcEmulatorOptions,
  ) {
    this.deprecations = { ...(options.deprecations ?? {}) };
    this.rateLimiter = new RateLimiter(options.rateLimitPerSecond === undefined ? 3 : options.rateLimitPerSecond);
    this.random = seededRandom(options.faultSeed ?? 1);
    for (const app of options.applications ?? []) this.state.applications[app.clientId] ??= app;
    this.app.use('*', async (c, next) => {
      await next();
      if (this.dirty && this.options.persistPath) await this.persist();
    });
    this.app.route(
      '/',
      createOAuthRoutes({ state: this.state, now: () => this.clock.platformNow(), refreshDelayMs: options.refreshDelayMs ?? 20, changed: () => this.changed() }),
    );
    this.app.route('/emulator', createEmulatorControlRoutes(this));
    this.app.route('/', createFraudPreventionRoutes(this));
    this.app.route('/', createClientPages(this));
    registerHmrcApis(this, () => this.publicBaseUrl, options.calculationDelayMs ?? 0);
    this.app.notFound((c) => c.json({ code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' }, 404));
  }

  static async create(options: HmrcEmulatorOptions = {}): Promise<HmrcEmulator> {
    const loaded = options.persistPath ? await loadState(options.persistPath) : null;
    return new HmrcEmulator(loaded ?? emptyState(), options);
  }

  changed(): void {
    this.dirty = true;
  }

  /** Empties every record (users, grants, relationships, taxpayers, ledger) in place; applications stay. */
  reset(): void {
    const applications = this.state.applications;
    for (const key of Object.keys(this.state)) delete (this.state as unknown as Record<string, unknown>)[key];
    Object.assign(this.state, emptyState(), { applications });
    this.changed();
  }

  setFaultSeed(seed: number): void {
    this.random = seededRandom(seed);
  }

  private async persist(): Promise<void> {
    this.dirty = false;
    const path = this.options.persistPath!;
    this.saving = this.saving.then(() => saveState(path, this.state));
    await this.saving;
  }

  /** Adds an API endpoint. Endpoints sharing a path are told apart by the version in the Accept header. */
  register(spec: EndpointSpec, handler: ApiHandler): void {
    const key = `${spec.method.toUpperCase()} ${spec.path}`;
    const existing = this.endpoints.get(key);
    if (existing) {
      existing.push({ spec, handler });
      return;
    }
    const registered: RegisteredEndpoint[] = [{ spec, handler }];
    this.endpoints.set(key, registered);
    this.app.on(spec.method.toUpperCase(), honoPath(spec.path), (c) => this.handle(c, registered));
  }

  /** All registered endpoint specs (for coverage reports and contract tests). */
  registeredEndpoints(): EndpointSpec[] {
    return [...this.endpoints.values()].flat().map((e) => e.spec);
  }

  private deprecationHeaders(spec: EndpointSpec): Record<string, string> {
    const d = this.deprecations[`${spec.api} ${spec.version}`];
    if (!d) return {};
    return {
      Deprecation: imfFixdate(d.deprecation),
      ...(d.sunset ? { Sunset: imfFixdate(d.sunset) } : {}),
      ...(d.link ? { Link: `<${d.link}>; rel="deprecation"` } : {}),
    };
  }

  private async handle(c: Context, candidates: RegisteredEndpoint[]): Promise<Response> {
    const correlationId = newCorrelationId();
    const base = { 'X-CorrelationId': correlationId };
    const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      for (const [k, v] of Object.entries({ ...base, ...headers })) c.header(k, v);
      // Self Assessment Assist documents its errors as arrays of {code, message}.
      if (status >= 400 && arrayErrorApis.has(apiOf(candidates)) && body && !Array.isArray(body)) {
        const error = body as { code: string; message: string; errors?: unknown[] };
        body = error.errors ?? [error];
      }
      return body === undefined ? c.body(null, status as 204) : c.json(body, status as 200);
    };
    const fail = (err: unknown, extra: Record<string, string> = {}) => {
      const rendered = errorResponse(documentedPlatformError(candidates[0]!.spec, err));
      if (!rendered) throw err;
      return respond(rendered.status, rendered.body, { ...extra, ...(rendered.headers ?? {}) });
    };

    if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
    if (this.random() < this.faults.serverErrorRate) {
      return fail(this.random() < 0.5 ? platformErrors.internalServerError() : platformErrors.serviceUnavailable());
    }
    if (this.random() < this.faults.throttleRate) return fail(platformErrors.throttled());

    let registered: RegisteredEndpoint;
    let version: string;
    try {
      version = acceptedVersion(c.req.header('accept'));
      const match = candidates.find((e) => e.spec.version === version);
      if (!match) throw platformErrors.versionNotFound();
      registered = match;
    } catch (err) {
      return fail(err);
    }
    const spec = registered.spec;
    const deprecation = this.deprecationHeaders(spec);

    try {
      const { grant, user } = authorise({ state: this.state, now: () => this.clock.platformNow(), takeRateToken: (id) => this.rateLimiter.tryTake(id) }, c, spec);
      if (spec.fraudPreventionHeaders) recordFraudVerdict(this, c, spec, grant.clientId, correlationId);
      const scenario = testScenario(spec, c.req.header('gov-test-scenario'));
      const params = c.req.param() as Record<string, string>;
      if (spec.access === 'user' && params.nino && /^[A-Z]{2}[0-9]{6}[A-D]?$/.test(params.nino)) checkActingFor(this.state, user, spec, params.nino);

      let body: unknown;
      if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
        const text = await c.req.text();
        if (text.trim() !== '') {
          const type = c.req.header('content-type') ?? '';
          if (!/^(application|text)\/json\b/.test(type)) throw platformErrors.invalidBodyType();
          try {
            body = JSON.parse(text);
          } catch {
            throw new HmrcError(400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', 'An empty or non-matching body was submitted');
          }
        }
      }

      if (scenario !== null) return respond(...cannedScenario(spec, scenario), deprecation);

      const request: ApiRequest = {
        endpoint: spec,
        params,
        query: c.req.query(),
        header: (name) => c.req.header(name),
        body,
        scenario,
        grant,
        user,
        correlationId,
        now: this.clock.now(),
      };
      const response = await registered.handler(request);
      const isWrite = c.req.method !== 'GET' && c.req.method !== 'HEAD' && !response.readOnly && response.status >= 200 && response.status < 300;
      if (isWrite) {
        this.recordWrite(c, spec, grant.clientId, correlationId, response.status, response.write ?? {});
        if (this.random() < this.faults.timeoutAfterCommitRate) return this.dropConnection(c);
      }
      return respond(response.status, response.body, { ...deprecation, ...(response.headers ?? {}) });
    } catch (err) {
      return fail(err, deprecation);
    }
  }

  private recordWrite(c: Context, spec: EndpointSpec, clientId: string, correlationId: string, status: number, keys: { nino?: string; taxYear?: string; businessId?: string }): void {
    const params = c.req.param() as Record<string, string>;
    this.state.ledger.push({
      seq: this.state.ledger.length + 1,
      at: new Date().toISOString(),
      emulatorTime: this.clock.now().toISOString(),
      api: spec.api,
      operation: `${spec.method.toUpperCase()} ${spec.path}`,
      method: c.req.method,
      path: c.req.path,
      status,
      correlationId,
      clientId,
      ...(keys.nino ?? params.nino ? { nino: keys.nino ?? params.nino } : {}),
      ...(keys.taxYear ?? params.taxYear ? { taxYear: keys.taxYear ?? params.taxYear } : {}),
      ...(keys.businessId ?? params.businessId ? { businessId: keys.businessId ?? params.businessId } : {}),
    });
    this.changed();
  }

  /** Timeout after commit: the write stands, but the caller never hears back (the connection is dropped). */
  private dropConnection(c: Context): Response {
    const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
    if (socket) socket.destroy();
    return new Response(new ReadableStream({ start() {} }), { status: 200 });
  }
}

export type { ApiHandler, ApiRequest, EndpointSpec };
