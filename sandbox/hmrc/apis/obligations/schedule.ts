// Every obligation HMRC holds for a customer as of a day: four quarterly updates per business and tax year, one final declaration per year.
//
// Which tax years have obligations (HMRC's docs do not say how an account's obligations come to be; this is the
// production life cycle the guide describes, HMRC README §3.2):
// * a business has quarterly obligations from the tax year it commenced (else its first accounting period, else its
//   first latency year) to the current tax year, never for a year after the one it ceased in, and within those only
//   the quarters it traded in (from the quarter of commencement to the quarter of cessation);
// * only in years the customer is in MTD (ITSA status MTD Mandated or Voluntary, see ../../reporting.ts: from sign-up, or as
//   set through Test Support) and not for a year the business reports annually (latency indicator 'A');
// * the next tax year's obligations do not exist until it starts (HMRC creates them in April);
// * the customer has a final declaration obligation for every such MTD year in which any of their businesses traded,
//   latent ones included;
// * property-unspecified businesses have no quarterly obligations (Obligations knows no such typeOfBusiness).
import { finalDeclarationWindow, nextDay } from '../../../../domain/calendar';
import { taxYearEnd, taxYearFromStartYear, taxYearOf, taxYearStart, taxYearStartYear } from '../../../../domain/taxYear';
import { inMtdFor, quarterlyPeriodsFor, reportsAnnually } from '../../reporting';
import { findSourceYear, type FinalDeclaration } from '../../taxpayerData';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';
import { storedBusinesses } from '../businessDetails/records';
import { quarterReceivedDate } from './fulfilment';

export type ObligationBusinessType = 'self-employment' | 'uk-property' | 'foreign-property';

export interface Obligation {
  kind: 'quarterly' | 'final-declaration';
  taxYear: string;
  /** Quarterly obligations only. */
  typeOfBusiness?: ObligationBusinessType;
  businessId?: string;
  periodStartDate: string;
  periodEndDate: string;
  dueDate: string;
  status: 'open' | 'fulfilled';
  receivedDate?: string;
}

/** MTD for Income Tax took its first (pilot) customers in 2018-19; Obligations refuses earlier dates (RULE_FROM_DATE_NOT_SUPPORTED). */
const EARLIEST_TAX_YEAR = '2018-19';
const QUARTERLY_TYPES = new Set<string>(['self-employment', 'uk-property', 'foreign-property']);

function later(a: string, b: string): string {
  return a > b ? a : b;
}

function firstTaxYear(business: BusinessRecord): string {
  const started = business.commencementDate ?? business.firstAccountingPeriodStartDate ?? (business.latencyDetails ? taxYearStart(business.latencyDetails.taxYear1) : undefined);
  return started ? later(taxYearOf(started), EARLIEST_TAX_YEAR) : EARLIEST_TAX_YEAR;
}

function tradingYears(business: BusinessRecord, currentTaxYear: string): string[] {
  const last = business.cessationDate && taxYearOf(business.cessationDate) < currentTaxYear ? taxYearOf(business.cessationDate) : currentTaxYear;
  const years: string[] = [];
  for (let y = taxYearStartYear(firstTaxYear(business)); y <= taxYearStartYear(last); y++) years.push(taxYearFromStartYear(y));
  return years;
}

function quarterlyObligations(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): Obligation[] {
  const periods = quarterlyPeriodsFor(state, nino, business, taxYear).quarters;
  const source = findSourceYear(state, nino, business.businessId, taxYear);
  return periods.flatMap((period, i) => {
    // The days the quarter itself adds, whatever its (cumulative) start: it exists only if the business traded in them.
    const quarterStart = i === 0 ? period.periodStart : nextDay(periods[i - 1]!.periodEnd);
    if (business.commencementDate && period.periodEnd < business.commencementDate) return [];
    if (business.cessationDate && quarterStart > business.cessationDate) return [];
    const receivedDate = quarterReceivedDate(source, period.periodStart, period.periodEnd);
    return [
      {
        kind: 'quarterly' as const,
        taxYear,
        typeOfBusiness: business.typeOfBusiness as ObligationBusinessType,
        businessId: business.businessId,
        periodStartDate: period.periodStart,
        periodEndDate: period.periodEnd,
        dueDate: period.dueDate,
        status: receivedDate ? ('fulfilled' as const) : ('open' as const),
        ...(receivedDate ? { receivedDate } : {}),
      },
    ];
  });
}

function finalDeclarationObligation(state: EmulatorState, nino: string, taxYear: string): Obligation {
  const declared = (state.taxpayers[nino]?.finalDeclarations as Record<string, FinalDeclaration> | undefined)?.[taxYear];
  return {
    kind: 'final-declaration',
    taxYear,
    periodStartDate: taxYearStart(taxYear),
    periodEndDate: taxYearEnd(taxYear),
    dueDate: finalDeclarationWindow(taxYear).dueDate,
    status: declared ? 'fulfilled' : 'open',
    ...(declared ? { receivedDate: declared.submittedOn.slice(0, 10) } : {}),
  };
}

/** All of the customer's obligations as HMRC holds them on `today` (YYYY-MM-DD), quarterly ones business by business. */
export function obligationsOf(state: EmulatorState, nino: string, today: string): Obligation[] {
  const currentTaxYear = taxYearOf(today);
  const quarterly: Obligation[] = [];
  const declarationYears = new Set<string>();
  // The customer's status is the same for every business: look each year up once.
  const mtdYears = new Map<string, boolean>();
  const inMtd = (taxYear: string) => mtdYears.get(taxYear) ?? mtdYears.set(taxYear, inMtdFor(state, nino, taxYear)).get(taxYear)!;
  for (const business of storedBusinesses(state, nino)) {
    for (const taxYear of tradingYears(business, currentTaxYear)) {
      if (!inMtd(taxYear)) continue;
      declarationYears.add(taxYear);
      if (QUARTERLY_TYPES.has(business.typeOfBusiness) && !reportsAnnually(state, nino, business, taxYear)) quarterly.push(...quarterlyObligations(state, nino, business, taxYear));
    }
  }
  const declarations = [...declarationYears].sort().map((taxYear) => finalDeclarationObligation(state, nino, taxYear));
  return [...quarterly, ...declarations];
}
