// HMRC fraud prevention headers (spec 3.3): which headers each connection method sends, and a validator of them.

export {
  FRAUD_PREVENTION_SPEC_VERSION,
  connectionMethods,
  type ConnectionMethod,
  fraudPreventionHeaders,
  type FraudPreventionHeader,
  isConnectionMethod,
  isRequired,
  isViaServer,
  requiredHeaders,
  retiredHeaders,
  toleratedHeaders,
} from './headers';
export {
  DEFAULT_ALLOWED_CLOCK_SKEW_MS,
  type FraudPreventionHeaderInput,
  type FraudPreventionOptions,
  validateFraudPreventionHeaders,
} from './validate';
export type {
  FraudPreventionErrorCode,
  FraudPreventionProblem,
  FraudPreventionVerdict,
  FraudPreventionVerdictCode,
  FraudPreventionWarningCode,
} from './verdict';
export { canonicalIp, type IpAddress, nonPublicReason, parseIp } from './ip';
