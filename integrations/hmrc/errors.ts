// HMRC's answers as typed failures: business errors carry HMRC's code, message and paths for staff; the rest retry.

export interface HmrcErrorItem {
  code: string;
  message: string;
  paths?: string[];
}

export type HmrcFailureKind = 'business' | 'throttled' | 'server' | 'timeout' | 'network' | 'unauthorised';

export class HmrcApiError extends Error {
  constructor(
    readonly kind: HmrcFailureKind,
    readonly status: number | null,
    /** HMRC's code (the first one when several came back). */
    readonly code: string,
    readonly hmrcMessage: string,
    /** Every error HMRC returned, with JSON pointer paths into our request where HMRC gave them. */
    readonly errors: HmrcErrorItem[],
    readonly correlationId: string | null,
    /** What was called, for logs and staff: method, API and path (never the token). */
    readonly request: string,
    /** HMRC's Location header on a refusal that points at what already exists (DUPLICATE_AUTHORISATION_REQUEST). */
    readonly location?: string,
  ) {
    super(`${request}: ${status ?? kind} ${code}: ${hmrcMessage}`);
    this.name = 'HmrcApiError';
  }

  /** 429, 5xx, timeouts and dropped connections are worth retrying; a 4xx is a fact about our request or the customer. */
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'network';
  }
}

function items(body: unknown): HmrcErrorItem[] {
  // HMRC sends {code, message, paths?}, an INVALID_REQUEST wrapper with errors[], or (Assist) an array of them.
  const list = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : [];
  return list.flatMap((entry) => {
    const e = entry as { code?: unknown; message?: unknown; paths?: unknown; errors?: unknown };
    if (Array.isArray(e.errors) && e.errors.length > 0) return items(e.errors);
    if (typeof e.code !== 'string') return [];
    return [{ code: e.code, message: typeof e.message === 'string' ? e.message : '', ...(Array.isArray(e.paths) ? { paths: e.paths.map(String) } : {}) }];
  });
}

/** The failure for an HMRC answer with status >= 400. */
export function hmrcFailure(status: number, body: unknown, correlationId: string | null, request: string, location?: string): HmrcApiError {
  const found = items(body);
  // The top-level code (INVALID_REQUEST for several errors) names the failure; `errors` lists each one.
  const top = body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string; message?: string }) : undefined;
  const first = top ? { code: top.code, message: top.message ?? '' } : (found[0] ?? { code: `HTTP_${status}`, message: typeof body === 'string' ? body.slice(0, 200) : 'No error body' });
  const kind: HmrcFailureKind = status === 429 ? 'throttled' : status >= 500 ? 'server' : status === 401 ? 'unauthorised' : 'business';
  return new HmrcApiError(kind, status, first.code, first.message, found.length > 0 ? found : [first], correlationId, request, location);
}
