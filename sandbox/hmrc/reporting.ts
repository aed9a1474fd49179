// How a business reports in a tax year (ITSA status, quarterly or annual, standard or calendar quarters), shared by every API that asks.
import { quarterlyPeriods, type QuarterlyPeriod, type QuarterlyPeriodType } from '../../domain/calendar';
import { taxYearFromStartYear, taxYearOf, taxYearStartYear, type IsoDate } from '../../domain/taxYear';
import type { BusinessRecord } from './apis/testSupport';
import type { EmulatorState } from './state';
import { businessSettingsByYear } from './taxpayerData';

interface ItsaStatusDetail {
  submittedOn?: string;
  status?: string;
}

/** The ITSA statuses that bring quarterly updates and an MTD final declaration; Annual, exempt, dormant and "No Status" do not. */
export const MTD_STATUSES: ReadonlySet<string> = new Set(['MTD Mandated', 'MTD Voluntary']);

function storedStatuses(state: EmulatorState, nino: string): Record<string, ItsaStatusDetail[]> {
  return (state.taxpayers[nino]?.itsaStatuses ?? {}) as Record<string, ItsaStatusDetail[]>;
}

function latestOf(details: ItsaStatusDetail[]): string | undefined {
  return [...details].sort((a, b) => (a.submittedOn ?? '').localeCompare(b.submittedOn ?? '')).at(-1)?.status;
}

/** The latest ITSA status set (through Test Support) for the year, by submittedOn; undefined when none was set. */
export function latestItsaStatus(state: EmulatorState, nino: string, taxYear: string): string | undefined {
  return latestOf(storedStatuses(state, nino)[taxYear] ?? []);
}

/**
 * The tax year the customer signed up to MTD: when their test user was enrolled for mtd-income-tax (the first write the
 * ledger holds for the NINO, from Create Test User), or the first year given an MTD status through Test Support if
 * earlier. HMRC keeps obligations only from sign-up ("you will only be able to retrieve obligations which have been
 * created since joining MTD"). Null when neither is known (state made by hand): then only the businesses' own dates
 * bound the years.
 */
export function signUpTaxYear(state: EmulatorState, nino: string): string | null {
  const enrolled = state.ledger.find((entry) => entry.nino === nino && entry.api === 'api-platform-test-user');
  const stored = storedStatuses(state, nino);
  const years = [
    ...(enrolled ? [taxYearOf(enrolled.emulatorTime.slice(0, 10))] : []),
    ...Object.keys(stored).filter((y) => MTD_STATUSES.has(latestOf(stored[y]!) ?? '')),
  ].sort();
  return years[0] ?? null;
}

/**
 * The customer's ITSA status for a tax year: the latest one set for that year; else, from sign-up on, 'MTD Mandated',
 * which is what Individual Details takes for a signed-up customer with no status set for the year. Null before sign-up.
 */
export function itsaStatusFor(state: EmulatorState, nino: string, taxYear: string): string | null {
  const set = latestItsaStatus(state, nino, taxYear);
  if (set !== undefined) return set;
  const signedUp = signUpTaxYear(state, nino);
  return signedUp !== null && taxYear < signedUp ? null : 'MTD Mandated';
}

export function inMtdFor(state: EmulatorState, nino: string, taxYear: string): boolean {
  return MTD_STATUSES.has(itsaStatusFor(state, nino, taxYear) ?? '');
}

/** A latent business may report annually in its first two years: latency indicator 'A' for the year. */
export function latentAnnually(business: BusinessRecord, taxYear: string): boolean {
  const l = business.latencyDetails;
  return Boolean(l && ((l.taxYear1 === taxYear && l.latencyIndicator1 === 'A') || (l.taxYear2 === taxYear && l.latencyIndicator2 === 'A')));
}

/**
 * Annual reporting: the latest ITSA status set for the year is not a quarterly one, or the business is latent with
 * indicator A for the year. A customer with no status set reports quarterly (as Individual Details answers for an MTD
 * customer).
 */
export function reportsAnnually(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): boolean {
  const status = latestItsaStatus(state, nino, taxYear);
  return (status !== undefined && !MTD_STATUSES.has(status)) || latentAnnually(business, taxYear);
}

