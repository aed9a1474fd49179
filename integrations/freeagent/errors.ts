// FreeAgent's failures as typed errors: the HTTP status, FreeAgent's messages, and whether trying again can help.
export type FreeAgentFailure = 'http' | 'timeout' | 'network' | 'invalid_response';

export class FreeAgentError extends Error {
  override readonly name: string = 'FreeAgentError';

  constructor(
    message: string,
    /** HTTP status; undefined when no answer came (timeout, network). */
    readonly status: number | undefined,
    readonly failure: FreeAgentFailure,
    /** FreeAgent's own error messages, in order. */
    readonly messages: string[] = [],
    readonly body?: unknown,
  ) {
    super(message);
  }

  /** 429, 5xx, timeouts and dropped connections are worth retrying; 4xx answers are not. */
  get retryable(): boolean {
    if (this.failure === 'timeout' || this.failure === 'network') return true;
    return this.status === 429 || (this.status !== undefined && this.status >= 500);
  }
}

export class FreeAgentRateLimitError extends FreeAgentError {
  override readonly name: string = 'FreeAgentRateLimitError';

  constructor(
    messages: string[],
    /** Seconds FreeAgent asked us to wait (Retry-After), if it said. */
    readonly retryAfterSeconds: number | undefined,
    body?: unknown,
  ) {
    super(`FreeAgent rate limit: ${messages.join('; ') || 'too many requests'}${retryAfterSeconds === undefined ? '' : ` (retry after ${retryAfterSeconds}s)`}`, 429, 'http', messages, body);
  }
}

/** FreeAgent's error bodies: {"errors": {"error": {"message"}}}, an array of {message}, or OAuth's {error, error_description}. */
export function errorMessages(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  if (typeof record.error_description === 'string') return [record.error_description];
  const errors = record.errors;
  const items: unknown[] = Array.isArray(errors) ? errors : errors && typeof errors === 'object' ? Object.values(errors as Record<string, unknown>) : [];
  return items.flatMap((item) => {
    if (Array.isArray(item)) return item.flatMap((inner) => errorMessages({ errors: [inner] }));
    const message = item && typeof item === 'object' ? (item as Record<string, unknown>).message : undefined;
    return typeof message === 'string' ? [message] : [];
  });
}
