// The year-end submissions per business (HMRC README §5.3 steps 2 and 5): the annual submission and the losses,
// each read first so a retry after a lost answer never writes twice.
import { ApplicationFailure } from '@temporalio/activity';
import { lossesApiFor } from '../integrations/hmrc/apiVersions';
import type { HmrcCaller, StaffSession } from './hmrcCalls';
import type { IncomeSourceKind } from './hmrcIncomeSources';
import { submissionApiFor } from './hmrcQuarterly';

export function createHmrcYearEndActivities({ call, readOrNull, putUnlessHeld }: HmrcCaller) {
  return {
    /** The annual submission (allowances, adjustments), unless HMRC already holds exactly it. */
    async submitAnnualSubmission(input: { nino: string; businessId: string; taxYear: string; kind: IncomeSourceKind; body: Record<string, unknown> } & StaffSession): Promise<{ submitted: boolean }> {
      const path =
        input.kind === 'self-employment'
          ? `/individuals/business/self-employment/${input.nino}/${input.businessId}/annual/${input.taxYear}`
          : `/individuals/business/property/${input.kind === 'uk-property' ? 'uk' : 'foreign'}/${input.nino}/${input.businessId}/annual/${input.taxYear}`;
      return putUnlessHeld(submissionApiFor(input.kind), path, input.body, input.session);
    },

    /**
     * Claims and brought-forward losses for one business and year. From 2026-27 (Losses 7.0) one resource holds them
     * and the PUT replaces it, so it is read first and left alone when HMRC already holds the same; up to 2025-26
     * (6.0) each claim is created on its own, so the year's claims are listed first and an existing one is reused.
     */
    async submitLossClaim(
      input: {
        nino: string;
        businessId: string;
        taxYear: string;
        /** 7.0: the losses-and-claims body. */
        claims?: Record<string, unknown>;
        /** 6.0: one claim. */
        claim?: { typeOfLoss: string; typeOfClaim: string };
      } & StaffSession,
    ): Promise<{ submitted: boolean; claimId?: string }> {
      const api = lossesApiFor(input.taxYear);
      if (api.version === '7.0') {
        if (!input.claims) throw ApplicationFailure.nonRetryable('Losses 7.0 (2026-27 on) takes `claims`: the losses-and-claims body', 'InvalidActivityInput');
        return putUnlessHeld(api, `/individuals/losses/${input.nino}/businesses/${input.businessId}/loss-claims/${input.taxYear}`, input.claims, input.session);
      }
      const claim = input.claim;
      if (!claim) throw ApplicationFailure.nonRetryable('Losses 6.0 (to 2025-26) takes `claim`: typeOfLoss and typeOfClaim', 'InvalidActivityInput');
      const listed = await readOrNull<{ claims: { claimId: string; businessId: string; typeOfClaim: string }[] }>({
        api,
        method: 'GET',
        path: `/individuals/losses/${input.nino}/loss-claims/tax-year/${input.taxYear}`,
        query: { businessId: input.businessId },
        webSession: input.session,
      });
      const found = listed?.body.claims.find((c) => c.businessId === input.businessId && c.typeOfClaim === claim.typeOfClaim);
      if (found) return { submitted: false, claimId: found.claimId };
      const created = await call<{ claimId: string }>({
        api,
        method: 'POST',
        path: `/individuals/losses/${input.nino}/loss-claims`,
        body: { businessId: input.businessId, typeOfLoss: claim.typeOfLoss, typeOfClaim: claim.typeOfClaim, taxYearClaimedFor: input.taxYear },
        webSession: input.session,
      });
      return { submitted: true, claimId: created.body.claimId };
    },
  };
}
