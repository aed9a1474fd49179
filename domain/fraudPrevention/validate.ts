// Judges a request's fraud prevention headers as HMRC's Test Fraud Prevention Headers API would: the method's required
// set, each value's format, and the headers that must agree. Used by the HMRC emulator and by our client before sending.

import { decodeLeniently, isPlaceholder, isPrintableAscii } from './encoding';
import { type CheckContext, headerRules, type Reporter } from './formats';
import {
  connectionMethods,
  FRAUD_PREVENTION_SPEC_VERSION,
  type ConnectionMethod,
  fraudPreventionHeaders,
  type FraudPreventionHeader,
  isConnectionMethod,
  requiredHeaders,
  retiredHeaders,
  toleratedHeaders,
} from './headers';
import { type Finding, type FraudPreventionVerdict, verdictOf } from './verdict';

/** Request headers as HTTP libraries hand them over: names in any case, repeated headers as arrays. */
export type FraudPreventionHeaderInput = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface FraudPreventionOptions {
  /** The time of the request; without it, timestamps are checked for format only. */
  now?: Date;
  /** How far a timestamp may be ahead of `now` before it is reported. */
  allowedClockSkewMs?: number;
}

export const DEFAULT_ALLOWED_CLOCK_SKEW_MS = 5 * 60 * 1000;

const CONNECTION_METHOD: FraudPreventionHeader = 'Gov-Client-Connection-Method';

const key = (header: string): string => header.toLowerCase();

/** The Gov-Client-* and Gov-Vendor-* headers, by lower-case name, with every value sent (trimmed, as HTTP does). */
function collect(headers: FraudPreventionHeaderInput): Map<string, string[]> {
  const received = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = key(name);
    if (value === undefined || !(lower.startsWith('gov-client-') || lower.startsWith('gov-vendor-'))) continue;
    const values = (typeof value === 'string' ? [value] : [...value]).map((v) => v.trim());
    if (values.length > 0) received.set(lower, [...(received.get(lower) ?? []), ...values]);
  }
  return received;
}