export function reportsQuarterly(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): boolean {
  return !reportsAnnually(state, nino, business, taxYear);
}

/**
 * The elections of quarterly period type, oldest first, by the tax year they were made for: those made through Business
 * Details (per-year settings), and the one the business was created with (Test Support's quarterlyTypeChoice) unless a
 * Business Details election for the same year replaced it.
 */
export function quarterlyElections(state: EmulatorState, nino: string, business: BusinessRecord): [taxYear: string, type: QuarterlyPeriodType][] {
  const elections = new Map<string, QuarterlyPeriodType>();
  const created = business.quarterlyTypeChoice;
  if (created) elections.set(created.taxYearOfChoice, created.quarterlyPeriodType);
  for (const [taxYear, settings] of businessSettingsByYear(state, nino, business.businessId)) {
    if (settings.quarterlyPeriodType) elections.set(taxYear, settings.quarterlyPeriodType);
  }
  return [...elections.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The latest election, as Retrieve Business Details reports it in quarterlyTypeChoice. */
export function latestQuarterlyElection(state: EmulatorState, nino: string, business: BusinessRecord): { quarterlyPeriodType: QuarterlyPeriodType; taxYearOfChoice: string } | undefined {
  const last = quarterlyElections(state, nino, business).at(-1);
  return last ? { quarterlyPeriodType: last[1], taxYearOfChoice: last[0] } : undefined;
}

/** The quarterly period type in force for a tax year: the latest election for it or an earlier year, since an election rolls forward until changed (HMRC README §6.1); standard when none. */
export function quarterlyPeriodTypeFor(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): QuarterlyPeriodType {
  return quarterlyElections(state, nino, business).filter(([year]) => year <= taxYear).at(-1)?.[1] ?? 'standard';
}

/** Calendar quarters in force this year but not the year before: the first quarter still starts on 6 April (HMRC README §6.1). */
export function isFirstYearOfCalendarElection(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): boolean {
  const previous = taxYearFromStartYear(taxYearStartYear(taxYear) - 1);
  return quarterlyPeriodTypeFor(state, nino, business, taxYear) === 'calendar' && quarterlyPeriodTypeFor(state, nino, business, previous) !== 'calendar';
}

/** The year's four quarters for this business, on the period type in force (before any commencement or cessation). */
export function quarterlyPeriodsFor(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): { periodType: QuarterlyPeriodType; quarters: QuarterlyPeriod[] } {
  const periodType = quarterlyPeriodTypeFor(state, nino, business, taxYear);
  const firstYearOfElection = isFirstYearOfCalendarElection(state, nino, business, taxYear);
  return { periodType, quarters: quarterlyPeriods(taxYear, { periodType, firstYearOfElection }) };
}

export interface ReportingYear {
  periodType: QuarterlyPeriodType;
  /** The first day of the reporting year: 6 April, or 1 April on calendar quarters after the election's first year. */
  yearStart: IsoDate;
  /** The day every cumulative period must start on: the year start, or the commencement date if later. */
  expectedStart: IsoDate;
  /** 5 April on standard quarters, 31 March on calendar ones, or the cessation date if earlier. */
  lastDay: IsoDate;
  /** The quarter ends, the ones after cessation replaced by the cessation date. */
  quarterEnds: IsoDate[];
}

export function reportingYear(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): ReportingYear {
  const { periodType, quarters } = quarterlyPeriodsFor(state, nino, business, taxYear);
  const yearStart = quarters[0]!.periodStart;
  const quarterEnds = quarters.map((q) => q.periodEnd);
  const yearEnd = quarterEnds[3]!;
  const commenced = business.commencementDate;
  const ceased = business.cessationDate;
  return {
    periodType,
    yearStart,
    expectedStart: commenced && commenced > yearStart ? commenced : yearStart,
    lastDay: ceased && ceased < yearEnd ? ceased : yearEnd,
    quarterEnds: ceased && ceased < yearEnd ? [...quarterEnds.filter((d) => d < ceased), ceased] : quarterEnds,
  };
}
