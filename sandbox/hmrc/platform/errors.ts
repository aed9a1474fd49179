// HMRC's error body ({code, message, paths?} or the INVALID_REQUEST wrapper) and the platform errors every API can return.

export interface HmrcErrorBody {
  code: string;
  message: string;
  paths?: string[];
  errors?: HmrcErrorBody[];
}

/** An error the emulator answers with: HTTP status plus HMRC's code, message and (for field errors) JSON pointer paths. */
export class HmrcError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly paths?: string[],
    /** Extra response headers, e.g. Location on DUPLICATE_AUTHORISATION_REQUEST. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HmrcError';
  }
}

/** Several validation errors found at once: HMRC answers 400 INVALID_REQUEST with each in errors[]. */
export class HmrcErrors extends Error {
  constructor(readonly errors: HmrcError[]) {
    super(errors.map((e) => e.code).join(', '));
    this.name = 'HmrcErrors';
  }
}

/**
 * The body HMRC sends for one or more errors. One error: itself. More: INVALID_REQUEST wrapping them, where errors
 * with the same code and message are merged into one entry with the union of their paths (MtdError/ErrorWrapper).
 */
export function errorBody(errors: HmrcError[]): { status: number; body: HmrcErrorBody } {
  const merged: HmrcErrorBody[] = [];
  for (const error of errors) {
    const same = merged.find((m) => m.code === error.code && m.message === error.message);
    if (same) {
      if (error.paths) same.paths = [...new Set([...(same.paths ?? []), ...error.paths])];
    } else {
      merged.push({ code: error.code, message: error.message, ...(error.paths ? { paths: [...error.paths] } : {}) });
    }
  }
  if (merged.length === 1) return { status: errors[0]!.status, body: merged[0]! };
  return { status: 400, body: { code: 'INVALID_REQUEST', message: 'Invalid request', errors: merged } };
}

/** Platform errors (HMRC README §1.6), with the messages HMRC's platform uses. */
export const platformErrors = {
  missingCredentials: () => new HmrcError(401, 'MISSING_CREDENTIALS', 'Authentication information is not provided'),
  invalidCredentials: () => new HmrcError(401, 'INVALID_CREDENTIALS', 'Invalid Authentication information provided'),
  incorrectAccessTokenType: () => new HmrcError(401, 'INCORRECT_ACCESS_TOKEN_TYPE', 'The access token type used is not supported when invoking the API'),
  invalidScope: () => new HmrcError(403, 'INVALID_SCOPE', 'Cannot access the required resource. Ensure this token has all the required scopes.'),
  clientOrAgentNotAuthorised: () =>
    new HmrcError(403, 'CLIENT_OR_AGENT_NOT_AUTHORISED', 'The client and/or agent is not authorised'),
  notFound: () => new HmrcError(404, 'MATCHING_RESOURCE_NOT_FOUND', 'Matching resource not found'),
  versionNotFound: () => new HmrcError(404, 'NOT_FOUND', 'The requested resource could not be found'),
  methodNotAllowed: () => new HmrcError(405, 'METHOD_NOT_ALLOWED', 'The request method is not supported for this resource'),
  acceptHeaderInvalid: () => new HmrcError(406, 'ACCEPT_HEADER_INVALID', 'The accept header is missing or invalid'),
  invalidBodyType: () => new HmrcError(415, 'INVALID_BODY_TYPE', 'Expecting text/json or application/json body'),
  throttled: () => new HmrcError(429, 'MESSAGE_THROTTLED_OUT', 'The request for the API is throttled as you have exceeded your quota.'),
  internalServerError: () => new HmrcError(500, 'INTERNAL_SERVER_ERROR', 'An internal server error occurred'),
  serviceUnavailable: () => new HmrcError(503, 'SERVER_ERROR', 'Service unavailable'),
  incorrectGovTestScenario: () => new HmrcError(400, 'RULE_INCORRECT_GOV_TEST_SCENARIO', 'The supplied Gov-Test-Scenario is not valid'),
} as const;
