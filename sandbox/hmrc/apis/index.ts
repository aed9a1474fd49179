// Every HMRC API the emulator serves, registered with its definition from HMRC's OpenAPI files.
import type { HmrcEmulator } from '../emulator';
import { endpointSpec } from '../endpoints';
import { agentAuthorisationHandlers } from './agentAuthorisation';
import { bsasRoutes } from './bsas';
import { businessDetailsRoutes } from './businessDetails';
import { createTestUserHandlers } from './createTestUser';
import { individualCalculationsRoutes } from './individualCalculations';
import { individualDetailsHandlers } from './individualDetails';
import { individualLossesRoutes } from './individualLosses';
import { obligationsRoutes } from './obligations';
import { propertyBusinessRoutes } from './propertyBusiness';
import { selfAssessmentAccountsRoutes } from './selfAssessmentAccounts';
import { selfAssessmentAssistRoutes } from './selfAssessmentAssist';
import { selfEmploymentBusinessRoutes } from './selfEmploymentBusiness';
import { testSupportHandlers } from './testSupport';
import type { ApiContext, Route } from './types';

export function registerHmrcApis(emulator: HmrcEmulator, publicBaseUrl: () => string, calculationDelayMs = 0): void {
  const state = emulator.state;
  const changed = () => emulator.changed();
  const testUser = createTestUserHandlers(state, changed);
  const agents = agentAuthorisationHandlers(state, changed, publicBaseUrl);
  const testSupport = testSupportHandlers(state, changed);
  const individualDetails = individualDetailsHandlers(state);
  const ctx: ApiContext = { state, changed, publicBaseUrl };

  const routes: Route[] = [
    ['api-platform-test-user', '1.0', 'POST', '/create-test-user/individuals', testUser.createIndividual],
    ['api-platform-test-user', '1.0', 'POST', '/create-test-user/agents', testUser.createAgent],
    ['api-platform-test-user', '1.0', 'GET', '/create-test-user/services', testUser.services],

    ['agent-authorisation', '2.0', 'POST', '/agents/{arn}/invitations', agents.createInvitation],
    ['agent-authorisation', '2.0', 'GET', '/agents/{arn}/invitations', agents.listInvitations],
    ['agent-authorisation', '2.0', 'GET', '/agents/{arn}/invitations/{invitationId}', agents.getInvitation],
    ['agent-authorisation', '2.0', 'DELETE', '/agents/{arn}/invitations/{invitationId}', agents.cancelInvitation],
    ['agent-authorisation', '2.0', 'POST', '/agents/{arn}/relationships', agents.checkRelationship],
    ['agent-authorisation', '2.0', 'PUT', '/agents/{arn}/deauthorise-client', agents.deauthoriseClient],

    ['mtd-sa-test-support', '1.0', 'POST', '/individuals/self-assessment-test-support/business/{nino}', testSupport.createBusiness],
    ['mtd-sa-test-support', '1.0', 'DELETE', '/individuals/self-assessment-test-support/business/{nino}/{businessId}', testSupport.deleteBusiness],
    ['mtd-sa-test-support', '1.0', 'POST', '/individuals/self-assessment-test-support/itsa-status/{nino}/{taxYear}', testSupport.createAmendItsaStatus],
    ['mtd-sa-test-support', '1.0', 'DELETE', '/individuals/self-assessment-test-support/vendor-state', testSupport.deleteVendorState],
    ['mtd-sa-test-support', '1.0', 'GET', '/individuals/self-assessment-test-support/vendor-state/checkpoints', testSupport.listCheckpoints],
    ['mtd-sa-test-support', '1.0', 'POST', '/individuals/self-assessment-test-support/vendor-state/checkpoints', testSupport.createCheckpoint],
    ['mtd-sa-test-support', '1.0', 'DELETE', '/individuals/self-assessment-test-support/vendor-state/checkpoints/{checkpointId}', testSupport.deleteCheckpoint],
    ['mtd-sa-test-support', '1.0', 'POST', '/individuals/self-assessment-test-support/vendor-state/checkpoints/{checkpointId}/restore', testSupport.restoreCheckpoint],

    ['self-assessment-individual-details', '2.0', 'GET', '/individuals/person/itsa-status/{nino}/{taxYear}', individualDetails.retrieveItsaStatus],

    ...businessDetailsRoutes(ctx),
    ...obligationsRoutes(ctx),
    ...selfEmploymentBusinessRoutes(ctx),
    ...propertyBusinessRoutes(ctx),
    ...bsasRoutes(ctx),
    ...individualLossesRoutes(ctx),
    ...individualCalculationsRoutes(ctx, { calculationDelayMs }),
    ...selfAssessmentAssistRoutes(ctx),
    ...selfAssessmentAccountsRoutes(ctx),
  ];
  for (const [api, version, method, path, handler] of routes) emulator.register(endpointSpec(api, version, method, path), handler);
}
