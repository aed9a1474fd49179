// FreeAgent's error answers: {"errors": {"error": {"message": "..."}}} with one problem, an array of {message} with several.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class FreeAgentApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly messages: string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(messages.join('; '));
  }
}

export function freeAgentErrorBody(messages: string[]): unknown {
  return messages.length === 1 ? { errors: { error: { message: messages[0] } } } : { errors: messages.map((message) => ({ message })) };
}

export function errorResponse(c: Context, err: FreeAgentApiError): Response {
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  return c.json(freeAgentErrorBody(err.messages), err.status);
}

export const notFound = (what: string) => new FreeAgentApiError(404, [`${what} not found`]);
export const unprocessable = (message: string) => new FreeAgentApiError(422, [message]);
export const badRequest = (message: string) => new FreeAgentApiError(400, [message]);
