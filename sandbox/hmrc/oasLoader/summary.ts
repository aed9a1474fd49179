// Counts what a bundle holds, for the bundler's report and the tests.
import { type HmrcOasBundle } from './types';

export interface HmrcOasSummary {
  apis: Array<{ name: string; version: string; endpoints: number; errorExamples: number }>;
  endpoints: number;
  errorExamples: number;
  distinctErrorCodes: number;
  distinctGovTestScenarios: number;
}

export function summarizeHmrcOasBundle(bundle: HmrcOasBundle): HmrcOasSummary {
  const codes = new Set<string>();
  const scenarios = new Set<string>();
  const apis = bundle.apis.map((api) => {
    let errorExamples = 0;
    for (const endpoint of api.endpoints) {
      endpoint.govTestScenarios.forEach((value) => scenarios.add(value));
      for (const response of Object.values(endpoint.responses)) {
        errorExamples += response.errors.length;
        response.errors.forEach((error) => codes.add(error.code));
      }
    }
    return { name: api.name, version: api.version, endpoints: api.endpoints.length, errorExamples };
  });
  return {
    apis,
    endpoints: apis.reduce((sum, api) => sum + api.endpoints, 0),
    errorExamples: apis.reduce((sum, api) => sum + api.errorExamples, 0),
    distinctErrorCodes: codes.size,
    distinctGovTestScenarios: scenarios.size,
  };
}
