// Activities that talk to HMRC: each write reads HMRC's state first, so a retry after an ambiguous failure (a timeout
// after HMRC committed) never writes twice. Failures leave as Temporal failures: HMRC's business errors are final and
// carry HMRC's code, message and paths for staff; throttling, server errors, timeouts and reconnects are retried.
import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { HMRC_APIS, lossesApiFor } from '../integrations/hmrc/apiVersions';
import type { HmrcCall, HmrcClient, HmrcResult } from '../integrations/hmrc/client';
import { HmrcApiError } from '../integrations/hmrc/errors';
import { ReconnectNeeded } from '../integrations/oauthTokenStore';

export interface HmrcActivityDependencies {
  db: Db;
  hmrc: HmrcClient;
}

export type IncomeSourceKind = 'self-employment' | 'uk-property' | 'foreign-property';

const CUMULATIVE_PATHS: Record<IncomeSourceKind, (nino: string, businessId: string, taxYear: string) => string> = {
  'self-employment': (n, b, y) => `/individuals/business/self-employment/${n}/${b}/cumulative/${y}`,
  'uk-property': (n, b, y) => `/individuals/business/property/uk/${n}/${b}/cumulative/${y}`,
  'foreign-property': (n, b, y) => `/individuals/business/property/foreign/${n}/${b}/cumulative/${y}`,
};

/** HMRC's failure as Temporal sees it. */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ReconnectNeeded) {
    // The step waits for the practice to reconnect: retried with backoff, never failed.
    return ApplicationFailure.create({ message: err.message, type: 'ReconnectNeeded', nonRetryable: false, details: [{ provider: err.provider, reason: err.reason }] });
  }
  if (err instanceof HmrcApiError) {
    const details = [{ code: err.code, message: err.hmrcMessage, errors: err.errors, correlationId: err.correlationId, status: err.status }];
    return ApplicationFailure.create({ message: err.message, type: err.retryable ? `HmrcRetryable.${err.kind}` : 'HmrcBusinessError', nonRetryable: !err.retryable, details });
  }
  return err;
}

/** Values equal as HMRC compares money: 1000 and 1000.00 are the same amount. */
function sameFigures(submitted: unknown, stored: unknown): boolean {
  if (typeof submitted === 'number' && typeof stored === 'number') return Math.round(submitted * 100) === Math.round(stored * 100);
  if (submitted && typeof submitted === 'object') {
    if (!stored || typeof stored !== 'object') return false;
    return Object.entries(submitted).every(([k, v]) => sameFigures(v, (stored as Record<string, unknown>)[k]));
  }
  return submitted === stored;
}

