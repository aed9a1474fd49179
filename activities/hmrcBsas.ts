// The year-end adjustable summary per business (BSAS 7.0, HMRC README §3.5): triggered once the year's updates are in,
// read by staff, and adjusted at most once with accounting adjustments (deltas on the quarterly totals).
import { ApplicationFailure } from '@temporalio/activity';
import { penceToPounds, poundsToPence, type Pence } from '../domain/money';
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import type { HmrcCaller, StaffSession } from './hmrcCalls';
import type { IncomeSourceKind } from './hmrcIncomeSources';

export type SummaryStatus = 'valid' | 'invalid' | 'superseded';

/** HMRC's figures with every amount in pence (every number BSAS returns is money); names and flags as HMRC gives them. */
export type Figure = Pence | string | boolean | Figures | Figure[];
export interface Figures {
  [field: string]: Figure;
}

/** Deltas on the quarterly totals, in pence, under HMRC's field names (turnover, costOfGoods, totalRentsReceived ...). */
export interface BsasDeltas {
  income?: Record<string, Pence>;
  expenses?: Record<string, Pence>;
  /** Self-employment only. */
  additions?: Record<string, Pence>;
}

/**
 * Accounting adjustments: `{ zeroAdjustments: true }` alone to confirm the summary as it stands, or deltas for the
 * business; a foreign property business gives them per property (2026-27 on) or per country (before).
 */
export type BsasAdjustments =
  | { zeroAdjustments: true }
  | BsasDeltas
  | { propertyLevelDetail: (BsasDeltas & { propertyId: string })[] }
  | { countryLevelDetail: (BsasDeltas & { countryCode: string })[] };

export interface BsasSummary {
  calculationId: string;
  taxYear: string;
  summaryStatus: SummaryStatus;
  requestedDateTime: string;
  adjustedDateTime?: string;
  businessId: string;
  kind: IncomeSourceKind;
  businessName?: string;
  accountingPeriod: { startDate: string; endDate: string };
  /** The summary before adjustments. */
  adjustable: Figures;
  /** The adjustments HMRC holds for this summary, if any were made. */
  adjustments?: BsasAdjustments;
  /** The summary with the adjustments applied (HMRC always gives it for UK property, where it then equals `adjustable`). */
  adjusted?: Figures;
}

interface RetrieveBody {
  metadata: { calculationId: string; requestedDateTime: string; adjustedDateTime?: string; taxYear: string; summaryStatus: SummaryStatus };
  inputs: { businessId: string; businessName?: string; accountingPeriodStartDate: string; accountingPeriodEndDate: string };
  adjustableSummaryCalculation: Record<string, unknown>;
  adjustments?: Record<string, unknown>;
  adjustedSummaryCalculation?: Record<string, unknown>;
}

const SECTIONS = ['income', 'expenses', 'additions'] as const;

function convert(value: unknown, money: (n: number) => number): unknown {
  if (typeof value === 'number') return money(value);
  if (Array.isArray(value)) return value.map((v) => convert(v, money));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, money)]));
  return value;
}

const inPence = (value: Record<string, unknown>) => convert(value, poundsToPence) as Figures;
const inPounds = (value: object) => convert(value, penceToPounds) as Record<string, unknown>;

/** Key order and list order do not matter to HMRC: properties and countries are matched by their id. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    const key = (v: unknown) => {
      const item = v as { propertyId?: string; countryCode?: string };
      return item.propertyId ?? item.countryCode ?? JSON.stringify(v);
    };
    return items.sort((a, b) => key(a).localeCompare(key(b)));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        // HMRC may spell out the absence of a zero-adjustments confirmation; it means the same as leaving it out.
        .filter(([k, v]) => v !== undefined && !(k === 'zeroAdjustments' && v === false))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

function sameAdjustments(ours: BsasAdjustments, held: BsasAdjustments): boolean {
  return JSON.stringify(canonical(ours)) === JSON.stringify(canonical(held));
}

/** The deltas of one business, property or country: every amount non-zero (HMRC refuses 0), at least one of them. */
function deltaProblems(deltas: BsasDeltas, where: string, kind: IncomeSourceKind): string[] {
  const problems: string[] = [];
  if (kind !== 'self-employment' && deltas.additions) problems.push(`${where}additions: only self-employments have additions`);
  const amounts = SECTIONS.flatMap((s) => Object.entries(deltas[s] ?? {}).map(([field, pence]) => ({ path: `${where}${s}/${field}`, pence })));
  if (amounts.length === 0) problems.push(`${where}: no adjustments given (use { zeroAdjustments: true } to confirm the summary as it is)`);
  for (const { path, pence } of amounts) {
    if (!Number.isInteger(pence) || pence === 0) problems.push(`${path}: expected a non-zero whole number of pence`);
  }
  return problems;
}

