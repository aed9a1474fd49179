// The API's one error shape, and the handlers that turn every failure (validation, HTTP, unexpected) into it.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { Logger } from '../runtime/log';

export interface FieldProblem {
  /** Dotted path of the field in the request, e.g. 'taxYear' or 'schedule.msPerDay'. */
  field: string;
  rule: string;
}

export interface ErrorBody {
  code: string;
  message: string;
  fields?: FieldProblem[];
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }
}

export function fieldProblems(error: ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    rule: issue.message,
  }));
}

export function invalidRequest(fields: FieldProblem[]): ApiError {
  const summary = fields.map((f) => `${f.field}: ${f.rule}`).join('; ');
  return new ApiError(400, 'INVALID_REQUEST', `The request is not valid: ${summary}`, fields);
}

/** For zod-openapi's defaultHook: a failed validation becomes a 400 naming each field and rule. */
export function validationHook(result: { success: true } | { success: false; error: ZodError }): void {
  if (!result.success) throw invalidRequest(fieldProblems(result.error));
}

export function errorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof ApiError) {
      const body: ErrorBody = { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
      return c.json(body, err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 400 ? 'MALFORMED_REQUEST' : status === 404 ? 'NOT_FOUND' : `HTTP_${status}`;
      const message = err.message || 'The request could not be handled';
      // Hono's own 400s are about the body as a whole (e.g. JSON that does not parse).
      const fields = status === 400 ? [{ field: '(body)', rule: message }] : undefined;
      return c.json({ code, message, ...(fields ? { fields } : {}) } satisfies ErrorBody, status as ContentfulStatusCode);
    }
    log.error('Unhandled API error', { method: c.req.method, path: c.req.path, error: err });
    return c.json({ code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; it has been logged.' } satisfies ErrorBody, 500);
  };
}
