// The FreeAgent API v2 emulator: a practice with client companies in memory, FreeAgent's OAuth, X-Subdomain, per-client
// rate limit, Self Assessment returns, accounting figures, banking and the practice's client list, plus /emulator/ controls.
import { Hono } from 'hono';
import { createAccountingRoutes } from './accounting';
import { createBankingRoutes } from './banking';
import { createControlRoutes } from './controlRoutes';
import { errorResponse, FreeAgentApiError, freeAgentErrorBody } from './errors';
import { createOAuthRoutes } from './oauth';
import { authenticate } from './pipeline';
import { createPracticeRoutes } from './practice';
import { MinuteRateLimiter } from './rateLimiter';
import { createSelfAssessmentReturnRoutes } from './selfAssessmentReturns';
import { emptyState, nextId, type AccountManager, type FreeAgentState, type LedgerEntry, type OAuthApp, type RecordedRequest } from './state';

const REQUEST_LOG_SIZE = 1000;

export interface FreeAgentEmulatorOptions {
  /** Requests a minute per client company (FreeAgent: 120). null: unlimited. */
  rateLimitPerMinute?: number | null;
  /** OAuth apps registered on FreeAgent's developer dashboard with "Enable Accountancy Practice API". */
  apps?: OAuthApp[];
  /** The practice's account managers (ids are assigned). */
  accountManagers?: Omit<AccountManager, 'id'>[];
  practice?: { name: string; subdomain: string };
  /** Where callers reach the emulator, for the URLs FreeAgent puts in resources. */
  publicBaseUrl?: string;
  /** The wall clock; the emulator's clock is this plus whatever /emulator/clock advanced. */
  now?: () => number;
}

export class FreeAgentEmulator {
  readonly app = new Hono();
  readonly state: FreeAgentState = emptyState();
  readonly rateLimiter: MinuteRateLimiter;
  publicBaseUrl: string;
  private clockOffsetMs = 0;
  private readonly wallClock: () => number;

  private constructor(private readonly options: FreeAgentEmulatorOptions) {
    this.rateLimiter = new MinuteRateLimiter(options.rateLimitPerMinute === undefined ? 120 : options.rateLimitPerMinute);
    this.publicBaseUrl = options.publicBaseUrl ?? 'http://localhost:4011';
    this.wallClock = options.now ?? Date.now;
    this.seedPlatform();

    const now = () => this.now();
    const baseUrl = () => this.publicBaseUrl;
    const pipeline = { state: this.state, rateLimiter: this.rateLimiter, now };
    this.app.onError((err, c) => {
      if (err instanceof FreeAgentApiError) return errorResponse(c, err);
      return c.json(freeAgentErrorBody([`Internal error in the FreeAgent emulator: ${err.message}`]), 500);
    });
    this.app.notFound((c) => c.json(freeAgentErrorBody([`No such resource: ${c.req.method} ${c.req.path}`]), 404));
    // Every /v2 request, whatever the answer, so a test can count the writes a retried activity sent.
    this.app.use('/v2/*', async (c, next) => {
      await next();
      const subdomain = c.req.header('X-Subdomain');
      this.state.requests.push({ at: new Date(this.now()).toISOString(), method: c.req.method, path: c.req.path, ...(subdomain ? { subdomain } : {}), status: c.res.status });
      if (this.state.requests.length > REQUEST_LOG_SIZE) this.state.requests.splice(0, this.state.requests.length - REQUEST_LOG_SIZE);
    });
    this.app.route('/v2', createOAuthRoutes({ state: this.state, now }));
    // Every API path below needs a bearer token; the OAuth endpoints above do not.
    const auth = authenticate(pipeline);
    // '/v2/users/*' also matches '/v2/users'; listing both would count a request twice.
    for (const path of ['/v2/users/*', '/v2/accounting/*', '/v2/bank_accounts/*', '/v2/bank_transactions/*', '/v2/categories', '/v2/clients', '/v2/company']) this.app.use(path, auth);
    this.app.route('/v2/users', createSelfAssessmentReturnRoutes({ ...pipeline, baseUrl, record: (entry) => this.record(entry) }));
    this.app.route('/v2', createAccountingRoutes({ ...pipeline, baseUrl }));
    this.app.route('/v2', createBankingRoutes({ ...pipeline, baseUrl }));
    this.app.route('/v2', createPracticeRoutes({ ...pipeline, baseUrl }));
    this.app.route(
      '/emulator',
      createControlRoutes({ state: this.state, now, advanceClock: (ms) => (this.clockOffsetMs += ms), reset: () => this.reset() }),
    );
  }

  static async create(options: FreeAgentEmulatorOptions = {}): Promise<FreeAgentEmulator> {
    return new FreeAgentEmulator(options);
  }

  now(): number {
    return this.wallClock() + this.clockOffsetMs;
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  get ledger(): readonly LedgerEntry[] {
    return this.state.ledger;
  }

  get requests(): readonly RecordedRequest[] {
    return this.state.requests;
  }

  /** Empties companies, grants, the ledger and the request log; the configured apps, account managers and practice come back. */
  reset(): void {
    Object.assign(this.state, emptyState());
    this.rateLimiter.reset();
    this.seedPlatform();
  }

  private seedPlatform(): void {
    if (this.options.practice) this.state.practice = { ...this.options.practice };
    for (const app of this.options.apps ?? []) this.state.apps.set(app.clientId, app);
    for (const manager of this.options.accountManagers ?? []) {
      const id = nextId(this.state);
      this.state.accountManagers.set(id, { id, ...manager });
    }
  }

  private record(entry: Omit<LedgerEntry, 'sequence' | 'at'>): void {
    this.state.ledger.push({ sequence: this.state.ledger.length + 1, at: new Date(this.now()).toISOString(), ...entry });
  }
}

/** The emulator's routes, to mount under a prefix (e.g. app.route('/freeagent', freeAgentRoutes(emulator))). */
export function freeAgentRoutes(emulator: FreeAgentEmulator): Hono {
  return emulator.app;
}