/** §3.5's rules that need no HMRC: zero adjustments alone and true, the right shape for the kind, no zero deltas. */
function checkAdjustments(kind: IncomeSourceKind, adjustments: BsasAdjustments): void {
  const fields = Object.keys(adjustments);
  let problems: string[];
  if ('zeroAdjustments' in adjustments) {
    problems = adjustments.zeroAdjustments === true && fields.length === 1 ? [] : ['zeroAdjustments: must be true and alone (HMRC: RULE_ZERO_ADJUSTMENTS_INVALID, RULE_BOTH_ADJUSTMENTS_SUPPLIED)'];
  } else if ('propertyLevelDetail' in adjustments || 'countryLevelDetail' in adjustments) {
    const list = 'propertyLevelDetail' in adjustments ? adjustments.propertyLevelDetail : adjustments.countryLevelDetail;
    problems = kind !== 'foreign-property' ? ['propertyLevelDetail/countryLevelDetail: only foreign property adjusts per property or country'] : [];
    if (fields.length !== 1 || list.length === 0) problems.push('one non-empty list of properties or countries, and nothing beside it');
    list.forEach((unit, i) => problems.push(...deltaProblems(unit, `${fields[0]}/${i}/`, kind)));
  } else {
    problems = kind === 'foreign-property' ? ['foreign property adjusts per property (propertyLevelDetail) or per country (countryLevelDetail)'] : deltaProblems(adjustments, '', kind);
  }
  if (problems.length > 0) throw ApplicationFailure.nonRetryable(`BSAS adjustments are not valid: ${problems.join('; ')}`, 'InvalidActivityInput', { problems });
}

/** HMRC's request body for the kind and year: property bodies are wrapped, and foreign property before 2024-25 is a bare list. */
function requestBody(kind: IncomeSourceKind, taxYear: string, adjustments: BsasAdjustments): Record<string, unknown> {
  const pounds = inPounds(adjustments);
  if (kind === 'self-employment') return pounds;
  if (kind === 'uk-property') return { ukProperty: pounds };
  if ('countryLevelDetail' in adjustments && taxYear <= '2023-24') return { foreignProperty: pounds.countryLevelDetail };
  return { foreignProperty: pounds };
}