export function createHmrcActivities(deps: HmrcActivityDependencies) {
  /** Every call is kept with HMRC's correlation id; a deprecation notice becomes a practice alert (once per API). */
  async function call<T>(request: HmrcCall): Promise<HmrcResult<T>> {
    let result: HmrcResult<T> | undefined;
    let failure: unknown;
    try {
      result = await deps.hmrc.call<T>(request);
      return result;
    } catch (err) {
      failure = err;
      throw toActivityFailure(err);
    } finally {
      const apiError = failure instanceof HmrcApiError ? failure : undefined;
      await deps.db
        .insertInto('hmrc_calls')
        .values({
          api: request.api.name,
          version: request.api.version,
          method: request.method,
          path: request.path,
          status: result?.status ?? apiError?.status ?? null,
          correlation_id: result?.correlationId ?? apiError?.correlationId ?? null,
          error_code: apiError?.code ?? (failure instanceof ReconnectNeeded ? 'RECONNECT_NEEDED' : null),
        })
        .execute();
      if (result?.deprecation) {
        const key = `${request.api.name} ${request.api.version}`;
        await deps.db
          .insertInto('alerts')
          .values({
            kind: 'api-deprecation',
            key,
            message: `HMRC has deprecated ${key}${result.deprecation.sunset ? `; it will be withdrawn on ${result.deprecation.sunset}` : ''}.`,
            details: JSON.stringify(result.deprecation),
          })
          .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ details: JSON.stringify(result!.deprecation), resolved_at: null, created_at: sql<Date>`now()` }))
          .execute();
      }
    }
  }

  const notFound = (err: unknown) => err instanceof ApplicationFailure && (err.details?.[0] as { status?: number } | undefined)?.status === 404;

  /** A replacing PUT, sent only when HMRC does not already hold the same figures (read first: the reconcile path). */
  async function putUnlessHeld(api: HmrcCall['api'], path: string, body: Record<string, unknown>): Promise<{ submitted: boolean }> {
    const existing = await call<Record<string, unknown>>({ api, method: 'GET', path }).catch((err: unknown) => {
      if (notFound(err)) return null;
      throw err;
    });
    if (existing && sameFigures(body, existing.body)) return { submitted: false };
    await call({ api, method: 'PUT', path, body });
    return { submitted: true };
  }

  return {
    /**
     * Sends the cumulative update unless HMRC already holds exactly these figures (a retry after a timeout that HMRC
     * had in fact committed). The PUT replaces the year-to-date totals, so sending new figures again is safe too.
     */
    async submitCumulativeUpdate(input: { nino: string; businessId: string; taxYear: string; kind: IncomeSourceKind; body: Record<string, unknown> }): Promise<{ submitted: boolean }> {
      const api = input.kind === 'self-employment' ? HMRC_APIS.selfEmployment : HMRC_APIS.property;
      return putUnlessHeld(api, CUMULATIVE_PATHS[input.kind](input.nino, input.businessId, input.taxYear), input.body);
    },

    /** Triggers an adjustable summary, or finds the one a lost answer left behind for the same business and period. */
    async triggerBsas(input: { nino: string; businessId: string; typeOfBusiness: IncomeSourceKind; taxYear: string; startDate: string; endDate: string }): Promise<{ calculationId: string; triggered: boolean }> {
      const listed = await call<{ businessSources?: { businessId: string; summaries: { calculationId: string; summaryStatus: string; accountingPeriod?: { startDate: string; endDate: string } }[] }[] }>({
        api: HMRC_APIS.bsas,
        method: 'GET',
        path: `/individuals/self-assessment/adjustable-summary/${input.nino}/${input.taxYear}`,
        query: { businessId: input.businessId },
      }).catch((err: unknown) => {
        if (notFound(err)) return null;
        throw err;
      });
      const existing = listed?.body.businessSources
        ?.find((s) => s.businessId === input.businessId)
        ?.summaries.find((s) => s.summaryStatus === 'valid');
      if (existing) return { calculationId: existing.calculationId, triggered: false };
      const triggered = await call<{ calculationId: string }>({
        api: HMRC_APIS.bsas,
        method: 'POST',
        path: `/individuals/self-assessment/adjustable-summary/${input.nino}/trigger`,
        body: { accountingPeriod: { startDate: input.startDate, endDate: input.endDate }, typeOfBusiness: input.typeOfBusiness, businessId: input.businessId },
      });
      return { calculationId: triggered.body.calculationId, triggered: true };
    },

    /**
     * Claims and brought-forward losses for one business and year. From 2026-27 (Losses 7.0) one resource holds them
     * and the PUT replaces it, so it is read first and left alone when HMRC already holds the same; up to 2025-26
     * (6.0) each claim is created on its own, so the year's claims are listed first and an existing one is reused.
     */
    async submitLossClaim(input: {
      nino: string;
      businessId: string;
      taxYear: string;
      /** 7.0: the losses-and-claims body. */
      claims?: Record<string, unknown>;
      /** 6.0: one claim. */
      claim?: { typeOfLoss: string; typeOfClaim: string };
    }): Promise<{ submitted: boolean; claimId?: string }> {
      const api = lossesApiFor(input.taxYear);
      if (api.version === '7.0') {
        if (!input.claims) throw ApplicationFailure.nonRetryable('Losses 7.0 (2026-27 on) takes `claims`: the losses-and-claims body', 'InvalidActivityInput');
        return putUnlessHeld(api, `/individuals/losses/${input.nino}/businesses/${input.businessId}/loss-claims/${input.taxYear}`, input.claims);
      }
      if (!input.claim) throw ApplicationFailure.nonRetryable('Losses 6.0 (to 2025-26) takes `claim`: typeOfLoss and typeOfClaim', 'InvalidActivityInput');
      const listed = await call<{ claims: { claimId: string; businessId: string; typeOfClaim: string }[] }>({
        api,
        method: 'GET',
        path: `/individuals/losses/${input.nino}/loss-claims/tax-year/${input.taxYear}`,
        query: { businessId: input.businessId },
      }).catch((err: unknown) => {
        if (notFound(err)) return null;
        throw err;
      });
      const found = listed?.body.claims.find((c) => c.businessId === input.businessId && c.typeOfClaim === input.claim!.typeOfClaim);
      if (found) return { submitted: false, claimId: found.claimId };
      const created = await call<{ claimId: string }>({
        api,
        method: 'POST',
        path: `/individuals/losses/${input.nino}/loss-claims`,
        body: { businessId: input.businessId, typeOfLoss: input.claim.typeOfLoss, typeOfClaim: input.claim.typeOfClaim, taxYearClaimedFor: input.taxYear },
      });
      return { submitted: true, claimId: created.body.claimId };
    },

    /** The annual submission (allowances, adjustments), unless HMRC already holds exactly it. */
    async submitAnnualSubmission(input: { nino: string; businessId: string; taxYear: string; kind: IncomeSourceKind; body: Record<string, unknown> }): Promise<{ submitted: boolean }> {
      const api = input.kind === 'self-employment' ? HMRC_APIS.selfEmployment : HMRC_APIS.property;
      const path =
        input.kind === 'self-employment'
          ? `/individuals/business/self-employment/${input.nino}/${input.businessId}/annual/${input.taxYear}`
          : `/individuals/business/property/${input.kind === 'uk-property' ? 'uk' : 'foreign'}/${input.nino}/${input.businessId}/annual/${input.taxYear}`;
      return putUnlessHeld(api, path, input.body);
    },

    /**
     * Triggers a calculation, or finds one of the same type that a lost answer left behind: HMRC lists every calculation,
     * so one requested at or after `requestedAfter` (when this step began) is ours.
     */
    async triggerCalculation(input: { nino: string; taxYear: string; calculationType: 'in-year' | 'intent-to-finalise' | 'intent-to-amend'; requestedAfter: string }): Promise<{ calculationId: string; triggered: boolean }> {
      const base = `/individuals/calculations/${input.nino}/self-assessment/${input.taxYear}`;
      const listed = await call<{ calculations: { calculationId: string; calculationTimestamp: string; calculationType: string }[] }>({
        api: HMRC_APIS.calculations,
        method: 'GET',
        path: base,
        query: { calculationType: input.calculationType },
      }).catch((err: unknown) => {
        if (notFound(err)) return null;
        throw err;
      });
      const ours = listed?.body.calculations.find((c) => c.calculationTimestamp >= input.requestedAfter);
      if (ours) return { calculationId: ours.calculationId, triggered: false };
      const triggered = await call<{ calculationId: string }>({ api: HMRC_APIS.calculations, method: 'POST', path: `${base}/trigger/${input.calculationType}` });
      return { calculationId: triggered.body.calculationId, triggered: true };
    },

    /** The calculation, once HMRC has finished it: until then HMRC answers 404, which is retried (HMRC advises waiting). */
    async retrieveCalculation(input: { nino: string; taxYear: string; calculationId: string }): Promise<Record<string, unknown>> {
      const result = await call<Record<string, unknown>>({
        api: HMRC_APIS.calculations,
        method: 'GET',
        path: `/individuals/calculations/${input.nino}/self-assessment/${input.taxYear}/${input.calculationId}`,
      }).catch((err: unknown) => {
        if (notFound(err)) throw ApplicationFailure.create({ message: 'HMRC has not finished the calculation yet', type: 'CalculationNotReady', nonRetryable: false });
        throw err;
      });
      return result.body;
    },

    /** HMRC Assist's feedback on the calculation (null when HMRC has none), for staff to read before declaring. */
    async produceAssistReport(input: { nino: string; taxYear: string; calculationId: string }): Promise<{ reportId: string; correlationId: string; messages: unknown[] } | null> {
      const result = await call<{ reportId: string; correlationId: string; messages: unknown[] } | undefined>({
        api: HMRC_APIS.assist,
        method: 'POST',
        path: `/individuals/self-assessment/assist/reports/${input.nino}/${input.taxYear}/${input.calculationId}`,
      });
      return result.status === 204 || !result.body ? null : { reportId: result.body.reportId, correlationId: result.body.correlationId, messages: result.body.messages };
    },

    /** Tells HMRC the report was shown in full; acknowledging twice is harmless. */
    async acknowledgeAssistReport(input: { nino: string; reportId: string; correlationId: string }): Promise<void> {
      await call({ api: HMRC_APIS.assist, method: 'POST', path: `/individuals/self-assessment/assist/reports/acknowledge/${input.nino}/${input.reportId}/${input.correlationId}` });
    },

    /** Declares on the calculation the customer agreed to, unless HMRC already shows the year declared. */
    async submitFinalDeclaration(input: { nino: string; taxYear: string; calculationId: string }): Promise<{ declared: boolean }> {
      const obligations = await call<{ obligations: { status: string }[] }>({
        api: HMRC_APIS.obligations,
        method: 'GET',
        path: `/obligations/details/${input.nino}/crystallisation`,
        query: { taxYear: input.taxYear },
      }).catch((err: unknown) => {
        if (notFound(err)) return null;
        throw err;
      });
      if (obligations?.body.obligations.some((o) => o.status === 'fulfilled')) return { declared: false };
      await call({ api: HMRC_APIS.calculations, method: 'POST', path: `/individuals/calculations/${input.nino}/self-assessment/${input.taxYear}/${input.calculationId}/final-declaration` });
      return { declared: true };
    },
  };
}