export function validateFraudPreventionHeaders(headers: FraudPreventionHeaderInput, options: FraudPreventionOptions = {}): FraudPreventionVerdict {
  const received = collect(headers);
  const findings: Finding[] = [];
  const error = (code: Extract<Finding, { severity: 'error' }>['code'], message: string, ...names: string[]) =>
    findings.push({ severity: 'error', code, message, headers: names.map(key) });
  const warning = (code: Extract<Finding, { severity: 'warning' }>['code'], message: string, ...names: string[]) =>
    findings.push({ severity: 'warning', code, message, headers: names.map(key) });

  // One value per header: list headers sent on several lines are joined as one list; others may be sent only once.
  const values = new Map<FraudPreventionHeader, string>();
  for (const header of fraudPreventionHeaders) {
    const sent = received.get(key(header));
    if (!sent) continue;
    if (sent.length === 1) values.set(header, sent[0]!);
    else if (headerRules[header].list) {
      warning('POTENTIALLY_INVALID_HEADER', `${header} was sent on ${sent.length} lines; send one comma-separated line, as proxies may join lines with ', '`, header);
      values.set(header, sent.join(','));
    } else {
      error('DUPLICATE_HEADER', `${header} was sent ${sent.length} times; send it once`, header);
    }
  }

  const method = connectionMethodOf(values.get(CONNECTION_METHOD), received.has(key(CONNECTION_METHOD)), error);
  const required = new Set<FraudPreventionHeader>(method ? requiredHeaders[method] : [CONNECTION_METHOD]);
  const context: CheckContext = {
    method,
    now: options.now,
    allowedClockSkewMs: options.allowedClockSkewMs ?? DEFAULT_ALLOWED_CLOCK_SKEW_MS,
    valueOf: (header) => values.get(header),
  };

  for (const header of fraudPreventionHeaders) {
    if (header === CONNECTION_METHOD) continue;
    const rule = headerRules[header];
    const isRequired = required.has(header);
    if (!received.has(key(header))) {
      if (isRequired) error('MISSING_HEADER', `${header} is required for ${method}`, header);
      continue;
    }
    if (method && !isRequired && !toleratedHeaders[method].includes(header)) {
      warning('UNEXPECTED_HEADER', `${header} is not part of ${method}'s header set; check the connection method`, header);
    }
    const value = values.get(header);
    if (value === undefined) continue; // a duplicate, reported above
    if (value === '') {
      if (!isRequired) continue;
      if (rule.mayBeEmpty) {
        warning('EMPTY_HEADER', `${header} is empty. That is acceptable only when the value cannot be collected (for example, ${rule.mayBeEmpty.example}) and you have told HMRC why`, header);
      } else {
        error('INVALID_HEADER', `${header} is empty, but it needs a value: your software always knows it`, header);
      }
      continue;
    }
    if (!isPrintableAscii(value)) {
      error('INVALID_HEADER', `${header} holds characters outside printable US-ASCII; percent-encode them`, header);
      continue;
    }
    if (isPlaceholder(decodeLeniently(value))) {
      error('PLACEHOLDER_VALUE', `${header} is a placeholder such as 'null' or 'unknown'; HMRC wants a real value, or the header omitted or empty after agreeing the gap with them`, header);
      continue;
    }
    rule.check(value, context, reporterFor(header, error, warning));
  }

  for (const header of retiredHeaders) {
    if (received.has(key(header)) && method && !toleratedHeaders[method].includes(header)) {
      warning('UNEXPECTED_HEADER', `${header} is no longer part of the spec; stop sending it`, header);
    }
  }
  const known = new Set<string>([...fraudPreventionHeaders, ...retiredHeaders].map(key));
  for (const name of received.keys()) {
    if (!known.has(name)) warning('UNEXPECTED_HEADER', `${name} is not a fraud prevention header of spec ${FRAUD_PREVENTION_SPEC_VERSION}; check its spelling`, name);
  }

  return verdictOf(findings);
}

function connectionMethodOf(value: string | undefined, sent: boolean, error: (code: 'INVALID_CONNECTION_METHOD', message: string, header: string) => void): ConnectionMethod | null {
  const expected = `one of ${connectionMethods.join(', ')}`;
  if (value !== undefined && isConnectionMethod(value)) return value;
  if (!sent) error('INVALID_CONNECTION_METHOD', `${CONNECTION_METHOD} is missing; send ${expected}`, CONNECTION_METHOD);
  else if (value === undefined) return null; // sent more than once, reported as a duplicate
  else if (value === '') error('INVALID_CONNECTION_METHOD', `${CONNECTION_METHOD} is empty; send ${expected}`, CONNECTION_METHOD);
  else if (isConnectionMethod(value.toUpperCase())) error('INVALID_CONNECTION_METHOD', `${CONNECTION_METHOD} must be upper case, as the spec spells it: ${value.toUpperCase()}`, CONNECTION_METHOD);
  else error('INVALID_CONNECTION_METHOD', `${CONNECTION_METHOD} is not a connection method of the spec; send ${expected}`, CONNECTION_METHOD);
  return null;
}

function reporterFor(
  header: FraudPreventionHeader,
  error: (code: 'INVALID_HEADER' | 'PLACEHOLDER_VALUE' | 'INCONSISTENT_HEADERS', message: string, ...names: string[]) => void,
  warning: (code: 'POTENTIALLY_INVALID_HEADER', message: string, ...names: string[]) => void,
): Reporter {
  return {
    invalid: (rule) => error('INVALID_HEADER', `${header} ${rule}`, header),
    placeholder: (rule) => error('PLACEHOLDER_VALUE', `${header} ${rule}`, header),
    doubtful: (rule) => warning('POTENTIALLY_INVALID_HEADER', `${header} ${rule}`, header),
    inconsistent: (rule, others) => error('INCONSISTENT_HEADERS', `${header} ${rule}`, header, ...others),
  };
}
