// Records which of HMRC's documented error codes a test file has provoked, endpoint by endpoint, and reports the rest.
import { expect } from 'vitest';
import { findApi } from '../../sandbox/hmrc/oas';
import type { CallResult } from './hmrcEmulator';

export class ErrorCoverage {
  private readonly provoked = new Map<string, Set<string>>();

  constructor(
    readonly api: string,
    readonly version: string,
  ) {}

  /** Asserts the answer is HMRC's `code` with `status` (inside an INVALID_REQUEST wrapper too) and records it. */
  provokes(endpointKey: string, result: CallResult, status: number, code: string): void {
    const body = Array.isArray(result.body) ? { errors: result.body } : result.body;
    const codes: string[] = [body?.code, ...(body?.errors ?? []).map((e: { code: string }) => e.code)].filter(Boolean);
    expect(result.status, `${endpointKey} ${code}: ${JSON.stringify(result.body)}`).toBe(status);
    expect(codes, `${endpointKey}: ${JSON.stringify(result.body)}`).toContain(code);
    if (!this.provoked.has(endpointKey)) this.provoked.set(endpointKey, new Set());
    this.provoked.get(endpointKey)!.add(code);
  }

  /** Every documented code of every endpoint of the API that was not provoked, except those listed as unreachable. */
  missing(unreachable: Record<string, string[]> = {}): string[] {
    const api = findApi(this.api, this.version);
    if (!api) throw new Error(`no ${this.api} ${this.version}`);
    const missing: string[] = [];
    for (const endpoint of api.endpoints) {
      const documented = new Set(Object.values(endpoint.responses).flatMap((r) => r.errors.map((e) => e.code)));
      for (const code of documented) {
        if (!this.provoked.get(endpoint.key)?.has(code) && !unreachable[endpoint.key]?.includes(code)) missing.push(`${endpoint.key}: ${code}`);
      }
    }
    return missing;
  }
}
