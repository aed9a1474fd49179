// The worker's workflow bundle: every workflow the engine runs.
export { clientTaxYear } from './clientTaxYear';
