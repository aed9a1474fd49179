// Step 1: may the practice act for this client, as main or supporting agent, and is the client in MTD this year? A
// missing relationship becomes an invitation the client is reminded of until they answer.
import { taxYearStart } from '../../domain/taxYear';
import { records } from './proxies';
import type { TaxYearRun } from './run';

/** How often the client is reminded of a pending invitation (HMRC lets it live 21 days). */
const REMINDER_EVERY_DAYS = 7;
const NOT_IN_MTD = new Set(['Annual', 'No Status', 'Digitally Exempt', 'MTD Exempt', 'Dormant', 'Non Digital']);

export async function authorise(run: TaxYearRun): Promise<'in-mtd' | 'not-in-mtd'> {
  const { taxYear } = run.input;
  const step = run.addStep({ key: 'authorisation', kind: 'authorisation', milestone: 'setup', title: 'Agent authorisation and ITSA status', opensOn: taxYearStart(taxYear), dueDate: null });
  run.setStage('authorisation');
  run.setStatus(step, 'in-progress', null);
  const hmrc = () => run.hmrc(null);
  run.profile = await run.attempt(step, () => records.loadClientProfile({ clientId: run.input.clientId }));

  for (;;) {
    const profile = run.profile;
    if (!profile.postcode) {
      step.problem = { code: 'POSTCODE_MISSING', message: "HMRC checks the agent's relationship with the client's postcode; the client has none", retriesBySelf: false };
      run.setStatus(step, 'needs-attention', "Add the client's postcode, then press retry");
      await run.waitForRetry(step.key);
      run.profile = await records.loadClientProfile({ clientId: run.input.clientId });
      continue;
    }
    const relationship = await run.attempt(step, () => hmrc().checkAgentRelationship({ arn: profile.arn, nino: profile.nino, postcode: profile.postcode! }));
    if (relationship.status !== 'none') {
      run.state.agentType = relationship.status;
      step.result = { ...step.result, agentType: relationship.status };
      break;
    }
    // No relationship: invite the client (a pending invitation is reused, never doubled) and remind them until they answer.
    const invitation = await run.attempt(step, () => hmrc().createAuthorisationInvitation({ arn: profile.arn, nino: profile.nino, postcode: profile.postcode!, agentType: 'main' }));
    if (invitation.outcome === 'already-authorised') continue;
    step.result = { ...step.result, invitationId: invitation.invitationId, clientActionUrl: invitation.clientActionUrl ?? null };
    run.setStatus(step, 'awaiting-client', 'The client has not authorised the practice: ask them to accept the invitation (link on the step)', {
      actor: 'engine',
      action: 'authorisation.invited',
      detail: { invitationId: invitation.invitationId },
    });
    let reminders = 0;
    for (;;) {
      const retried = await run.untilOrDuration(() => run.retryRequested.has(step.key), run.days(REMINDER_EVERY_DAYS));
      if (retried) run.retryRequested.delete(step.key);
      const status = await run.attempt(step, () => hmrc().getInvitationStatus({ arn: profile.arn, invitationId: invitation.invitationId }));
      if (status.status === 'Accepted') break;
      if (status.status !== 'Pending') {
        step.problem = { code: `INVITATION_${status.status.toUpperCase()}`, message: `The client's invitation is ${status.status}`, retriesBySelf: false };
        run.setStatus(step, 'needs-attention', 'Speak to the client, then press retry to send a new invitation');
        await run.waitForRetry(step.key);
        break;
      }
      reminders += 1;
      step.result = { ...step.result, reminders };
      run.touch(step, { actor: 'engine', action: 'authorisation.reminder', detail: { invitationId: invitation.invitationId, reminder: reminders } });
    }
    step.problem = null;
    run.setStatus(step, 'in-progress', null);
  }

  const itsa = await run.attempt(step, () => hmrc().getItsaStatus({ nino: run.profile.nino, taxYear }));
  const status = itsa.status;
  run.state.itsaStatus = status;
  step.result = { ...step.result, itsaStatus: status };
  if (status && NOT_IN_MTD.has(status)) {
    run.setStatus(step, 'done', `ITSA status is ${status}: this year is filed as a Self Assessment return (SA100), not through MTD`);
    return 'not-in-mtd';
  }
  run.setStatus(step, 'done', null, { actor: 'engine', action: 'authorisation.confirmed', detail: { agentType: run.state.agentType, itsaStatus: status } });
  return 'in-mtd';
}
