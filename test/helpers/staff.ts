// Staff for API tests: a member of staff of each role, signed in with a bearer token (no CSRF to carry), and a small
// caller that sends JSON and reads JSON back.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../api/app';
import { addStaffMember } from '../../api/auth/staffAccounts';
import type { Db } from '../../db/connect';
import type { StaffRole } from '../../db/schema';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

export interface SignedIn {
  staffId: string;
  email: string;
  role: StaffRole;
  token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
}

export async function request(app: App, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const response = await app.request(path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (CSV, HTML): the text itself.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A new member of staff of `role`, signed in by bearer token. */
export async function signedIn(app: App, db: Db, role: StaffRole, name = `Test ${role}`): Promise<SignedIn> {
  const email = `${role}-${randomUUID().slice(0, 8)}@practice.test`;
  const staff = await addStaffMember(db, { email, name, role, password: TEST_PASSWORD }, 'test');
  const login = await request(app, 'POST', '/api/auth/login', { email, password: TEST_PASSWORD, mode: 'bearer' });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  const token = login.body.token as string;
  return {
    staffId: staff.id,
    email,
    role,
    token,
    call: (method, path, body, headers = {}) => request(app, method, path, body, { authorization: `Bearer ${token}`, ...headers }),
  };
}
