// The income tax calculation's public API: calculateIncomeTax, its input and result types, the rates tables.
export { calculateIncomeTax } from './calculate';
export { IncomeTaxInputError } from './errors';
export { ceilToPound, floorToPound, pounds } from './money';
export { personalAllowanceFor } from './personalAllowance';
export { ratesFor, supportedTaxYears, type RateBand, type TaxYearRates } from './rates';
export type * from './types';
