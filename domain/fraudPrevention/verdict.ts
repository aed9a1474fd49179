// The verdict on a set of fraud prevention headers, shaped like the body of HMRC's Test Fraud Prevention Headers API.

import { FRAUD_PREVENTION_SPEC_VERSION } from './headers';

export type FraudPreventionVerdictCode = 'VALID_HEADERS' | 'POTENTIALLY_INVALID_HEADERS' | 'INVALID_HEADERS';

export type FraudPreventionErrorCode =
  /** Gov-Client-Connection-Method missing, empty or not one of the spec's methods. */
  | 'INVALID_CONNECTION_METHOD'
  /** A header the connection method must send is absent. */
  | 'MISSING_HEADER'
  /** A value breaks its header's format, or is empty where the software always has a value. */
  | 'INVALID_HEADER'
  /** 'null', 'undefined', 'unknown' and the like: HMRC wants the header omitted or empty instead. */
  | 'PLACEHOLDER_VALUE'
  /** A single-valued header sent on more than one line. */
  | 'DUPLICATE_HEADER'
  /** Headers that must agree do not (Gov-Vendor-Forwarded's first hop against the public IPs). */
  | 'INCONSISTENT_HEADERS';

export type FraudPreventionWarningCode =
  /** A required header sent empty: acceptable only for a gap agreed with HMRC. */
  | 'EMPTY_HEADER'
  /** A Gov-Client-/Gov-Vendor- header the connection method does not use, or that the spec does not define. */
  | 'UNEXPECTED_HEADER'
  /** Well-formed but doubtful: HMRC may query it. */
  | 'POTENTIALLY_INVALID_HEADER';

export interface FraudPreventionProblem<Code extends string> {
  code: Code;
  /** Names the header and the rule broken. Never repeats the value: these headers carry personal data. */
  message: string;
  /** Lower-case header names, as HMRC lists them. */
  headers: string[];
}

export interface FraudPreventionVerdict {
  specVersion: typeof FRAUD_PREVENTION_SPEC_VERSION;
  code: FraudPreventionVerdictCode;
  message: string;
  errors: FraudPreventionProblem<FraudPreventionErrorCode>[];
  warnings: FraudPreventionProblem<FraudPreventionWarningCode>[];
}

export type Finding =
  | ({ severity: 'error' } & FraudPreventionProblem<FraudPreventionErrorCode>)
  | ({ severity: 'warning' } & FraudPreventionProblem<FraudPreventionWarningCode>);

export function verdictOf(findings: readonly Finding[]): FraudPreventionVerdict {
  const errors = findings.flatMap(({ severity, code, message, headers }) => (severity === 'error' ? [{ code, message, headers }] : []));
  const warnings = findings.flatMap(({ severity, code, message, headers }) => (severity === 'warning' ? [{ code, message, headers }] : []));
  const [code, message]: [FraudPreventionVerdictCode, string] =
    errors.length > 0
      ? ['INVALID_HEADERS', `At least 1 header is invalid (${errors.length} ${errors.length === 1 ? 'error' : 'errors'})`]
      : warnings.length > 0
        ? ['POTENTIALLY_INVALID_HEADERS', `At least 1 header is potentially invalid (${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'})`]
        : ['VALID_HEADERS', 'All headers appear to be valid'];
  return { specVersion: FRAUD_PREVENTION_SPEC_VERSION, code, message, errors, warnings };
}
