// Step 2: the client's businesses as HMRC knows them (each gets its four quarterly steps, with HMRC's own due dates),
// found again before every quarter so a business that starts or ceases mid-year is followed; and the income MTD
// software does not carry, signposted to where it is declared.
import { quarterlyPeriods, addDays } from '../../domain/calendar';
import { OTHER_INCOME_KINDS } from '../../domain/signposting';
import { taxYearEnd, taxYearStart, type IsoDate } from '../../domain/taxYear';
import type { IncomeSource } from './model';
import type { TaxYearRun } from './run';

export interface QuarterPlan {
  quarter: 1 | 2 | 3 | 4;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  dueDate: IsoDate;
}

export function quarterlyStepKey(businessId: string, quarter: number): string {
  return `quarterly-update/${businessId}/q${quarter}`;
}

const KIND_TITLES: Record<IncomeSource['kind'], string> = { 'self-employment': 'Self-employment', 'uk-property': 'UK property', 'foreign-property': 'Foreign property' };

/**
 * Reads the client's businesses and adds steps for any new one. Returns the quarters of each business, with due dates
 * from HMRC's obligations where HMRC has them (the calendar otherwise).
 */
export async function discoverIncomeSources(run: TaxYearRun): Promise<Map<string, QuarterPlan[]>> {
  const { taxYear } = run.input;
  const step = run.addStep({ key: 'income-sources', kind: 'income-sources', milestone: 'setup', title: 'Income sources', opensOn: taxYearStart(taxYear), dueDate: null });
  if (step.status === 'scheduled') run.setStatus(step, 'in-progress', null);
  const hmrc = run.hmrc(null);
  const listed = await run.attempt(step, () => hmrc.listIncomeSources({ nino: run.profile.nino, taxYear }));
  // HMRC's 'property-unspecified' (a property business not yet told apart) is for staff to sort out with HMRC.
  const found: IncomeSource[] = listed.flatMap((s) =>
    s.kind === 'property-unspecified'
      ? []
      : [
          {
            businessId: s.businessId,
            kind: s.kind,
            name: s.tradingName ?? '',
            commencementDate: s.commencementDate ?? null,
            cessationDate: s.cessationDate ?? null,
            ...(s.foreignProperties ? { foreignProperties: s.foreignProperties } : {}),
          },
        ],
  );
  const unspecified = listed.filter((s) => s.kind === 'property-unspecified').map((s) => s.businessId);
  if (unspecified.length > 0 && !step.flags.includes('property-unspecified')) {
    step.flags.push('property-unspecified');
    run.touch(step, { actor: 'engine', action: 'income-source.unspecified', detail: { businessIds: unspecified } });
  }
  const obligations = await run.attempt(step, () => hmrc.listQuarterlyObligations({ nino: run.profile.nino, taxYear }));

  const yearStart = taxYearStart(taxYear);
  const relevant = found.filter((s) => (!s.cessationDate || s.cessationDate >= yearStart) && (!s.commencementDate || s.commencementDate <= taxYearEnd(taxYear)));
  const plans = new Map<string, QuarterPlan[]>();
  for (const source of relevant) {
    const known = run.state.incomeSources.find((s) => s.businessId === source.businessId);
    if (!known) {
      run.state.incomeSources.push(source);
      run.touch(step, { actor: 'engine', action: 'income-source.found', detail: { businessId: source.businessId, kind: source.kind } });
    } else {
      if (known.cessationDate !== source.cessationDate) {
        known.cessationDate = source.cessationDate;
        run.touch(step, { actor: 'engine', action: 'income-source.ceased', detail: { businessId: source.businessId, cessationDate: source.cessationDate } });
      }
      // Properties registered since the last look become available to the next update.
      if (source.foreignProperties) known.foreignProperties = source.foreignProperties;
    }
    const fromHmrc = obligations.find((o) => o.businessId === source.businessId)?.periods ?? [];
    const quarters = quarterlyPeriods(taxYear).map((q) => {
      const hmrcPeriod = fromHmrc.find((p) => p.periodEndDate === q.periodEnd);
      return { quarter: q.quarter, periodStart: q.periodStart, periodEnd: q.periodEnd, dueDate: hmrcPeriod?.dueDate ?? q.dueDate };
    });
    plans.set(source.businessId, quarters);
    for (const q of quarters) {
      const quarterStep = run.addStep({
        key: quarterlyStepKey(source.businessId, q.quarter),
        kind: 'quarterly-update',
        milestone: `q${q.quarter}`,
        title: `${KIND_TITLES[source.kind]}${source.name ? ` (${source.name})` : ''}: Q${q.quarter} update`,
        opensOn: addDays(q.periodEnd, 1),
        dueDate: q.dueDate,
        businessId: source.businessId,
        periodStart: q.periodStart,
        periodEnd: q.periodEnd,
      });
      // A business that ceased before a quarter began has nothing to report for it.
      if (source.cessationDate && source.cessationDate < q.periodStart && quarterStep.status === 'scheduled') {
        run.setStatus(quarterStep, 'skipped', `The business ceased on ${source.cessationDate}`);
      }
    }
  }
  step.result = { ...step.result, businesses: run.state.incomeSources.map((s) => ({ businessId: s.businessId, kind: s.kind, name: s.name })) };
  if (step.status !== 'done') run.setStatus(step, 'done', null);
  else run.touch(step);
  return plans;
}

/**
 * Income MTD software does not carry (employment, savings, dividends, gains…) is declared elsewhere: staff see where and
 * how, and confirm it was dealt with before the final declaration.
 */
export async function signpostOtherIncome(run: TaxYearRun): Promise<void> {
  const { taxYear } = run.input;
  const step = run.addStep({
    key: 'other-income',
    kind: 'other-income',
    milestone: 'year-end',
    title: 'Income declared outside MTD software',
    opensOn: taxYearStart(taxYear),
    dueDate: null,
  });
  // The kinds only: each one's signpost (where and how it is declared, GOV.UK link) is domain/signposting.ts's signpostFor.
  step.result = { otherIncomeKinds: [...OTHER_INCOME_KINDS] };
  const by = await run.review(step, 'Check whether the client has any of this income, and confirm where it is declared');
  run.setStatus(step, 'done', null, { actor: by.staffId, action: 'other-income.dealt-with' });
}
