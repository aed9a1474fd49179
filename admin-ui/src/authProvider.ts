// Signing in to the console: a session cookie set by POST /api/auth/login (HttpOnly, so the console never holds the
// token), checked with /api/auth/me. A 401 signs the user out; a 403 is refused and they stay signed in.
import type { AuthProvider } from 'react-admin';
import { api } from './http';

export interface Me {
  staff: { id: string; email: string; name: string; role: 'admin' | 'manager' | 'preparer' | 'reviewer' };
  permissions: string[];
  expiresAt: string;
}

let me: Promise<Me> | null = null;

export function whoAmI(): Promise<Me> {
  me ??= api<Me>('/auth/me').catch((err: unknown) => {
    me = null;
    throw err;
  });
  return me;
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    me = null;
    await api('/auth/login', { method: 'POST', body: { email: username, password, mode: 'cookie' } });
  },
  async logout() {
    me = null;
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
  },
  async checkAuth() {
    await whoAmI();
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      me = null;
      throw new Error('Your session has ended: sign in again');
    }
    if (error?.status === 403) throw { logoutUser: false, message: 'Your role may not do this' };
  },
  async getIdentity() {
    const { staff } = await whoAmI();
    return { id: staff.id, fullName: `${staff.name} (${staff.role})` };
  },
  async getPermissions() {
    return (await whoAmI()).permissions;
  },
};

/** True when the signed-in role holds the permission (the API checks again; this only hides what would be refused). */
export function holds(permissions: unknown, permission: string): boolean {
  return Array.isArray(permissions) && permissions.includes(permission);
}
