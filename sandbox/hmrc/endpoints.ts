// Endpoint specs for the emulator, read from HMRC's definitions (oas-bundle.json) plus what the OAS does not say.
import { findEndpoint } from './oas';
import type { EndpointSpec } from './platform/pipeline';

/**
 * Endpoints a supporting agent may not call (HMRC README §1.9, `api.supporting-agent-endpoints` in each repo):
 * Individual Calculations, Self Assessment Assist, and Business Details' accounting type.
 */
function mainAgentOnly(api: string, path: string): boolean {
  return api === 'individual-calculations' || api === 'self-assessment-assist' || (api === 'business-details' && path.endsWith('/accounting-type'));
}

/** Agent Authorisation and Create Test User do not need fraud prevention headers; every MTD API does. */
const WITHOUT_FRAUD_HEADERS = new Set(['agent-authorisation', 'api-platform-test-user']);

export function endpointSpec(api: string, version: string, method: string, path: string): EndpointSpec {
  const oas = findEndpoint(api, version, method, path);
  if (!oas) throw new Error(`Emulator bug: HMRC's ${api} ${version} has no ${method} ${path}`);
  return {
    api,
    version,
    method: oas.method,
    path: oas.path,
    scopes: oas.scopes,
    scenarios: oas.govTestScenarios.filter((s) => s !== 'STATEFUL' && s !== 'DEFAULT'),
    access: oas.auth === 'application-restricted' ? 'application' : 'user',
    mainAgentOnly: mainAgentOnly(api, oas.path),
    fraudPreventionHeaders: !WITHOUT_FRAUD_HEADERS.has(api),
    oas,
  };
}
