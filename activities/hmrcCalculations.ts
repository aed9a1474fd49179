// The tax calculation and the final declaration made on it (Individual Calculations 8.0, Self Assessment Assist 1.0;
// HMRC README §5.3 steps 7 to 10). Main agents only: HMRC refuses supporting agents here (§1.9).
import { ApplicationFailure } from '@temporalio/activity';
import { summariseCalculation, type CalculationSummary } from '../domain/calculationSummary';
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import { notFound, type HmrcCaller, type StaffSession } from './hmrcCalls';

export type CalculationType = 'in-year' | 'intent-to-finalise' | 'intent-to-amend';

export function createHmrcCalculationActivities({ call, readOrNull }: HmrcCaller) {
  /** The calculation, once HMRC has finished it: until then HMRC answers 404, which is retried (HMRC advises waiting). */
  async function retrieveCalculation(input: { nino: string; taxYear: string; calculationId: string } & StaffSession): Promise<Record<string, unknown>> {
    const result = await call<Record<string, unknown>>({
      api: HMRC_APIS.calculations,
      method: 'GET',
      path: `/individuals/calculations/${input.nino}/self-assessment/${input.taxYear}/${input.calculationId}`,
      webSession: input.session,
    }).catch((err: unknown) => {
      if (notFound(err)) throw ApplicationFailure.create({ message: 'HMRC has not finished the calculation yet', type: 'CalculationNotReady', nonRetryable: false });
      throw err;
    });
    return result.body;
  }

  return {
    /**
     * Triggers a calculation, or finds one of the same type that a lost answer left behind: HMRC lists every calculation,
     * so one requested at or after `requestedAfter` (when this step began) is ours.
     */
    async triggerCalculation(input: { nino: string; taxYear: string; calculationType: CalculationType; requestedAfter: string } & StaffSession): Promise<{ calculationId: string; triggered: boolean }> {
      const base = `/individuals/calculations/${input.nino}/self-assessment/${input.taxYear}`;
      const listed = await readOrNull<{ calculations: { calculationId: string; calculationTimestamp: string; calculationType: string }[] }>({
        api: HMRC_APIS.calculations,
        method: 'GET',
        path: base,
        query: { calculationType: input.calculationType },
        webSession: input.session,
      });
      const ours = listed?.body.calculations.find((c) => c.calculationTimestamp >= input.requestedAfter);
      if (ours) return { calculationId: ours.calculationId, triggered: false };
      const triggered = await call<{ calculationId: string }>({ api: HMRC_APIS.calculations, method: 'POST', path: `${base}/trigger/${input.calculationType}`, webSession: input.session });
      return { calculationId: triggered.body.calculationId, triggered: true };
    },

    retrieveCalculation,

    /** The calculation's key figures in pence and its messages: what a workflow keeps, instead of the whole calculation. */
    async retrieveCalculationSummary(input: { nino: string; taxYear: string; calculationId: string } & StaffSession): Promise<CalculationSummary> {
      return summariseCalculation(await retrieveCalculation(input), input.calculationId);
    },

    /** HMRC Assist's feedback on the calculation (null when HMRC has none), for staff to read before declaring. */
    async produceAssistReport(input: { nino: string; taxYear: string; calculationId: string } & StaffSession): Promise<{ reportId: string; correlationId: string; messages: unknown[] } | null> {
      const result = await call<{ reportId: string; correlationId: string; messages: unknown[] } | undefined>({
        api: HMRC_APIS.assist,
        method: 'POST',
        path: `/individuals/self-assessment/assist/reports/${input.nino}/${input.taxYear}/${input.calculationId}`,
        webSession: input.session,
      });
      return result.status === 204 || !result.body ? null : { reportId: result.body.reportId, correlationId: result.body.correlationId, messages: result.body.messages };
    },

    /** Tells HMRC the report was shown in full; acknowledging twice is harmless. */
    async acknowledgeAssistReport(input: { nino: string; reportId: string; correlationId: string } & StaffSession): Promise<void> {
      await call({ api: HMRC_APIS.assist, method: 'POST', path: `/individuals/self-assessment/assist/reports/acknowledge/${input.nino}/${input.reportId}/${input.correlationId}`, webSession: input.session });
    },

    /** Declares on the calculation the customer agreed to, unless HMRC already shows the year declared. */
    async submitFinalDeclaration(input: { nino: string; taxYear: string; calculationId: string } & StaffSession): Promise<{ declared: boolean }> {
      const obligations = await readOrNull<{ obligations: { status: string }[] }>({
        api: HMRC_APIS.obligations,
        method: 'GET',
        path: `/obligations/details/${input.nino}/crystallisation`,
        query: { taxYear: input.taxYear },
        webSession: input.session,
      });
      if (obligations?.body.obligations.some((o) => o.status === 'fulfilled')) return { declared: false };
      await call({ api: HMRC_APIS.calculations, method: 'POST', path: `/individuals/calculations/${input.nino}/self-assessment/${input.taxYear}/${input.calculationId}/final-declaration`, webSession: input.session });
      return { declared: true };
    },
  };
}
