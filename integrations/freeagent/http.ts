// One FreeAgent request over got: no retries (callers decide, from FreeAgentError.retryable), a timeout, errors made typed.
import got, { RequestError, TimeoutError } from 'got';
import { errorMessages, FreeAgentError, FreeAgentRateLimitError } from './errors';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded (the token endpoint). */
  form?: Record<string, string>;
  timeoutMs: number;
}

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function sendRequest<T>(request: HttpRequest): Promise<HttpResponse<T>> {
  let response;
  try {
    response = await got(request.url, {
      method: request.method,
      headers: { Accept: 'application/json', 'User-Agent': 'PracticeEngine/0.1 (+freeagent-client)', ...request.headers },
      ...(request.form ? { form: request.form } : {}),
      throwHttpErrors: false,
      followRedirect: false,
      retry: { limit: 0 },
      timeout: { request: request.timeoutMs },
      responseType: 'text',
    });
  } catch (err) {
    if (err instanceof TimeoutError) throw new FreeAgentError(`FreeAgent did not answer ${request.method} ${request.url} within ${request.timeoutMs} ms`, undefined, 'timeout');
    const code = err instanceof RequestError ? err.code : 'unknown';
    throw new FreeAgentError(`Could not reach FreeAgent for ${request.method} ${request.url}: ${code}`, undefined, 'network');
  }
  const body = parse(response.body);
  if (response.statusCode >= 400) {
    const messages = errorMessages(body);
    if (response.statusCode === 429) {
      const retryAfter = Number(response.headers['retry-after']);
      throw new FreeAgentRateLimitError(messages, Number.isFinite(retryAfter) ? retryAfter : undefined, body);
    }
    throw new FreeAgentError(`FreeAgent answered ${response.statusCode} to ${request.method} ${request.url}: ${messages.join('; ') || 'no message'}`, response.statusCode, 'http', messages, body);
  }
  if (request.method !== 'GET' || body === undefined || typeof body === 'object') return { status: response.statusCode, headers: response.headers, body: body as T };
  throw new FreeAgentError(`FreeAgent answered ${request.method} ${request.url} with something other than JSON`, response.statusCode, 'invalid_response', [], body);
}
