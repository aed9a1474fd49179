// Activities that talk to FreeAgent: a client's year-to-date figures as HMRC's cumulative update, and marking the Self
// Assessment return filed once we have filed it with HMRC (read first, so a retry never marks it twice).
import { ApplicationFailure } from '@temporalio/activity';
import type { FreeAgentClient } from '../integrations/freeagent/client';
import { FreeAgentError } from '../integrations/freeagent/errors';
import { disallowableCodesFrom, toSelfEmploymentCumulative, type ConversionReport, type SelfEmploymentCumulativeBody } from '../integrations/freeagent/categoryMapping';
import { ReconnectNeeded } from '../integrations/oauthTokenStore';

export interface FreeAgentActivityDependencies {
  /** A client acting for one of the practice's clients (its FreeAgent subdomain). */
  freeagentFor: (subdomain: string) => FreeAgentClient;
}

function toFailure(err: unknown): unknown {
  if (err instanceof ReconnectNeeded) return ApplicationFailure.create({ message: err.message, type: 'ReconnectNeeded', nonRetryable: false, details: [{ provider: err.provider, reason: err.reason }] });
  if (err instanceof FreeAgentError) {
    return ApplicationFailure.create({ message: err.message, type: err.retryable ? 'FreeAgentRetryable' : 'FreeAgentError', nonRetryable: !err.retryable, details: [{ status: err.status ?? null, messages: err.messages }] });
  }
  return err;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toFailure(err);
  }
}

/** Returns FreeAgent marks as done: filed online from FreeAgent, or marked filed (by us or staff). */
const ALREADY_FILED = new Set(['filed', 'marked_as_filed', 'provisionally_filed', 'pending']);

export function createFreeAgentActivities(deps: FreeAgentActivityDependencies) {
  return {
    /**
     * The year to date from the client's books as HMRC's self-employment cumulative update. Categories without a mapping
     * are reported, not dropped: the step waits for staff to map them before anything is sent.
     */
    async selfEmploymentUpdateFromFreeAgent(input: { subdomain: string; periodStartDate: string; periodEndDate: string }): Promise<{ body: SelfEmploymentCumulativeBody; report: ConversionReport }> {
      return guarded(async () => {
        const client = deps.freeagentFor(input.subdomain);
        const [rows, categories] = await Promise.all([client.getTrialBalanceSummary({ fromDate: input.periodStartDate, toDate: input.periodEndDate }), client.listCategories()]);
        const { body, report } = toSelfEmploymentCumulative(rows, { periodStartDate: input.periodStartDate, periodEndDate: input.periodEndDate }, { disallowableCodes: disallowableCodesFrom(categories) });
        return { body, report };
      });
    },

    async markFreeAgentReturnFiled(input: { subdomain: string; userId: number | string; periodEndsOn: string }): Promise<{ marked: boolean; filingStatus: string }> {
      return guarded(async () => {
        const client = deps.freeagentFor(input.subdomain);
        const current = await client.getSelfAssessmentReturn(input.userId, input.periodEndsOn);
        if (ALREADY_FILED.has(current.filing_status)) return { marked: false, filingStatus: current.filing_status };
        const marked = await client.markSelfAssessmentReturnAsFiled(input.userId, input.periodEndsOn);
        return { marked: true, filingStatus: marked.filing_status };
      });
    },
  };
}