export function createHmrcBsasActivities({ call, readOrNull }: HmrcCaller) {
  const summaryPath = (input: { nino: string; calculationId: string; kind: IncomeSourceKind; taxYear: string }) =>
    `/individuals/self-assessment/adjustable-summary/${input.nino}/${input.kind}/${input.calculationId}`;

  async function retrieve(input: { nino: string; calculationId: string; kind: IncomeSourceKind; taxYear: string } & StaffSession): Promise<BsasSummary> {
    const { body } = await call<RetrieveBody>({ api: HMRC_APIS.bsas, method: 'GET', path: `${summaryPath(input)}/${input.taxYear}`, webSession: input.session });
    const { metadata, inputs } = body;
    return {
      calculationId: metadata.calculationId,
      taxYear: metadata.taxYear,
      summaryStatus: metadata.summaryStatus,
      requestedDateTime: metadata.requestedDateTime,
      ...(metadata.adjustedDateTime ? { adjustedDateTime: metadata.adjustedDateTime } : {}),
      businessId: inputs.businessId,
      kind: input.kind,
      ...(inputs.businessName ? { businessName: inputs.businessName } : {}),
      accountingPeriod: { startDate: inputs.accountingPeriodStartDate, endDate: inputs.accountingPeriodEndDate },
      adjustable: inPence(body.adjustableSummaryCalculation),
      ...(body.adjustments ? { adjustments: inPence(body.adjustments) as BsasAdjustments } : {}),
      ...(body.adjustedSummaryCalculation ? { adjusted: inPence(body.adjustedSummaryCalculation) } : {}),
    };
  }

  return {
    /**
     * Triggers an adjustable summary, or finds the valid one a lost answer left behind for the same business. To adjust
     * again staff need a new summary: `requestedAfter` (when that step began) then counts only one requested since.
     */
    async triggerBsas(
      input: { nino: string; businessId: string; typeOfBusiness: IncomeSourceKind; taxYear: string; startDate: string; endDate: string; requestedAfter?: string } & StaffSession,
    ): Promise<{ calculationId: string; triggered: boolean }> {
      const listed = await readOrNull<{ businessSources?: { businessId: string; summaries: { calculationId: string; summaryStatus: string; requestedDateTime: string }[] }[] }>({
        api: HMRC_APIS.bsas,
        method: 'GET',
        path: `/individuals/self-assessment/adjustable-summary/${input.nino}/${input.taxYear}`,
        query: { businessId: input.businessId },
        webSession: input.session,
      });
      // HMRC gives requestedDateTime to the second, so the step's start is compared to the second too.
      const since = input.requestedAfter ? Math.floor(Date.parse(input.requestedAfter) / 1000) * 1000 : null;
      const existing = listed?.body.businessSources
        ?.find((s) => s.businessId === input.businessId)
        ?.summaries.find((s) => s.summaryStatus === 'valid' && (since === null || Date.parse(s.requestedDateTime) >= since));
      if (existing) return { calculationId: existing.calculationId, triggered: false };
      const triggered = await call<{ calculationId: string }>({
        api: HMRC_APIS.bsas,
        method: 'POST',
        path: `/individuals/self-assessment/adjustable-summary/${input.nino}/trigger`,
        body: { accountingPeriod: { startDate: input.startDate, endDate: input.endDate }, typeOfBusiness: input.typeOfBusiness, businessId: input.businessId },
        webSession: input.session,
      });
      return { calculationId: triggered.body.calculationId, triggered: true };
    },

    /** The summary with its figures in pence, for staff to review before deciding on adjustments. */
    async retrieveBsas(input: { nino: string; calculationId: string; kind: IncomeSourceKind; taxYear: string } & StaffSession): Promise<BsasSummary> {
      return retrieve(input);
    },

    /**
     * Applies staff's accounting adjustments to a summary. HMRC takes adjustments once per summary
     * (RULE_ALREADY_ADJUSTED), so the summary is read first: when it already holds exactly ours (a retry after a lost
     * answer) nothing is sent; when it holds others, changing them needs a new summary, which is for staff to decide.
     */
    async submitBsasAdjustments(
      input: { nino: string; calculationId: string; kind: IncomeSourceKind; taxYear: string; adjustments: BsasAdjustments } & StaffSession,
    ): Promise<{ submitted: boolean; summaryStatus: SummaryStatus }> {
      checkAdjustments(input.kind, input.adjustments);
      const summary = await retrieve(input);
      if (summary.adjustments) {
        if (sameAdjustments(input.adjustments, summary.adjustments)) return { submitted: false, summaryStatus: summary.summaryStatus };
        throw ApplicationFailure.nonRetryable('HMRC already holds other adjustments for this summary: trigger a new summary to adjust again', 'BsasAlreadyAdjusted', {
          code: 'RULE_ALREADY_ADJUSTED',
          held: summary.adjustments,
          adjustedDateTime: summary.adjustedDateTime,
        });
      }
      await call({
        api: HMRC_APIS.bsas,
        method: 'POST',
        path: `${summaryPath(input)}/adjust/${input.taxYear}`,
        body: requestBody(input.kind, input.taxYear, input.adjustments),
        webSession: input.session,
      });
      return { submitted: true, summaryStatus: summary.summaryStatus };
    },
  };
}
