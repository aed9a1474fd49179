// UK tax years ('2026-27'): parsing, bounds and the dates HMRC hangs off them. Pure; importable by workflows.

/** A calendar date in the UK tax calendar, 'YYYY-MM-DD'. Time-of-day and zone belong to the caller. */
export type IsoDate = string;

const TAX_YEAR = /^(\d{4})-(\d{2})$/;

/** Why a string is not a tax year, or null when it is one ('2026-27': second part is the next year's last two digits). */
export function taxYearProblem(value: string): string | null {
  const match = TAX_YEAR.exec(value);
  if (!match) return "expected a tax year as 'YYYY-YY', e.g. '2026-27'";
  const start = Number(match[1]);
  const end = Number(match[2]);
  if ((start + 1) % 100 !== end) return `expected the year after ${start} to end in ${String((start + 1) % 100).padStart(2, '0')}, e.g. '${start}-${String((start + 1) % 100).padStart(2, '0')}'`;
  if (start < 2017 || start > 2099) return 'expected a tax year from 2017-18 to 2099-00';
  return null;
}

export function isTaxYear(value: string): boolean {
  return taxYearProblem(value) === null;
}

/** The calendar year in which the tax year starts (6 April). Throws on a malformed tax year. */
export function taxYearStartYear(taxYear: string): number {
  const problem = taxYearProblem(taxYear);
  if (problem) throw new RangeError(`taxYear '${taxYear}': ${problem}`);
  return Number(taxYear.slice(0, 4));
}

export function taxYearFromStartYear(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function taxYearStart(taxYear: string): IsoDate {
  return `${taxYearStartYear(taxYear)}-04-06`;
}

export function taxYearEnd(taxYear: string): IsoDate {
  return `${taxYearStartYear(taxYear) + 1}-04-05`;
}

/** The tax year a date falls in. */
export function taxYearOf(date: IsoDate): string {
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  return taxYearFromStartYear(monthDay >= '04-06' ? year : year - 1);
}
